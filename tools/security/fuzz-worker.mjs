// Entry of a fuzz child process: register tsx here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./fuzz-worker.ts');
