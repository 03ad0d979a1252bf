export * from './position.ts';
export * from './envelope.ts';
export * from './event-registry.ts';
export * from './domain/index.ts';
export * from './events/index.ts';
export * from './errors.ts';
export * from './commands/index.ts';
export * from './validation-messages.ts';
