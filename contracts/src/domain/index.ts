export * from './nip.ts';
export * from './primitives.ts';
export * from './tenant-settings.ts';
