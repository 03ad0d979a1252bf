export * from './app.ts';
export { IMPORT_BODY_LIMIT_BYTES } from './commands/register-routes.ts';
export * from './config.ts';
export * from './auth/secret.ts';
export * from './auth/tokens.ts';
export * from './bootstrap.ts';
