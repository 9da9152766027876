import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import type { ModelValue } from '../../nodes/values.ts';
import { activeDendrites, compartmentTutorial } from '../../tools/examples/build.ts';
import { readAssetText } from './assets.ts';
import type { Graph } from './graph.ts';
import { GraphEvaluator } from '../dataflow/evaluator.ts';
import { bytesEvery, confirmMessage, DEFAULT_RUN_LIMITS, estimateCableRun, estimateRun, MOD_MECHANISM_WEIGHT, ordinal, overLimits, placementsOf, placementTotals, recordEveryUnder, runQuestion, type RunEstimate } from './run-estimate.ts';

async function tutorialModel(): Promise<ModelValue> {
  const ev = new GraphEvaluator(compartmentTutorial() as unknown as ConstructorParameters<typeof GraphEvaluator>[0], { blockDef, readText: async () => '' });
  const o = await ev.value('rec_soma');
  if (!o.ok) throw new Error(o.message);
  return o.values.model as ModelValue;
}

describe('run estimate', () => {
  it('counts steps, segments (the real discretization has 76) and trace bytes of the tutorial run, under the limits', async () => {
    const model = await tutorialModel();
    const e = estimateCableRun(model, { tstop: 1000, dt: 0.025, recordEvery: 1 });
    expect(e.steps).toBe(40000);
    // The tutorial model's discretization has 76 segments (res 10 µm).
    expect(e.segments).toBe(76);
    expect(e.recordedBytes).toBe(40001 * (model.recorders.length + 1) * 8);
    expect(overLimits(e, DEFAULT_RUN_LIMITS)).toBe(false);
  });

  it('weighs each .mod mechanism (their kernels cost ~10 built-in segment-steps): active-dendrites at res 0.01 µm asks first', async () => {
    const graph = activeDendrites() as unknown as Graph;
    const ev = new GraphEvaluator(graph as unknown as ConstructorParameters<typeof GraphEvaluator>[0], { blockDef, readText: async (ref) => readAssetText(graph, ref) });
    const o = await ev.value('rec_ih');
    if (!o.ok) throw new Error(o.message);
    const model = o.values.model as ModelValue;
    const e = estimateCableRun(model, { tstop: 60, dt: 0.025 });
    expect(e.segmentSteps).toBe(2400 * e.segments * (1 + 6 * MOD_MECHANISM_WEIGHT));
    expect(overLimits(e, DEFAULT_RUN_LIMITS)).toBe(false);
    // A thousandfold finer discretization: tens of thousands of segments × 61 units of work per step.
    const fine = estimateCableRun({ ...model, discretization: { ...model.discretization, res: 0.01 } }, { tstop: 60, dt: 0.025 });
    expect(overLimits(fine, DEFAULT_RUN_LIMITS)).toBe(true);
    ev.dispose();
  });

  // Bounded time: an estimate that walked the steps (1e303 of them) would never end; the test's
  // own timeout fails it then (a wall-clock bound here failed on a loaded machine).
  it('asks for dt = 1e-300, tstop = 1e9 and nseg = 1e6, in bounded time, with numbers in words', { timeout: 20_000 }, async () => {
    const model = await tutorialModel();
    const tiny = estimateRun('model', { model }, { tstop: 1000, dt: 1e-300 })!;
    const long = estimateRun('model', { model }, { tstop: 1e9, dt: 0.025 })!;
    const fine = estimateRun('model', { model: { ...model, discretization: { nseg: 1e6 } } }, { tstop: 100, dt: 0.025 })!;
    for (const e of [tiny, long, fine]) expect(overLimits(e, DEFAULT_RUN_LIMITS)).toBe(true);
    expect(tiny.steps).toBe(1e303);
    expect(confirmMessage(tiny, 'model')).toMatch(/^this run needs ~1\.0e\+303 steps × \d+ segments \(~more than a century, [\d.e+]+ GB of traces\): Run anyway\?/);
    expect(confirmMessage(long, 'model')).toBe('this run needs ~4.0e+10 steps × 76 segments (~25.3 h, 1,280 GB of traces): Run anyway? (or change dt, the duration or the model)');
    expect(estimateRun('network', {}, { duration: 1e7, dt: 1e-9 })!.steps).toBe(1e16);
    expect(estimateRun(undefined, {}, {})).toBeNull();
  });
});

/** A cable run's estimate by hand: `steps` steps, `traces` recorders, every `every`th step kept. */
function hand(steps: number, traces: number, every = 1, segments = 1249): RunEstimate {
  const recordedBytes = (Math.floor(steps / every) + 1) * (traces + 1) * 8;
  return { steps, segments, segmentSteps: steps * segments, recordedBytes, seconds: 1, traces, every };
}

/** A model with n recorders and m point processes (the guards count only the lists). */
const parts = (n: number, m: number) => ({ recorders: new Array<unknown>(n).fill({}), pointProcesses: new Array<unknown>(m).fill({}) }) as unknown as ModelValue;

