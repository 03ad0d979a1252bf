export { runDemo, type DemoOptions, type DemoResult } from './run-demo.ts';
