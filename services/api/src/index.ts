export * from './app.ts';
export * from './config.ts';
export * from './auth/secret.ts';
export * from './auth/tokens.ts';
export * from './bootstrap.ts';
