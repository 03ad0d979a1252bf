export { runDemo, type DemoOptions, type DemoResult } from './run-demo.ts';
export { MIN_EMPLOYEES } from './world.ts';
