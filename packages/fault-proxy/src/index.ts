export { createFaultProxy } from './proxy';
export type { FaultProxy, FaultProxyOptions } from './proxy';
