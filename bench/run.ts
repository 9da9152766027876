/**
 * `npm run bench`: the tutorial's first scenario on the hemibrain DA1 neuron (1000 ms,
 * dt 0.025 ms, 3 recorders), NeuroWire's core and NEURON 8.2 (finitialize + continuerun of
 * the same model, via tools/neuron/run_case.py) timed in the same invocation, several runs
 * each; medians and the ratio core/NEURON. Then a profile of a step and the memory check
 * (every node recorded for 100 ms); then point networks at connectome scale. Prints a table
 * and one JSON line per benchmark. `npm run bench -- tutorial|record-all|morphology|network|network-worker|network-parallel|network-brian2|network-flywire|edges-load|live-tweak|live-tweak-da1|sweep-da1|fit-recover|kernel-hh|nmodl` runs one part.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { buildCase, runCase, resolveCasePath, REPO, type CaseFile } from '../tools/neuron/case.ts';
import { neuronAvailable, PY, runNeuron } from '../tools/neuron/validate.ts';
import { compileModel } from '../src/core/cable/compile.ts';
import { discretize } from '../src/core/cable/discretize.ts';
import { readSwc } from '../src/core/morphology/swc.ts';
import { reroot, scaleSkeleton, setSoma } from '../src/core/morphology/transform.ts';
import { readConnectors, type ConnectorTable } from '../src/core/morphology/connectors.ts';
import { splitAxonDendrite } from '../src/core/morphology/split.ts';
import { synapseFlow } from '../src/core/morphology/flow.ts';
import { geodesicFrom } from '../src/core/morphology/geodesic.ts';
import { Skeleton, emptyColumns } from '../src/core/morphology/skeleton.ts';
import { createRng } from '../src/core/random.ts';
import { hhAsData, hhAsIR } from '../src/core/cable/mechanisms/hh-kernels.ts';
import { compileMechanism } from '../src/core/nmodl/compile.ts';
import type { MechanismDef } from '../src/core/cable/kernels.ts';
import { SHARED_DATA } from '../tools/shared-data.ts';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};

function tutorialBench(): void {
  let path = resolve(REPO, 'tools/neuron/cases/tutorial-da1.json');
  let file = JSON.parse(readFileSync(path, 'utf8')) as CaseFile;
  let name = 'tutorial-da1';
  if (!existsSync(resolveCasePath(file.morphology.swc, dirname(path)))) {
    console.log('../shared/data is absent: benchmarking the synthetic neuron instead of DA1');
    path = resolve(REPO, 'tools/neuron/cases/tutorial-synthetic.json');
    file = JSON.parse(readFileSync(path, 'utf8')) as CaseFile;
    name = 'tutorial-synthetic';
  }
  const built = buildCase(file, dirname(path));
  runCase(file, built); // warm-up (JIT of the wrapper, wasm tier-up)
  const core: number[] = [];
  for (let r = 0; r < REPS; r++) core.push(runCase(file, built).wallMs);
  let neuron: number[] | null = null;
  if (neuronAvailable()) neuron = runNeuron(path, ['--time', String(REPS)]).meta.times_ms ?? null;
  else console.log('NEURON is not installed (apt-get install -y python3-neuron): no comparison');
  const coreMs = median(core);
  const neuronMs = neuron ? median(neuron) : null;
  const ratio = neuronMs ? coreMs / neuronMs : null;
  console.log(`\n${name}: ${built.sections} sections, ${built.segments} segments, ${file.run.tstop} ms at dt ${file.run.dt} (${Math.round(file.run.tstop / (file.run.dt ?? 0.025))} steps), ${file.pointProcesses.length} AlphaSynapses, ${file.record.length} recorders`);
  console.log('                 median ms   runs (ms)');
  console.log(`NeuroWire core  ${coreMs.toFixed(0).padStart(10)}   ${core.map((x) => x.toFixed(0)).join(' ')}`);
  if (neuron && neuronMs) console.log(`NEURON 8.2      ${neuronMs.toFixed(0).padStart(10)}   ${neuron.map((x) => x.toFixed(0)).join(' ')}`);
  if (ratio !== null) console.log(`ratio core/NEURON: ${ratio.toFixed(3)} (target ≤ 0.2, issue 16)`);

  const steps = Math.round(file.run.tstop / (file.run.dt ?? 0.025));
  const prof = built.engine.profilePhases(steps, file.run.dt);
  const total = Object.values(prof).reduce((a, b) => a + b, 0);
  console.log(`\nprofile: each phase run ${steps} times on its own (sum ${total.toFixed(0)} ms; the rest of a run is recording and bookkeeping)`);
  for (const [k, v] of Object.entries(prof)) console.log(`  ${k.padEnd(40)} ${v.toFixed(0).padStart(6)} ms  ${((100 * v) / total).toFixed(0).padStart(3)} %`);
  console.log(JSON.stringify({ bench: name, core_ms: coreMs, neuron_ms: neuronMs, ratio, sections: built.sections, segments: built.segments }));
}

/** Memory: record every skeleton node of the DA1 neuron for 100 ms at every step. */
function recordAllBench(): void {
  const swc = resolve(REPO, '../shared/data/hemibrain-da1-pns/swc/1734350788.swc');
  if (!existsSync(swc)) {
    console.log('\nrecord-all: skipped (../shared/data is absent)');
    return;
  }
  const sk = reroot(scaleSkeleton(readSwc(readFileSync(swc, 'utf8')).skeleton, 0.008), 20);
  const disc = discretize(sk, { res: 10 });
  const recorders = Array.from(sk.id, (id) => ({ label: String(id), at: { node: id } }));
  const engine = compileModel({
    skeleton: sk,
    discretization: disc,
    Ra: 266.1,
    cm: 0.8,
    mechanisms: [
      { name: 'pas', params: { g: 1 / 20800, e: -60 }, where: 'all' },
      { name: 'hh', where: 'all' },
    ],
    pointProcesses: [{ type: 'IClamp', at: { node: 20 }, params: { del: 5, dur: 50, amp: 0.05 } }],
    recorders,
  });
  const heap0 = process.memoryUsage();
  const res = engine.run({ tstop: 100, v_init: -60 });
  const heap1 = process.memoryUsage();
  const bytes = Object.values(res.traces).reduce((a, t) => a + t.byteLength, 0) + res.t.byteLength;
  console.log(`\nrecord-all: ${recorders.length} nodes × ${res.t.length} samples (100 ms) = ${(bytes / 2 ** 20).toFixed(0)} MiB of traces in ${res.wallMs.toFixed(0)} ms; rss ${(heap1.rss / 2 ** 20).toFixed(0)} MiB (was ${(heap0.rss / 2 ** 20).toFixed(0)})`);
  console.log(JSON.stringify({ bench: 'record-all-da1', nodes: recorders.length, samples: res.t.length, trace_mib: bytes / 2 ** 20, core_ms: res.wallMs, rss_mib: heap1.rss / 2 ** 20 }));
}

