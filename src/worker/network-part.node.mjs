// Entry of a Node network partition worker: register tsx in this thread, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./network-part.node.ts');
