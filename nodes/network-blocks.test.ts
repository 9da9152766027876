import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CoreError } from '../src/core/errors.ts';
import { sameValue } from '../src/dataflow/equality.ts';
import { figureSvg, loadEcharts } from '../src/cli/outputs.ts';
import { beforeAll } from 'vitest';

beforeAll(async () => {
  await loadEcharts();
});
import { PointNetwork } from '../src/core/network/network.ts';
import { NETWORK_BLOCKS } from './catalogue-network.ts';
import { edgeListBlock } from './edge-list.ts';
import { pointNetworkBlock } from './point-network.ts';
import { stimulusBlock } from './stimulus.ts';
import { backgroundNoiseBlock } from './background-noise.ts';
import { runNetworkBlock } from './run-network.ts';
import { rasterPlotBlock } from './raster-plot.ts';
import { ratePlotBlock } from './rate-plot.ts';
import { spikeTableBlock } from './spike-table.ts';
import { tableCsv } from './csv.ts';
import type { BlockDef, ComputeContext, Inputs, Params } from './types.ts';
import type { EdgesValue, FigureValue, NetworkValue, SpikesValue, TableValue } from './values.ts';
import { sharedPath } from '../tools/shared-data.ts';
import { computeChecked } from './test-context.ts';

const LARVA_DIR = sharedPath('larva-connectome-winding2023');
const LARVA = resolve(LARVA_DIR, 'edges.csv');

// NEURON 8.2.2's spike times of the tutorial network's neuron C (tools/neuron/EVENTS.md §8).
const C = [
  130.00674825331026, 143.55442386910315, 159.25725470800066, 175.17068463165316, 189.37079174813167, 206.2992622505119, 221.09017582047704, 234.8238938849325, 249.38447491963274,
  266.5155820717049, 282.5646656939572, 294.97362236370657, 309.84332289411503, 326.9788337352348, 341.37268972653067, 356.268131678909, 370.8629618440497, 387.74362933701264, 400.8465955141128,
  417.1565002358742, 433.7072460957865, 447.2164856656723, 460.85362693566077, 477.4340405713228, 494.19380073280644, 508.0662048714259, 521.6365635783353, 538.1183921148854, 553.1525890854963,
  568.1737166430146, 583.0841270001836, 599.1294085673964, 612.3444940612343, 908.0568090015596, 924.1701547136978, 938.8191627796658, 954.01881861457, 969.7239271093874, 983.5315035584504,
  998.6432812265765,
];

// navis's get_spike_counts on those spikes (EVENTS.md §7, probe f): bins [0, 100), …, plus a
// last bin [1000, 1100] that navis adds because NEURON's final t (1000.0000000014466) is
// above tstop. Only the first ten bins exist here (bins cover [0, tstop)); the eleventh is 0
// in navis for every neuron.
const NAVIS_COUNTS_100 = {
  A: [0, 11, 12, 12, 12, 12, 11, 12, 12, 12, 0],
  B: [0, 0, 0, 0, 0, 0, 11, 12, 0, 0, 0],
  C: [0, 5, 7, 6, 7, 7, 1, 0, 0, 7, 0],
};
const NAVIS_COUNTS_50 = {
  A: [0, 0, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 5, 6, 6, 6, 6, 6, 6, 0],
  B: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 6, 6, 6, 0, 0, 0, 0, 0],
  C: [0, 0, 2, 3, 4, 3, 3, 3, 4, 3, 3, 4, 1, 0, 0, 0, 0, 0, 3, 4, 0],
};

interface CtxOptions {
  files?: Record<string, string>;
  signal?: AbortSignal;
  progress?: (f: number) => void;
}

/** A compute context: files from a map (or, for absolute paths, from disk), no-op progress. */
function ctx(o: CtxOptions = {}): ComputeContext {
  return {
    signal: o.signal ?? new AbortController().signal,
    nodeId: 'test-block',
    progress: o.progress ?? (() => {}),
    readText: async (ref) => {
      if (o.files && ref in o.files) return o.files[ref];
      if (ref.startsWith('/')) return readFileSync(ref, 'utf8');
      throw new Error(`no such file: ${ref}`);
    },
  };
}

/** The block's defaults overridden by `over`, as the evaluator resolves them. */
function params(def: BlockDef, over: Params = {}): Params {
  const p: Params = {};
  for (const s of def.params) p[s.name] = s.default as Params[string];
  return { ...p, ...over };
}

