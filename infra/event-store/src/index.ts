export * from './errors.ts';
export * from './port.ts';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/event-store.ts';
export { EVENTS_CHANNEL } from './postgres/subscription.ts';
export { appendToStream as appendToStreamWith, type Queryable } from './postgres/append.ts';
