export * from './chat';
export * from './session/account';
export { configureChat, chatServerUrl } from './current';
export type { ChatConfig } from './connection/runtime';
export type { ClientErrorCode, RequestError, Result } from './errors';
export * from './session/devices';
export * from './session/links';
export { openDirect } from './rooms/direct';
export * from './session/profile';