async function run(def: BlockDef, inputs: Inputs, over: Params = {}, c: ComputeContext = ctx()): Promise<Record<string, unknown>> {
  // Every block must leave its inputs as they were: compare a deep copy taken before.
  const before = structuredClone(inputs);
  const out = await computeChecked(def, inputs, params(def, over), c);
  // sameValue (the evaluator's structural equality) rather than toEqual: fast on big typed arrays.
  expect(sameValue(inputs, before)).toBe(true);
  return out;
}

async function edges(over: Params = {}, c?: ComputeContext): Promise<EdgesValue> {
  return (await run(edgeListBlock, {}, over, c)).edges as EdgesValue;
}
async function network(e: EdgesValue, over: Params = {}, c?: ComputeContext): Promise<NetworkValue> {
  return (await run(pointNetworkBlock, { edges: e }, over, c)).network as NetworkValue;
}
async function stimulus(net: NetworkValue, over: Params = {}): Promise<NetworkValue> {
  return (await run(stimulusBlock, { network: net }, over)).network as NetworkValue;
}
async function simulate(net: NetworkValue, over: Params = {}, c?: ComputeContext): Promise<SpikesValue> {
  return (await run(runNetworkBlock, { network: net }, over, c)).spikes as SpikesValue;
}

/** The tutorial's network, built only with the blocks. */
async function tutorialNetwork(labelsFile?: string, files?: Record<string, string>): Promise<NetworkValue> {
  const e = await edges({ source: 'tutorial' });
  let net = await network(e, { model: 'IntFire4', labels: labelsFile ?? '' }, ctx({ files }));
  net = await stimulus(net, { neurons: 'A', start: 100, stop: 1000, frequency: 100, randomness: 0 });
  net = await stimulus(net, { neurons: 'B', start: 600, stop: 800, frequency: 100, randomness: 0 });
  return net;
}

/** Parse a CSV of a header and numeric/text fields (no quoting needed in these tests). */
function parseCsv(csv: string): { head: string[]; rows: string[][] } {
  const lines = csv.trimEnd().split('\n');
  return { head: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<CoreError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    return e as CoreError;
  }
  throw new Error('expected a CoreError');
}

describe('network block definitions', () => {
  it('are listed once each, with a unit, default, range and help for every parameter', () => {
    expect(NETWORK_BLOCKS.map((b) => b.type)).toEqual(['edge-list', 'point-network', 'stimulus', 'background-noise', 'run-network', 'lif-network', 'raster-plot', 'rate-plot', 'spike-table']);
    for (const b of NETWORK_BLOCKS) {
      const names = b.params.map((p) => p.name);
      expect(new Set(names).size, b.type).toBe(names.length);
      for (const p of b.params) {
        const where = `${b.type}.${p.name}`;
        expect(p.help.length, where).toBeGreaterThan(10);
        if (p.kind === 'number') {
          expect(typeof p.unit, where).toBe('string');
          expect(p.min, where).toBeTypeOf('number');
          expect(p.max, where).toBeTypeOf('number');
          expect(p.default >= p.min! && p.default <= p.max!, where).toBe(true);
        }
        if (p.kind === 'enum') expect(p.options, where).toContain(p.default);
        if (p.visibleWhen) {
          const other = b.params.find((q) => q.name === p.visibleWhen!.param);
          expect(other, where).toBeDefined();
          if (other?.kind === 'enum') for (const v of p.visibleWhen.equals) expect(other.options, where).toContain(v);
        }
      }
    }
    expect(runNetworkBlock.heavy).toBe(true);
    expect([rasterPlotBlock, ratePlotBlock, spikeTableBlock].every((b) => b.sink)).toBe(true);
  });
});

