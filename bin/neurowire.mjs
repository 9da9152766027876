#!/usr/bin/env node
// The `neurowire` command. Runs the bundle in dist-cli/ (npm run build:cli, done by npm
// install) when it is newer than every source file; otherwise the TypeScript sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist-cli', 'neurowire.js');

function newestSource(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

try {
  const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'nodes')));
  if (fresh) {
    await import(bundle);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('../src/cli/main.ts');
  }
} catch (e) {
  // The command could not even load (a broken install or source): exit status 3 in one line, as main.ts does.
  process.stderr.write(`internal error: ${String(e?.message ?? e).split('\n')[0]} (please report; run with NEUROWIRE_DEBUG=1 for the stack)\n`);
  if (process.env.NEUROWIRE_DEBUG === '1' && e?.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(3);
}
