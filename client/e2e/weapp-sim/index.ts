export { MiniProgram } from './mini-program';
export type { LaunchOptions } from './mini-program';
export type { ViewNode } from './view';
export type { SocketTask } from './socket-task';
export { MAX_SOCKET_TASKS } from './sockets';
export type { StorageBackend } from './storage';