describe("the tutorial's network, built with the blocks", () => {
  it("gives NEURON 8.2's spike times (C to 1e-9 ms; A 106, B 23 spikes)", async () => {
    const net = await tutorialNetwork();
    expect(net.names).toEqual(['A', 'B', 'C']);
    expect(net.labels).toEqual(['A', 'B', 'C']);
    expect(net.model).toBe('IntFire4');
    expect(net.params).toEqual({ taue: 5, taui1: 10, taui2: 20, taum: 50 });
    expect(net.edges.delay).toBe(5);
    expect(net.stimuli.map((s) => [s.neurons, s.start, s.stop, s.duration, s.frequency, s.randomness])).toEqual([
      [[0], 100, 1000, undefined, 100, 0],
      [[1], 600, 800, undefined, 100, 0],
    ]);
    const sp = await simulate(net, { duration: 1000 });
    expect(sp.spikes.map((s) => s.length)).toEqual([106, 23, 40]);
    for (let k = 0; k < C.length; k++) expect(Math.abs(sp.spikes[2][k] - C[k])).toBeLessThan(1e-9);
    // First and last spikes of A and B (EVENTS.md §8).
    expect(Math.abs(sp.spikes[0][0] - 110.07107873180422)).toBeLessThan(1e-9);
    expect(Math.abs(sp.spikes[0][105] - 992.4657575073811)).toBeLessThan(1e-9);
    expect(Math.abs(sp.spikes[1][0] - 610.0710787318043)).toBeLessThan(1e-9);
    expect(Math.abs(sp.spikes[1][22] - 793.1328858310832)).toBeLessThan(1e-9);
    expect(sp.tstop).toBe(1000);
    expect(sp.tFinal).toBe(1000.0000000014466);
    expect(sp.stimuli).toEqual([
      { label: 'A 100 Hz', start: 100, stop: 1000, neurons: [0] },
      { label: 'B 100 Hz', start: 600, stop: 800, neurons: [1] },
    ]);
  });

  it('the same spikes with stimuli given by duration, and for dt 0.1 (artificial cells see exact event times)', async () => {
    const e = await edges();
    let net = await network(e, { model: 'IntFire4' });
    net = await stimulus(net, { neurons: 'A', start: 100, stop: null, duration: 900 });
    net = await stimulus(net, { neurons: 'B', start: 600, stop: 0, duration: 200 });
    const sp = await simulate(net, { dt: 0.1 });
    expect(sp.spikes.map((s) => s.length)).toEqual([106, 23, 40]);
    for (let k = 0; k < C.length; k++) expect(Math.abs(sp.spikes[2][k] - C[k])).toBeLessThan(1e-9);
    expect(sp.tFinal).toBe(999.9999999996382);
  });

  it("rate plot at bin 100 ms: the counts are navis's get_spike_counts where the bins coincide (the first ten)", async () => {
    const sp = await simulate(await tutorialNetwork());
    const fig = (await run(ratePlotBlock, { spikes: sp }, { bin: 100 })).figure as FigureValue;
    expect(fig.kind).toBe('figure');
    expect(fig.figure).toBe('rates');
    const { head, rows } = parseCsv(fig.csv);
    expect(head).toEqual(['t', 'A', 'B', 'C']);
    // Bin centres; navis labels its columns by bin edges, the counts in them are what compares.
    expect(rows.map((r) => Number(r[0]))).toEqual([50, 150, 250, 350, 450, 550, 650, 750, 850, 950]);
    (['A', 'B', 'C'] as const).forEach((n, j) => {
      const counts = rows.map((r) => (Number(r[j + 1]) * 100) / 1000);
      // navis's 11th bin [1000, 1100] only holds spikes in [1000, NEURON's final t]: none here.
      expect(counts).toEqual(NAVIS_COUNTS_100[n].slice(0, 10));
      expect(NAVIS_COUNTS_100[n][10]).toBe(0);
    });
    // plot_traces(bin_size=100) rates of C in Hz (EVENTS.md §7), same ten bins.
    expect(rows.map((r) => Number(r[3]))).toEqual([0.0, 50.0, 70.0, 60.0, 70.0, 70.0, 10.0, 0.0, 0.0, 70.0]);
  });

  it("rate plot at bin 50 ms: navis's counts in the first twenty bins", async () => {
    const sp = await simulate(await tutorialNetwork());
    const fig = (await run(ratePlotBlock, { spikes: sp }, { bin: 50 })).figure as FigureValue;
    const { rows } = parseCsv(fig.csv);
    expect(rows.length).toBe(20);
    (['A', 'B', 'C'] as const).forEach((n, j) => expect(rows.map((r) => (Number(r[j + 1]) * 50) / 1000)).toEqual(NAVIS_COUNTS_50[n].slice(0, 20)));
  });

  it('rate plot: a centred rolling mean, and mean ± s.e.m. per label with a band', async () => {
    const sp = await simulate(await tutorialNetwork());
    const smooth = (await run(ratePlotBlock, { spikes: sp }, { bin: 100, window: 3 })).figure as FigureValue;
    const c = parseCsv(smooth.csv).rows.map((r) => Number(r[3]));
    // counts of C 0 5 7 6 …: centred 3-bin means, 2-bin at the ends (Hz = counts · 10).
    expect(c[0]).toBeCloseTo(((0 + 5) / 2) * 10, 12);
    expect(c[1]).toBeCloseTo(((0 + 5 + 7) / 3) * 10, 12);
    expect(c[9]).toBeCloseTo(((0 + 7) / 2) * 10, 12);

    const labelled = { ...sp, labels: ['input', 'input', 'output'] };
    const grouped = (await run(ratePlotBlock, { spikes: labelled }, { bin: 100, group: true })).figure as FigureValue;
    const { head, rows } = parseCsv(grouped.csv);
    expect(head).toEqual(['t', 'input mean', 'input sem', 'output mean', 'output sem']);
    const k = 6; // bin [600, 700): A 11, B 11 spikes → 110 Hz both; C 1 spike.
    expect(Number(rows[k][1])).toBe(110);
    expect(Number(rows[k][2])).toBe(0);
    const k2 = 1; // bin [100, 200): A 110 Hz, B 0 → mean 55, s.e.m. = sd/√2 = 55.
    expect(Number(rows[k2][1])).toBe(55);
    expect(Number(rows[k2][2])).toBeCloseTo(55, 12);
    expect(Number(rows[k2][3])).toBe(50);
    const series = (grouped.option.series as Array<{ name: string; stack?: string }>).map((s) => s.name);
    // A band for the group of two (its lower edge stops at 0 Hz), none for the single neuron.
    expect(series).toEqual(['input − sem', 'input ± sem', 'input (n = 2)', 'output (n = 1)']);
    const band = grouped.option.series as Array<{ data: number[][] }>;
    expect(band[0].data[k2]).toEqual([150, 0]);
    expect(band[1].data[k2][1]).toBeCloseTo(110, 12);
    expect(figureSvg(grouped)).toContain('input (n = 2)');
  });

  it('raster plot: ticks at the spike times, CSV `label,t` in full precision, stimulus windows shaded on their rows', async () => {
    const sp = await simulate(await tutorialNetwork());
    const fig = (await run(rasterPlotBlock, { spikes: sp }, { title: 'Tutorial' })).figure as FigureValue;
    expect(fig.figure).toBe('raster');
    expect(fig.title).toBe('Tutorial');
    const { head, rows } = parseCsv(fig.csv);
    expect(head).toEqual(['label', 't']);
    expect(rows.length).toBe(106 + 23 + 40);
    const c = rows.filter((r) => r[0] === 'C').map((r) => Number(r[1]));
    // Shortest round-trip text: the numbers come back bit for bit.
    expect(c).toEqual(Array.from(sp.spikes[2]));
    for (let k = 0; k < C.length; k++) expect(Math.abs(c[k] - C[k])).toBeLessThan(1e-9);
    const series = fig.option.series as Array<{ data: number[][]; markArea?: { data: Array<Array<{ xAxis: number; yAxis: number; name?: string }>> } }>;
    expect(series[0].data.length).toBe(169);
    expect(series[0].data.filter((d) => d[1] === 2).map((d) => d[0])).toEqual(Array.from(sp.spikes[2]));
    expect(series[1].markArea!.data).toEqual([
      [
        { name: 'A 100 Hz', xAxis: 100, yAxis: -0.5 },
        { xAxis: 1000, yAxis: 0.5 },
      ],
      [
        { name: 'B 100 Hz', xAxis: 600, yAxis: 0.5 },
        { xAxis: 800, yAxis: 1.5 },
      ],
    ]);
    // The option is what ECharts draws: the CLI's SVG renderer shows the ticks and the windows.
    const svg = figureSvg(fig);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('A 100 Hz');
    expect(svg).toContain('Tutorial');
    const unshaded = (await run(rasterPlotBlock, { spikes: sp }, { shade: false })).figure as FigureValue;
    expect((unshaded.option.series as Array<{ markArea: { data: unknown[] } }>)[1].markArea.data).toEqual([]);
    // Rows by label or by name.
    const labelled = { ...sp, labels: ['in', 'in', 'out'] };
    const byLabel = (await run(rasterPlotBlock, { spikes: labelled }, { labels: true })).figure as FigureValue;
    const byName = (await run(rasterPlotBlock, { spikes: labelled }, { labels: false })).figure as FigureValue;
    expect((byLabel.option.yAxis as Array<{ data?: string[] }>)[0].data).toEqual(['in', 'in', 'out']);
    expect((byName.option.yAxis as Array<{ data?: string[] }>)[0].data).toEqual(['A', 'B', 'C']);
  });

  it('spike table: count, mean rate and first spike per neuron', async () => {
    const sp = await simulate(await tutorialNetwork());
    const t = (await run(spikeTableBlock, { spikes: sp })).table as TableValue;
    expect(t.kind).toBe('table');
    expect(t.columns.neuron).toEqual(['A', 'B', 'C']);
    expect(t.columns.label).toEqual(['A', 'B', 'C']);
    expect(Array.from(t.columns.spikes as Float64Array)).toEqual([106, 23, 40]);
    expect(Array.from(t.columns['mean rate (Hz)'] as Float64Array)).toEqual([106, 23, 40]);
    expect(t.columns['first spike (ms)'][2]).toBe(sp.spikes[2][0]);
    expect(Math.abs((t.columns['first spike (ms)'][2] as number) - 130.00674825331026)).toBeLessThan(1e-9);
    const silent = { ...sp, spikes: [sp.spikes[0], new Float64Array(0), sp.spikes[2]] };
    const t2 = (await run(spikeTableBlock, { spikes: silent })).table as TableValue;
    expect(Number.isNaN(t2.columns['first spike (ms)'][1])).toBe(true);
    // The silent neuron's first spike is an empty cell in the CSV (the CLI's file and the app's
    // download; src/ui/table-cell.ts shows it as "—"); the others keep every digit.
    expect(tableCsv(t2).split('\n').slice(1, 4)).toEqual([`A,A,106,106,${sp.spikes[0][0]}`, 'B,B,0,0,', `C,C,40,40,${sp.spikes[2][0]}`]);
  });
});