describe('guards: node counts and memory', () => {
  it('defaults: 2e9 segment-steps, 200 MB of traces, 50 nodes per recorder or stimulus', () => {
    expect(DEFAULT_RUN_LIMITS).toEqual({ segmentSteps: 2e9, recordedBytes: 200e6, placedNodes: 50 });
  });

  it('the recordEvery under the memory limit, by hand', () => {
    // DA1, 1000 ms at dt 0.025 (40,000 steps), 684 recorders: 40,001 × 685 × 8 = 219,205,480 B.
    const da1 = hand(40000, 684);
    expect(da1.recordedBytes).toBe(219_205_480);
    // floor(2e8 / 5480) = 36,496 samples at most → every 2nd step (20,001 samples, 109,605,480 B).
    expect(recordEveryUnder(da1, 200e6)).toBe(2);
    expect(bytesEvery(da1, 2)).toBe(109_605_480);
    // 3 recorders under 0.5 MB: 15,625 samples at most; every 2nd keeps 20,001 (640,032 B, over), every 3rd 13,334 (426,688 B).
    const three = hand(40000, 3);
    expect(recordEveryUnder(three, 0.5e6)).toBe(3);
    expect(bytesEvery(three, 2)).toBe(640_032);
    expect(bytesEvery(three, 3)).toBe(426_688);
    // Exactly at the limit is within it: 40,001 × 4 × 8 = 1,280,032 B.
    expect(recordEveryUnder(three, 1_280_032)).toBe(1);
    // Fewer than two samples fit (16 B for 2 columns): no sampling helps.
    expect(recordEveryUnder(hand(40000, 1), 31)).toBeNull();
    expect(recordEveryUnder({ ...three, traces: undefined }, 1e3)).toBeNull();
    expect(recordEveryUnder(hand(Infinity, 3), 1e6)).toBeNull();
  });

  it('what each block of a model chain placed, from the growth of its lists', () => {
    const m0 = parts(0, 0);
    const m1 = parts(0, 20); // 20 synapses
    const m2 = parts(3, 20); // 3 recorders
    const m3 = parts(687, 20); // a recorder on 684 nodes
    const chain = [
      { id: 'model', title: 'Compartment model', input: null, output: m0 },
      { id: 'syn', title: 'Synaptic current', input: m0, output: m1 },
      { id: 'rec3', title: 'Voltage recorder', input: m1, output: m2 },
      { id: 'mute', title: 'Voltage recorder', input: m2, output: m2 },
      { id: 'rec', title: 'Voltage recorder', input: m2, output: m3 },
    ];
    expect(placementsOf(chain)).toEqual([
      { block: 'syn', title: 'Synaptic current', what: 'stimulates', nodes: 20 },
      { block: 'rec3', title: 'Voltage recorder', what: 'records', nodes: 3 },
      { block: 'rec', title: 'Voltage recorder', what: 'records', nodes: 684 },
    ]);
    expect(placementTotals(m3)).toEqual([
      { block: '', title: '', what: 'records', nodes: 687 },
      { block: '', title: '', what: 'stimulates', nodes: 20 },
    ]);
  });

  it('the question: the blocks over the node limit, the memory with the recordEvery that fits, or nothing', () => {
    const rec = { block: 'rec', title: 'Voltage recorder', what: 'records' as const, nodes: 684 };
    const clamp = { block: 'ic', title: 'Current clamp', what: 'stimulates' as const, nodes: 51 };
    const small = { block: 'syn', title: 'Synaptic current', what: 'stimulates' as const, nodes: 50 };
    const da1 = hand(40000, 684);
    expect(runQuestion(da1, 'model', DEFAULT_RUN_LIMITS, [rec, small])).toEqual({
      message: "Voltage recorder 'rec' records 684 nodes (limit 50); this run would keep 219 MB of traces (limit 200 MB): Run anyway, or record every 2nd sample (110 MB)?",
      placed: [rec],
      recordEvery: 2,
    });
    // 100 ms: 4,001 × 685 × 8 = 21.9 MB, under; the two blocks over 50 nodes ask.
    expect(runQuestion(hand(4000, 684), 'model', DEFAULT_RUN_LIMITS, [rec, clamp, small])?.message).toBe(
      "Voltage recorder 'rec' records 684 nodes (limit 50); Current clamp 'ic' stimulates 51 nodes (limit 50): Run anyway?",
    );
    // The memory alone; then the model's totals when the blocks are not known.
    expect(runQuestion(da1, 'model', { ...DEFAULT_RUN_LIMITS, placedNodes: 1000 }, [rec])?.message).toBe('this run would keep 219 MB of traces (limit 200 MB): Run anyway, or record every 2nd sample (110 MB)?');
    expect(runQuestion(hand(4000, 687), 'model', DEFAULT_RUN_LIMITS, placementTotals(parts(687, 20)))?.message).toBe('the model records 687 traces (limit 50): Run anyway?');
    // Within every limit: no question; no node limit: no node question.
    expect(runQuestion(hand(40000, 3), 'model', DEFAULT_RUN_LIMITS, [small])).toBeNull();
    expect(runQuestion(hand(4000, 684), 'model', { segmentSteps: 2e9, recordedBytes: 200e6 }, [rec])).toBeNull();
    // Too long a run keeps its words (they name the memory too), after the blocks.
    const long = hand(4e10, 684, 1, 76);
    expect(runQuestion(long, 'model', DEFAULT_RUN_LIMITS, [rec])).toEqual({ message: `Voltage recorder 'rec' records 684 nodes (limit 50); ${confirmMessage(long, 'model')}`, placed: [rec], recordEvery: null });
  });

  it('ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 103, 111, 1000].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '103rd', '111th', '1,000th']);
  });
});
