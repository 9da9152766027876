#!/usr/bin/env node
// The `neurowire` command: runs the TypeScript CLI through tsx (workers load it the same way).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
