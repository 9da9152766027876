// Entry of the Node block worker: register tsx in this thread, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./block-worker.node.ts');
