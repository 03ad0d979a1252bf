export * from './embedded.ts';
export * from './free-port.ts';
export * from './migrations.ts';
export * from './pool.ts';
export * from './server.ts';