describe('edge-list block', () => {
  it('the tutorial edges; a CSV file; synapse counts → weights; duplicates and self-loops as asked', async () => {
    const t = await edges();
    expect(t.edges.names).toEqual(['A', 'C', 'B']);
    expect(Array.from(t.edges.weight)).toEqual([0.5, -1]);
    const files = { 'net.csv': 'source,target,weight\nx,y,30\ny,x,250\nx,y,20\nx,x,5\n' };
    const counts = await edges({ source: 'file', file: 'net.csv', weights: 'synapse counts' }, ctx({ files }));
    expect(Array.from(counts.edges.weight)).toEqual([0.5, 1, 0.05]);
    expect(counts.edges.warnings).toContain('1 duplicate edge(s) merged into earlier ones by summing their weights');
    expect(counts.edges.warnings).toContain('1 edge(s) have at least 100 synapses and were capped at weight 1');
    const scaled = await edges({ source: 'file', file: 'net.csv', weights: 'synapse counts', scale: 10, cap: 2 }, ctx({ files }));
    expect(Array.from(scaled.edges.weight)).toEqual([2, 2, 0.5]);
    const dropped = await edges({ source: 'file', file: 'net.csv', selfLoops: 'drop' }, ctx({ files }));
    expect(dropped.edges.source.length).toBe(2);
    expect((await rejection(edges({ source: 'file', file: 'net.csv', selfLoops: 'error' }, ctx({ files })))).message).toMatch(/net\.csv line 5: self-loop x → x/);
    expect((await rejection(edges({ source: 'file', file: 'net.csv', duplicates: 'error' }, ctx({ files })))).message).toMatch(/line 4: edge x → y appears twice \(first on line 2\)/);
  });

  it('malformed CSV, missing file, no file chosen: CoreErrors that say what is wrong', async () => {
    const files = { 'bad.csv': 'source,target,weight\nA,B,1\nA,C,many\n', 'cols.csv': 'from,to,weight\nA,B,1\n' };
    expect((await rejection(edges({ source: 'file', file: 'bad.csv' }, ctx({ files })))).message).toBe('edge list bad.csv line 3: weight "many" of A → C is not a number');
    expect((await rejection(edges({ source: 'file', file: 'cols.csv' }, ctx({ files })))).message).toMatch(/cols\.csv line 1: missing column "source"/);
    const missing = await rejection(edges({ source: 'file', file: 'data/nowhere.csv' }, ctx({ files })));
    expect(missing.code).toBe('input');
    expect(missing.message).toBe('edge list file "data/nowhere.csv" could not be read: no such file: data/nowhere.csv');
    expect((await rejection(edges({ source: 'file', file: '' }))).message).toMatch(/no CSV file chosen/);
  });

  const larva = 'the larva connectome as synapse counts: 2952 neurons, 110,677 edges, weights min(count/100, 1)';
  it.skipIf(!existsSync(LARVA))(existsSync(LARVA) ? larva : `${larva} — skipped: ${LARVA} is absent (../shared/data next to the checkout)`, async () => {
    const raw = await edges({ source: 'file', file: LARVA });
    const e = await edges({ source: 'file', file: LARVA, weights: 'synapse counts' });
    expect(e.edges.names.length).toBe(2952);
    expect(e.edges.source.length).toBe(110677);
    let loops = 0;
    let wrong = 0;
    for (let k = 0; k < e.edges.source.length; k++) {
      if (e.edges.weight[k] !== Math.min(raw.edges.weight[k] / 100, 1)) wrong++;
      if (e.edges.source[k] === e.edges.target[k]) loops++;
    }
    expect(wrong).toBe(0);
    expect(loops).toBe(537);
    expect(Math.max(...e.edges.weight)).toBe(1);
    expect(e.edges.warnings).toContain('10 edge(s) have at least 100 synapses and were capped at weight 1');
    // The network block sorts the numeric skeleton ids numerically, as navis's np.unique does.
    const net = await network(e);
    const ids = net.names.map(Number);
    expect(ids.every((x, i) => i === 0 || x > ids[i - 1])).toBe(true);
    expect(net.edges.source.length).toBe(110677);
    // Cell types from the connectome's neuron table as labels.
    const labelled = await network(e, { labels: resolve(LARVA_DIR, 'neurons.csv'), labelColumn: 'celltype' });
    expect(labelled.labels[net.names.indexOf('29')]).toBe('KC');
  });
});

