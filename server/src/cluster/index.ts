export { createCluster, DEFAULT_NODE_TTL_MS, DEFAULT_PREFIX } from './cluster';
export type { Cluster, ClusterOptions } from './cluster';
export { deleteKeys, describeRedisUrl, openRedis } from './redis';
