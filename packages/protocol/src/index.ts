export * from './limits';
export * from './errors';
export * from './entities';
export * from './requests';
export * from './events';
export * from './http';
export * from './accounts';
export * from './sessions';
