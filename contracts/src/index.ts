export * from './position.ts';
export * from './envelope.ts';
export * from './event-registry.ts';