describe('point-network block', () => {
  it('sorts numeric ids numerically, passes the chosen model’s parameters, reads labels', async () => {
    const files = { 'e.csv': 'source,target,weight\n100,9,0.5\n9,10,0.5\n', 'l.csv': 'id,label\n9,PN\n10,LN\n7,KC\n' };
    const e = await edges({ source: 'file', file: 'e.csv' }, ctx({ files }));
    expect(e.edges.names).toEqual(['100', '9', '10']);
    const net = await network(e, { model: 'IntFire2', if2_taus: 30, if2_ib: 0.5, labels: 'l.csv' }, ctx({ files }));
    expect(net.names).toEqual(['9', '10', '100']);
    expect(Array.from(net.edges.source)).toEqual([2, 0]);
    expect(Array.from(net.edges.target)).toEqual([0, 1]);
    expect(net.params).toEqual({ taus: 30, taum: 10, ib: 0.5 });
    expect(net.labels).toEqual(['PN', 'LN', 'NA']);
    expect(net.warnings).toEqual([
      'labels file l.csv: 1 labelled id(s) are not neurons of this network (ignored)',
      'labels file l.csv: 1 neuron(s) have no label (not listed, or an empty cell) and are labelled "NA", as navis does',
    ]);
    const one = await network(e, { model: 'IntFire1', if1_refrac: 2 });
    expect(one.params).toEqual({ tau: 10, refrac: 2 });
    expect(one.noise).toEqual({ kind: 'random123', seed: 1 });
    expect((await network(e, { noise: 'neuron-default' })).noise).toEqual({ kind: 'neuron-default' });
  });

  it('warns as the simulator would (it is not built here): weights above 1, IntFire4’s adjusted time constants', async () => {
    const files = { 'e.csv': 'source,target,weight\n3,1,1.5\n1,2,-2\n2,3,0.5\n' };
    const e = await edges({ source: 'file', file: 'e.csv' }, ctx({ files }));
    const net = await network(e, { model: 'IntFire4', if4_taui1: 30, if4_taui2: 20 });
    expect(net.warnings).toEqual(['IntFire4: Swapped taui1 and taui2', '2 edge weight(s) exceed 1 in magnitude (1 already makes a presynaptic spike trigger a postsynaptic one)']);
    // The same words as the simulator built from the same spec.
    const sim = new PointNetwork({ names: net.names, model: net.model, params: net.params, edges: net.edges, stimuli: [] });
    expect(sim.warnings).toEqual(net.warnings);
    expect(Array.from(net.edges.source)).toEqual([2, 0, 1]);
    expect(Array.from(net.edges.weight)).toEqual([1.5, -2, 0.5]);
  });

  it('bad labels files and parameters are CoreErrors', async () => {
    const e = await edges();
    const files = { 'x.csv': 'name,label\nA,x\n', 'd.csv': 'id,label\nA,x\nA,y\n' };
    expect((await rejection(network(e, { labels: 'x.csv' }, ctx({ files })))).message).toMatch(/labels file x\.csv line 1: missing column "id"/);
    expect((await rejection(network(e, { labels: 'd.csv' }, ctx({ files })))).message).toMatch(/line 3: neuron A is labelled "y" but line 2 labels it "x"/);
    expect((await rejection(network(e, { labels: 'gone.csv' }, ctx({ files })))).message).toMatch(/labels file "gone\.csv" could not be read/);
    expect((await rejection(network(e, { model: 'IntFire1', if1_tau: -3 }))).message).toBe(
      "block 'test-block' (point-network): parameter 'if1_tau' must be strictly between 0 and 10000 ms, got -3 ms",
    );
  });
});

