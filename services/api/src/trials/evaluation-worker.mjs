// Worker thread entry: registers the TypeScript loader, then runs the evaluation,
// so the statistics never block the server's event loop.
import { register } from 'tsx/esm/api';

register();
await import('./evaluation-worker-main.ts');