/** Point networks: the larva connectome and a generated 25k × 3M network, core vs NEURON (separate processes, so each has its own peak memory). */
function networkBench(): void {
  const dir = mkdtempSync(resolve(tmpdir(), 'neurowire-bench-'));
  const live = neuronAvailable();
  for (const [which, bench] of [
    ['larva', 'network-real'],
    ['generated', 'network-25k'],
  ] as const) {
    if (which === 'larva' && !existsSync(resolve(REPO, '../shared/data/larva-connectome-winding2023/edges.csv'))) {
      console.log('\nnetwork-real: skipped (../shared/data is absent)');
      continue;
    }
    const out = execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/network-run.ts'), which, ...(live ? ['--write', dir] : [])], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const core = JSON.parse(out.trim().split('\n').pop()!) as { neurons: number; edges: number; core_ms: number; first_ms: number; events: number; spikes: number; peak_mib: number; first: Record<string, number[]> };
    let neuron: { run_ms: number; spikes: number; peak_rss_mib: number; first: Record<string, number[]> } | null = null;
    if (live) {
      const o = resolve(dir, `${which}.neuron.json`);
      execFileSync(PY, [resolve(REPO, 'tools/neuron/network_bench.py'), resolve(dir, `${which}.csv`), resolve(dir, `${which}.json`), '-o', o], { stdio: ['ignore', 'ignore', 'ignore'] });
      neuron = JSON.parse(readFileSync(o, 'utf8'));
    }
    const same = neuron ? neuron.spikes === core.spikes && Object.keys(core.first).every((k) => core.first[k].every((t, i) => Math.abs(t - neuron!.first[k][i]) < 1e-9)) : null;
    const ratio = neuron ? core.core_ms / neuron.run_ms : null;
    console.log(`\n${bench}: ${core.neurons} IntFire4 neurons, ${core.edges} edges, background noise 10 Hz on every neuron, 1000 ms`);
    console.log(`  NeuroWire core: ${core.core_ms.toFixed(0)} ms (median of warm runs; first run ${core.first_ms.toFixed(0)} ms), ${core.events} events (${((core.events / core.core_ms) * 1000 / 1e6).toFixed(2)} M/s), ${core.spikes} spikes, peak ${core.peak_mib.toFixed(0)} MiB`);
    if (neuron) console.log(`  NEURON 8.2:     ${neuron.run_ms.toFixed(0)} ms, ${neuron.spikes} spikes (${same ? 'the same spikes' : 'DIFFERENT spikes'}), peak ${neuron.peak_rss_mib.toFixed(0)} MiB; ratio core/NEURON ${ratio!.toFixed(3)} (target ≤ 0.5)`);
    console.log(JSON.stringify({ bench, core_ms: core.core_ms, first_ms: core.first_ms, neuron_ms: neuron?.run_ms ?? null, ratio, events_per_s: (core.events / core.core_ms) * 1000, peak_mib: core.peak_mib, spikes: core.spikes, same_spikes_as_neuron: same }));
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Skeleton analyses on the DA1 neuron and flow on a generated 100,000-node skeleton (medians of repeated runs). */
function morphologyBench(): void {
  const med = (f: () => void, reps = 21) => {
    f();
    const ts: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      f();
      ts.push(performance.now() - t0);
    }
    return median(ts);
  };
  const D = resolve(REPO, '../shared/data/hemibrain-da1-pns');
  if (existsSync(D)) {
    const sk = setSoma(reroot(scaleSkeleton(readSwc(readFileSync(resolve(D, 'swc/1734350788.swc'), 'utf8')).skeleton, 0.008), 20), 20);
    const con = readConnectors(readFileSync(resolve(D, 'synapses/1734350788.csv'), 'utf8'));
    const split = med(() => splitAxonDendrite(sk, con, { cellbodyfiber: 'soma' }));
    const flow = med(() => synapseFlow(sk, con));
    const geo = med(() => geodesicFrom(sk, 20));
    console.log(`\nDA1 1734350788 (${sk.size} nodes, ${con.nodeId.length} connectors), medians of 21 runs: split ${split.toFixed(2)} ms, flow ${flow.toFixed(2)} ms, geodesic distance from the soma to every node ${geo.toFixed(2)} ms`);
    console.log(JSON.stringify({ bench: 'split-da1', ms: split }));
    console.log(JSON.stringify({ bench: 'flow-da1', ms: flow }));
    console.log(JSON.stringify({ bench: 'geodesic-da1', ms: geo }));
  } else console.log('\nsplit-da1: skipped (../shared/data is absent)');
  // A generated 100,000-node tree: mostly long unbranched runs (parent = previous node with
  // probability 0.95, else a random earlier node), with 20,000 random synapses.
  const rng = createRng(5);
  const n = 100000;
  const cols = emptyColumns(n);
  for (let i = 0; i < n; i++) {
    cols.id[i] = i + 1;
    cols.parent[i] = i === 0 ? -1 : rng.uniform() < 0.95 ? i - 1 : rng.int(0, i - 1);
    cols.x[i] = i;
    cols.radius[i] = 0.2;
  }
  const big = new Skeleton(cols, { soma: 0 });
  const m = 20000;
  const bigCon: ConnectorTable = {
    connectorId: Float64Array.from({ length: m }, (_, k) => k),
    nodeId: Int32Array.from({ length: m }, () => rng.int(1, n)),
    type: Uint8Array.from({ length: m }, () => (rng.uniform() < 0.3 ? 0 : 1)),
    x: new Float64Array(m),
    y: new Float64Array(m),
    z: new Float64Array(m),
    roi: new Array<string>(m).fill(''),
    confidence: new Float64Array(m),
  };
  const flow100k = med(() => synapseFlow(big, bigCon), 11);
  console.log(`generated skeleton, ${n} nodes, ${m} synapses: flow ${flow100k.toFixed(1)} ms (median of 11; target < 200 ms)`);
  console.log(JSON.stringify({ bench: 'flow-100k', ms: flow100k }));
}

/** The tutorial case (DA1, or the synthetic neuron without ../shared) and its folder. */
function tutorialCase(): { file: CaseFile; dir: string } {
  let path = resolve(REPO, 'tools/neuron/cases/tutorial-da1.json');
  let file = JSON.parse(readFileSync(path, 'utf8')) as CaseFile;
  if (!existsSync(resolveCasePath(file.morphology.swc, dirname(path)))) {
    path = resolve(REPO, 'tools/neuron/cases/tutorial-synthetic.json');
    file = JSON.parse(readFileSync(path, 'utf8')) as CaseFile;
  }
  return { file, dir: dirname(path) };
}

/**
 * The tutorial run with the built-in hh and with `def` in its place, interleaved (REPS each):
 * medians, ratio and the largest voltage difference. `exact`: rates computed every step
 * (usetable_hh = 0) on both sides.
 */
function hhAgainstBuiltin(def: MechanismDef, exact = false): { builtinMs: number; otherMs: number; ratio: number; dv: number; segments: number; tstop: number } {
  const { file, dir } = tutorialCase();
  const other: CaseFile = { ...file, mechanisms: file.mechanisms.map((m) => (m.name === 'hh' ? { ...m, name: def.name } : m)) };
  const builtin = buildCase(file, dir);
  const replaced = buildCase(other, dir, { [def.name]: def });
  const run = (c: CaseFile, built: typeof builtin) =>
    exact ? built.engine.run({ tstop: c.run.tstop, v_init: c.run.v_init ?? -65, dt: c.run.dt ?? 0.025, celsius: c.run.celsius ?? 6.3, hhUseTable: false }) : runCase(c, built);
  const a = run(file, builtin);
  const b = run(other, replaced);
  let dv = 0;
  for (const label of Object.keys(a.traces)) for (let k = 0; k < a.t.length; k++) dv = Math.max(dv, Math.abs(a.traces[label][k] - b.traces[label][k]));
  const tb: number[] = [];
  const to: number[] = [];
  for (let r = 0; r < REPS; r++) {
    tb.push(run(file, builtin).wallMs);
    to.push(run(other, replaced).wallMs);
  }
  const builtinMs = median(tb);
  const otherMs = median(to);
  return { builtinMs, otherMs, ratio: otherMs / builtinMs, dv, segments: builtin.segments, tstop: file.run.tstop };
}

/**
 * hh through the kernel interface (kernels.ts: catalogue mechanisms, the path .mod files take)
 * vs the built-in hh in WebAssembly, on the tutorial model: as JavaScript kernels stepped around
 * the wasm solver (`kernel-hh`), and as kernel IR compiled to WebAssembly with rates every step
 * against the built-in doing the same (`kernel-ir-hh`).
 */
function kernelHhBench(): void {
  const js = hhAgainstBuiltin(hhAsData());
  console.log(`\nhh through the kernel interface (JavaScript, stepped around the wasm solver) vs built-in hh (WebAssembly), ${js.segments} segments, ${js.tstop} ms`);
  console.log(`built-in ${js.builtinMs.toFixed(0)} ms, kernel ${js.otherMs.toFixed(0)} ms: ratio ${js.ratio.toFixed(2)}; max |ΔV| ${js.dv.toExponential(2)} mV`);
  console.log(JSON.stringify({ bench: 'kernel-hh', builtin_ms: js.builtinMs, kernel_ms: js.otherMs, ratio: js.ratio, max_dv_mv: js.dv }));
  const ir = hhAgainstBuiltin(hhAsIR(), true);
  console.log(`hh as kernel IR compiled to WebAssembly vs built-in hh, both computing rates every step: built-in ${ir.builtinMs.toFixed(0)} ms, IR ${ir.otherMs.toFixed(0)} ms: ratio ${ir.ratio.toFixed(2)}; max |ΔV| ${ir.dv.toExponential(2)} mV`);
  console.log(JSON.stringify({ bench: 'kernel-ir-hh', builtin_ms: ir.builtinMs, ir_ms: ir.otherMs, ratio: ir.ratio, max_dv_mv: ir.dv }));
}

/**
 * NEURON's hh.mod compiled by NeuroWire's NMODL compiler vs the hand-written built-in hh, on the
 * tutorial model (tables on, as NEURON by default), interleaved: `nmodl-hh`; and the time to
 * parse, check and lower the largest zoo file: `nmodl-compile`.
 */
function nmodlBench(): void {
  const zoo = resolve(SHARED_DATA, 'nmodl-zoo/nrn-8.2.2');
  if (!existsSync(resolve(zoo, 'src/nrnoc/hh.mod'))) {
    console.log('../shared/data/nmodl-zoo is absent: no NMODL benchmark');
    return;
  }
  const compiled = compileMechanism(readFileSync(resolve(zoo, 'src/nrnoc/hh.mod'), 'utf8'), 'hh.mod', { allowBuiltinNames: true });
  if (!compiled.ok) throw new Error(`hh.mod does not compile: ${compiled.errors[0].message}`);
  const r = hhAgainstBuiltin({ ...compiled.def, name: 'hh_mod' });
  console.log(`\nhh compiled from NEURON's hh.mod vs the built-in hh, ${r.segments} segments, ${r.tstop} ms: built-in ${r.builtinMs.toFixed(0)} ms, compiled ${r.otherMs.toFixed(0)} ms, ratio ${r.ratio.toFixed(2)} (target ≤ 1.25); max |ΔV| ${r.dv.toExponential(2)} mV`);
  console.log(JSON.stringify({ bench: 'nmodl-hh', builtin_ms: r.builtinMs, compiled_ms: r.otherMs, ratio: r.ratio, max_dv_mv: r.dv }));
  // Compile time of the largest file of the zoo, and of the largest one the generator compiles.
  const files = execFileSync('find', [zoo, '-name', '*.mod'], { encoding: 'utf8' }).trim().split('\n');
  const bySize = files.map((f) => ({ f, n: readFileSync(f, 'utf8').length })).sort((x, y) => y.n - x.n);
  const compiles = (f: string) => compileMechanism(readFileSync(f, 'utf8'), 'x.mod', { allowBuiltinNames: true }).ok;
  for (const [what, pick] of [['largest', bySize[0]], ['largest compiled', bySize.find((x) => compiles(x.f))!]] as const) {
    const text = readFileSync(pick.f, 'utf8');
    const name = pick.f.split('/').pop()!;
    const times: number[] = [];
    for (let k = 0; k < 21; k++) {
      const t0 = performance.now();
      compileMechanism(text, name, { allowBuiltinNames: true });
      times.push(performance.now() - t0);
    }
    const ms = median(times);
    console.log(`compile (parse, check, lower) of the ${what} zoo file, ${name} (${pick.n} characters): ${ms.toFixed(2)} ms median of 21 (target < 50 ms)`);
    console.log(JSON.stringify({ bench: 'nmodl-compile', which: what, file: name, chars: pick.n, ms }));
  }
}

const only = process.argv[2];
if (!only || only === 'kernel-hh') kernelHhBench();
if (!only || only === 'nmodl') nmodlBench();
if (!only || only === 'tutorial') tutorialBench();
if (!only || only === 'record-all') recordAllBench();
if (!only || only === 'morphology') morphologyBench();
if (!only || only === 'network') networkBench();
if (!only || only === 'network-worker') {
  // The generated 25k × 3M network's run block in the CLI's worker against in-thread, spikes checked equal (bench/network-worker.ts).
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/network-worker.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (!only || only === 'network-parallel') {
  // The generated 25k × 3M network on one queue and on 2 worker threads (partitions), spikes checked equal (bench/network-parallel.ts).
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/network-parallel.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (!only || only === 'network-brian2') {
  // The LIF population against Brian2 (cython, noise drawn up front) on the generated 25k × 3M network (bench/network-brian2.ts).
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/network-brian2.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (only === 'network-flywire') {
  // The same at FlyWire's size, 127k × 14.7M (minutes and ~2 GB of files: asked for by name only).
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/network-brian2.ts')], { cwd: REPO, stdio: 'inherit', env: { ...process.env, NW_BRIAN2_FLYWIRE: '1' } });
}
if (!only || only === 'edges-load') {
  // Loading a generated 25k × 3M edge-list CSV the CLI's way, in a child process: seconds and peak bytes per edge (bench/edges-load.ts).
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/edges-load.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (!only || only === 'live-tweak' || only === 'live-tweak-mod') {
  // In a real browser: build the app, then drive it with Playwright (bench/live-tweak.ts).
  execFileSync(process.execPath, [resolve(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/live-tweak.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (!only || only === 'live-tweak-da1') {
  // In a real browser: the DA1 tutorial example, 20 edits streamed to the plot (bench/live-tweak-da1.ts).
  execFileSync(process.execPath, [resolve(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/live-tweak-da1.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (!only || only === 'sweep-da1') {
  // The CLI running a 32-point sweep of the DA1 tutorial with one worker and with the pool (bench/sweep-da1.ts).
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/sweep-da1.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (!only || only === 'fit-recover') {
  // The fit block recovering Ra, cm and g_pas of the passive neuron, one worker against the pool (bench/fit-recover.ts).
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/fit-recover.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (!only || only === 'plot-1000') {
  // In a real browser: the plot panel given 1,000 traces × 40,001 samples (bench/plot-1000.ts).
  execFileSync(process.execPath, [resolve(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/plot-1000.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (!only || only === 'morphology-anim') {
  // In a real browser: a harness page served by Vite's dev server (no build needed), driven by Playwright (bench/morphology-anim.ts).
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/morphology-anim.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (!only || only === 'editor-300') {
  // In a real browser: the editor with a generated 300-block graph: open, pan/zoom frames per second, add a block (bench/editor-300.ts).
  execFileSync(process.execPath, [resolve(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/editor-300.ts')], { cwd: REPO, stdio: 'inherit' });
}
if (!only || only === 'drag-da1') {
  // In a real browser: a 2 s drag of the Ra slider on the DA1 tutorial, main-thread long tasks and redraws (bench/drag-da1.ts).
  execFileSync(process.execPath, [resolve(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench/drag-da1.ts')], { cwd: REPO, stdio: 'inherit' });
}