describe('stimulus and background-noise blocks', () => {
  it('unknown neuron, stop ≤ start, frequency ≤ 0, stop and duration both or neither: CoreErrors naming the block', async () => {
    const net = await network(await edges(), { model: 'IntFire4' });
    const unknown = await rejection(stimulus(net, { neurons: 'A, Z' }));
    expect(unknown.message).toBe('stimulus "A, Z 100 Hz" (block test-block): neuron "Z" is not in the network (it has A, B, C)');
    expect((await rejection(stimulus(net, { start: 500, stop: 400 }))).message).toBe('stimulus "A 100 Hz" (block test-block): stop (400 ms) must be after start (500 ms)');
    expect((await rejection(stimulus(net, { start: 500, stop: 500 }))).message).toMatch(/stop \(500 ms\) must be after start \(500 ms\)/);
    expect((await rejection(stimulus(net, { frequency: 0 }))).message).toBe("block 'test-block' (stimulus): parameter 'frequency' must be strictly between 0 and 10000 Hz, got 0 Hz");
    expect((await rejection(stimulus(net, { frequency: -5 }))).message).toBe("block 'test-block' (stimulus): parameter 'frequency' must be strictly between 0 and 10000 Hz, got -5 Hz");
    expect((await rejection(stimulus(net, { stop: 1000, duration: 50 }))).message).toMatch(/give either stop or duration \(both are set\)/);
    expect((await rejection(stimulus(net, { stop: null, duration: null }))).message).toMatch(/give either stop or duration \(neither is set\)/);
    expect((await rejection(stimulus(net, { label: 'drive', randomness: 1.5 }))).message).toBe("block 'test-block' (stimulus): parameter 'randomness' must be between 0 and 1, got 1.5");
    expect((await rejection(run(backgroundNoiseBlock, { network: net }, { neurons: 'Q' }))).message).toMatch(/^background noise \(block test-block\): neuron "Q" is not in the network/);
  });

  it('empty neurons = all; independent or shared; background noise as navis (0 to 9999999999 ms, weight 1)', async () => {
    const net = await network(await edges());
    const all = await stimulus(net, { neurons: ' ', independent: false, weight: 0.7, label: 'drive', randomness: 0.5 });
    expect(all.stimuli[0]).toEqual({ neurons: [0, 1, 2], start: 100, stop: 1000, frequency: 100, randomness: 0.5, independent: false, weight: 0.7, label: 'drive' });
    const twice = await stimulus(net, { neurons: 'A,A' });
    expect(twice.warnings).toContain('stimulus "A,A 100 Hz" (block test-block): A listed more than once, so driven more than once');
    const bg = (await run(backgroundNoiseBlock, { network: all }, { neurons: 'B, C' })).network as NetworkValue;
    expect(bg.stimuli.length).toBe(2);
    expect(bg.stimuli[1]).toEqual({ neurons: [1, 2], start: 0, stop: 9999999999, frequency: 10, randomness: 0.5, independent: true, weight: 1, label: 'background noise' });
    // Background noise is not shaded on the raster (navis skips it too).
    const sp = await simulate(bg, { duration: 300 });
    expect(sp.stimuli[1].stop).toBe(9999999999);
    const fig = (await run(rasterPlotBlock, { spikes: sp })).figure as FigureValue;
    const areas = (fig.option.series as Array<{ markArea: { data: Array<Array<{ name?: string }>> } }>)[1].markArea.data;
    expect(areas.map((a) => a[0].name)).toEqual(['drive']);
  });
});

