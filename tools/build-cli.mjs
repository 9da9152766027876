// `npm run build:cli`: bundle the CLI and its Node block worker with esbuild (installed with
// tsx), so that `neurowire` starts without compiling TypeScript on every run. Most packages stay
// external (they are in node_modules). bin/neurowire.mjs falls back to the sources when the
// bundle is missing or older than them.
import { build } from 'esbuild';

// ECharts is bundled: loading its ~1,000 separate ESM files takes ~0.7 s, the bundle a fraction.
const external = ['papaparse', 'pure-rand', 'rxjs', 'tsx', 'esbuild'];
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', external, sourcemap: true, logLevel: 'warning' };
// Split: what only some runs need (ECharts, ~60 % of the bundle, for plot SVGs) is a chunk of its
// own, loaded by its dynamic import when a plot is written; start-up then parses ~4 MB less. The
// chunks sit beside the entries: node-runner (a chunk) finds the worker by a relative URL.
await build({ ...common, entryPoints: { neurowire: 'src/cli/main.ts' }, outdir: 'dist-cli', splitting: true, chunkNames: '[name]-[hash]' });
// A network partition's worker (network-parallel.node.ts starts it by the same relative URL).
await build({ ...common, entryPoints: { 'network-part.node': 'src/worker/network-part.node.ts' }, outdir: 'dist-cli', outExtension: { '.js': '.mjs' } });
await build({ ...common, entryPoints: { 'block-worker.node': 'src/worker/block-worker.node.ts' }, outdir: 'dist-cli', outExtension: { '.js': '.mjs' }, splitting: true, chunkNames: '[name]-[hash]' });
