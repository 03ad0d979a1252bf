#!/usr/bin/env node
// Runs the TypeScript sources through tsx, like `npm start`, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