describe('run-network block', () => {
  /** A noisy network: the slices of the block must deliver exactly what PointNetwork.run delivers. */
  async function noisy(noise: 'random123' | 'neuron-default'): Promise<NetworkValue> {
    const files = { 'e.csv': 'source,target,weight\na,b,0.6\nb,c,0.6\nc,a,-0.8\na,c,0.3\n' };
    let net = await network(await edges({ source: 'file', file: 'e.csv' }, ctx({ files })), { model: 'IntFire1', noise, seed: 7 });
    net = (await run(backgroundNoiseBlock, { network: net }, { frequency: 80, randomness: 1 })).network as NetworkValue;
    return stimulus(net, { neurons: 'a', start: 200, stop: 0, duration: 300, frequency: 50, randomness: 0.5, independent: false });
  }

  it('noisy stimuli (Random123 and NEURON’s default generator): the same spikes as the core’s PointNetwork.run', async () => {
    for (const kind of ['random123', 'neuron-default'] as const) {
      const net = await noisy(kind);
      const progress: number[] = [];
      const sp = await simulate(net, { duration: 2000 }, ctx({ progress: (f) => progress.push(f) }));
      const ref = new PointNetwork({ names: net.names, labels: net.labels, model: net.model, params: net.params, edges: net.edges, stimuli: net.stimuli, noise: net.noise }).run(2000);
      expect(sp.spikes.map((s) => Array.from(s))).toEqual(ref.spikes.map((s) => Array.from(s)));
      expect(sp.events).toBe(ref.events);
      expect(sp.spikes.every((s) => s.length > 50)).toBe(true);
      expect(progress[0]).toBe(0);
      expect(progress[progress.length - 1]).toBe(1);
      // The same network run again gives the same spikes (fresh streams per run).
      expect((await simulate(net, { duration: 2000 })).spikes).toEqual(sp.spikes);
    }
    const a = await simulate(await noisy('random123'), { duration: 2000 });
    const b = await simulate(await noisy('neuron-default'), { duration: 2000 });
    expect(a.spikes[0]).not.toEqual(b.spikes[0]);
  });

  it("an aborted signal rejects with code 'aborted', before or during the run", async () => {
    const net = await tutorialNetwork();
    const ac = new AbortController();
    ac.abort();
    const before = await rejection(runNetworkBlock.compute({ network: net }, params(runNetworkBlock), ctx({ signal: ac.signal })) as Promise<unknown>);
    expect(before.code).toBe('aborted');
    // A long noisy run, cancelled from its first progress report after the start.
    let big = await network(await edges(), { model: 'IntFire1' });
    big = (await run(backgroundNoiseBlock, { network: big }, { frequency: 1000, randomness: 1 })).network as NetworkValue;
    const ac2 = new AbortController();
    const reports: number[] = [];
    const during = await rejection(
      runNetworkBlock.compute({ network: big }, params(runNetworkBlock, { duration: 1e6 }), ctx({ signal: ac2.signal, progress: (f) => (reports.push(f), f > 0 && ac2.abort()) })) as Promise<unknown>,
    );
    expect(during.code).toBe('aborted');
    expect(during.message).toMatch(/run cancelled at t = \d+\.\d{3} ms/);
    expect(reports.length).toBe(2);
    expect(reports[1]).toBeGreaterThan(0);
    expect(reports[1]).toBeLessThan(1);
  });

  it('bad duration or dt: CoreErrors', async () => {
    const net = await tutorialNetwork();
    expect((await rejection(simulate(net, { duration: 0 }))).message).toBe("block 'test-block' (run-network): parameter 'duration' must be strictly between 0 and 10000000 ms, got 0 ms");
    expect((await rejection(simulate(net, { dt: -1 }))).message).toBe("block 'test-block' (run-network): parameter 'dt' must be strictly between 0 and 10 ms, got -1 ms");
  });
});

