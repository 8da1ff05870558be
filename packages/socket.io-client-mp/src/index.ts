export { createMiniProgramTransport } from './transport';
export type { MiniProgramTransportOptions } from './transport';
export { closeAllSocketTasks, getLiveSocketTaskCount, MAX_SOCKET_TASKS, EXCEED_MAX_CONCURRENT } from './task-registry';
export type {
  ConnectSocket,
  ConnectSocketOptions,
  MiniProgramCallbackResult,
  MiniProgramCallbacks,
  SocketTask,
  SocketTaskCloseEvent,
  SocketTaskCloseOptions,
  SocketTaskMessage,
  SocketTaskSendOptions,
} from './types';
