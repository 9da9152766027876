// `npm run build:cli`: bundle the CLI and its Node block worker with esbuild (installed with
// tsx), so that `neurowire` starts without compiling TypeScript on every run. Most packages stay
// external (they are in node_modules). bin/neurowire.mjs falls back to the sources when the
// bundle is missing or older than them.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

// ECharts is bundled: loading its ~1,000 separate ESM files takes ~0.7 s, the bundle a fraction.
// The packages are bundled too: Node imports a CommonJS package from ESM by scanning its source
// (and every file it re-exports) for export names, in each thread that imports it: rxjs's
// CommonJS build (Node's condition in its exports) took ~100 ms of every start-up.
const external = ['tsx', 'esbuild'];
// rxjs's ES module build, which the bundler can tree-shake (its exports give Node the CommonJS one).
const rxjsEsm = {
  name: 'rxjs-esm',
  setup(b) {
    b.onResolve({ filter: /^rxjs$/ }, () => ({ path: fileURLToPath(new URL('../node_modules/rxjs/dist/esm/index.js', import.meta.url)) }));
  },
};
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', external, plugins: [rxjsEsm], sourcemap: true, logLevel: 'warning' };
// Split: what only some runs need (ECharts, ~60 % of the bundle, for plot SVGs) is a chunk of its
// own, loaded by its dynamic import when a plot is written; start-up then parses ~4 MB less. The
// chunks sit beside the entries: node-runner (a chunk) finds the worker by a relative URL.
await build({ ...common, entryPoints: { neurowire: 'src/cli/main.ts' }, outdir: 'dist-cli', splitting: true, chunkNames: '[name]-[hash]' });
// A network partition's worker (network-parallel.node.ts starts it by the same relative URL).
await build({ ...common, entryPoints: { 'network-part.node': 'src/worker/network-part.node.ts' }, outdir: 'dist-cli', outExtension: { '.js': '.mjs' } });
await build({ ...common, entryPoints: { 'block-worker.node': 'src/worker/block-worker.node.ts' }, outdir: 'dist-cli', outExtension: { '.js': '.mjs' }, splitting: true, chunkNames: '[name]-[hash]' });