describe('stimulus schedule', () => {
  it('one stimulus per row: the same network and spikes as the tutorial’s two stimulus blocks', async () => {
    const e = await edges({ source: 'tutorial' });
    const net = await network(e, { model: 'IntFire4' });
    const table = 'neurons,start,stop,frequency,randomness,weight,label\nA,100,1000,100,0,1,\nB,600,800,100,0,1,\n';
    const byTable = await stimulus(net, { mode: 'schedule', schedule: table });
    const byBlocks = await tutorialNetwork();
    expect(byTable.stimuli).toEqual(byBlocks.stimuli);
    const [a, b] = [await simulate(byTable), await simulate(byBlocks)];
    expect(a.spikes).toEqual(b.spikes);
    expect(a.names).toEqual(b.names);
  });

  it('says which line of the schedule is wrong', async () => {
    const net = await network(await edges({ source: 'tutorial' }), { model: 'IntFire4' });
    const head = 'neurons,start,stop,frequency\n';
    expect((await rejection(stimulus(net, { mode: 'schedule', schedule: `${head}A,100,300,100\nZ,1,2,3\n` }))).message).toMatch(/schedule line 3\): neuron "Z" is not in the network/);
    expect((await rejection(stimulus(net, { mode: 'schedule', schedule: `${head}A,100,x,100\n` }))).message).toMatch(/schedule line 2: stop "x" is not a number/);
    expect((await rejection(stimulus(net, { mode: 'schedule', schedule: `${head}A,300,100,100\n` }))).message).toMatch(/stop \(100 ms\) must be after start \(300 ms\)/);
    expect((await rejection(stimulus(net, { mode: 'schedule', schedule: 'neurons,start,frequency\nA,1,2\n' }))).message).toMatch(/the schedule has no column "stop"/);
    expect((await rejection(stimulus(net, { mode: 'schedule', schedule: head }))).message).toMatch(/no rows under its header/);
  });
});
