export { createMetrics } from './registry';
export type { Metrics, Transport } from './registry';
export { timedStore } from './timed-store';
