export * from './session';
export * from './connection';
export * from './rooms';
export * from './messages';
export * from './outbox';
export * from './drafts';
export * from './presence';
export { clearPersistedState, storageKeys } from './persist';
