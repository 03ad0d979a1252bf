export * from './as-of.ts';
export * from './checkpoints.ts';
export * from './export.ts';
export * from './history.ts';
export * from './merkle.ts';
export * from './replay.ts';
export * from './timeline.ts';
export * from './verify.ts';
