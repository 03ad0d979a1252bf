export * from './runtime/generations.ts';
export * from './runtime/manager.ts';
export * from './runtime/projection.ts';
export * from './runtime/projector.ts';
export * from './workdays/derive.ts';
export { workdaysProjection } from './workdays/projection.ts';
export * from './runtime/catch-up.ts';
