/**
 * The morphology view block and its pure parts: projection, compartments, nearest recorded
 * node along the cable, nearest sample, colour map, and the block's figure on the synthetic
 * neuron checked against its own traces (a recorded node's value at t is the trace's sample at t).
 */
import { describe, expect, it } from 'vitest';
import { Skeleton, emptyColumns } from '../src/core/morphology/skeleton.ts';
import { CoreError } from '../src/core/errors.ts';
import { figureSvg, loadEcharts } from '../src/cli/outputs.ts';
import { decodeValue, encodeValue, transferables } from '../src/worker/transfer.ts';
import { compartmentModel } from './compartment-model.ts';
import { currentClamp } from './current-clamp.ts';
import { insertMechanism } from './insert-mechanism.ts';
import { voltageRecorder } from './voltage-recorder.ts';
import { synapticInput } from './synaptic-input.ts';
import { spikeDetector } from './spike-detector.ts';
import { run } from './run.ts';
import { blockDef } from './index.ts';
import { NEURON, PN, exec, execModel, selection } from './model-test-kit.ts';
import { BUCKETS, VIRIDIS_STOPS, bucketColour, bucketOf, compartmentColours, valueColour, viridis } from './morphology-colours.ts';
import { compartmentsOf, modelMarkers, nearestRecorded, nearestSample, project, somaDistance, voltageFrames, nodeTraces } from './morphology-data.ts';
import { morphologyView } from './morphology-view.ts';
import type { FigureValue, ModelValue, TracesValue } from './values.ts';

/**
 * A small tree (µm): 1 (soma, at 0,0,0) – 2 (10,0,0) – 3 (20,0,0) – 4 (30,0,0), and a branch
 * 5 (10,10,0) – 6 (10,20,5) off node 2.
 */
function tree(): Skeleton {
  const c = emptyColumns(6);
  const pts = [
    [1, -1, 0, 0, 0],
    [2, 0, 10, 0, 0],
    [3, 1, 20, 0, 0],
    [4, 2, 30, 0, 0],
    [5, 1, 10, 10, 0],
    [6, 4, 10, 20, 5],
  ];
  pts.forEach(([id, p, x, y, z], i) => {
    c.id[i] = id;
    c.parent[i] = p;
    c.x[i] = x;
    c.y[i] = y;
    c.z[i] = z;
    c.radius[i] = 1 + i;
    c.type[i] = i === 0 ? 1 : i < 4 ? 2 : 3;
  });
  return new Skeleton(c, { soma: 0 });
}

describe('morphology data', () => {
  it('projects onto xy, xz and yz (first axis horizontal)', () => {
    const sk = tree();
    const xy = project(sk, 'xy');
    expect(Array.from(xy.x)).toEqual([0, 10, 20, 30, 10, 10]);
    expect(Array.from(xy.y)).toEqual([0, 0, 0, 0, 10, 20]);
    expect(xy.axes).toEqual(['x', 'y']);
    const xz = project(sk, 'xz');
    expect(Array.from(xz.y)).toEqual([0, 0, 0, 0, 0, 5]);
    const yz = project(sk, 'yz');
    expect(Array.from(yz.x)).toEqual([0, 0, 0, 0, 10, 20]);
    expect(yz.axes).toEqual(['y', 'z']);
  });

  it('takes compartments from the split labels, else from the SWC types', () => {
    const sk = tree();
    expect(compartmentsOf(sk)).toEqual({ compartment: Uint8Array.from([0, 1, 1, 1, 2, 2]), names: ['soma', 'axon', 'basal dendrite'] });
    const labelled = sk.with({ label: Uint8Array.from([0, 1, 1, 1, 2, 2]) }, { labelNames: ['', 'axon', 'dendrite'] });
    expect(compartmentsOf(labelled)).toEqual({ compartment: Uint8Array.from([0, 1, 1, 1, 2, 2]), names: ['unlabelled', 'axon', 'dendrite'] });
  });

  it('measures the distance from the soma along the cable', () => {
    const d = somaDistance(tree());
    expect(Array.from(d)).toEqual([0, 10, 20, 30, 20, Math.fround(20 + Math.hypot(10, 5))]);
    const noSoma = tree().with({}, { soma: -1 });
    expect(Array.from(somaDistance(noSoma)).every(Number.isNaN)).toBe(true);
  });

  it('finds the nearest recorded node along the cable (not in a straight line)', () => {
    const sk = tree();
    // Recorded: node 4 (row 3, index 0) and node 6 (row 5, index 1).
    const near = nearestRecorded(sk, Int32Array.of(3, 5));
    // Node 1 (row 0): 30 µm to node 4, 10 + 10 + 11.18 to node 6 → node 4. Node 5 (row 4): 11.18 to node 6.
    expect(Array.from(near)).toEqual([0, 0, 0, 0, 1, 1]);
    // Node 3 (row 2) is equidistant (10 µm) from recorded nodes 2 (row 1) and 4 (row 3): the one in its subtree wins.
    expect(nearestRecorded(sk, Int32Array.of(1, 3))[2]).toBe(1);
    // A tree without a recorded node gets -1.
    const c = emptyColumns(2);
    c.id.set([1, 2]);
    const forest = new Skeleton(c);
    expect(Array.from(nearestRecorded(forest, Int32Array.of(0)))).toEqual([0, -1]);
  });

  it('finds the nearest sample of a time', () => {
    const t = Float64Array.from([0, 0.025, 0.05, 0.075, 0.1]);
    expect(nearestSample(t, 0)).toBe(0);
    expect(nearestSample(t, 0.05)).toBe(2);
    expect(nearestSample(t, 0.06)).toBe(2);
    expect(nearestSample(t, 0.07)).toBe(3);
    expect(nearestSample(t, -1)).toBe(0);
    expect(nearestSample(t, 9)).toBe(4);
  });

  it('keeps every stride-th sample for the animation, aligned on the chosen time', () => {
    const t = Float64Array.from({ length: 11 }, (_, k) => k);
    const nt = { rows: Int32Array.of(0, 1), labels: ['a', 'b'], traces: [Float64Array.from(t, (x) => x * 10), Float64Array.from(t, (x) => -x)], foreign: 0, duplicates: 0 };
    // 11 samples × 2 nodes = 22 values with a budget of 10: stride 3, aligned on sample 7 → 1, 4, 7, 10.
    const f = voltageFrames(t, nt, 7, Int32Array.of(0, 1), 'nearest', 10);
    expect(f.stride).toBe(3);
    expect(Array.from(f.times)).toEqual([1, 4, 7, 10]);
    expect(Array.from(f.frames)).toEqual([10, -1, 40, -4, 70, -7, 100, -10]);
  });
});

describe('colour map', () => {
  it('is viridis at its published samples, clamped, grey for NaN', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(0.5)).toBe('#21908c');
    expect(viridis(1)).toBe('#fde725');
    expect(viridis(2)).toBe('#fde725');
    expect(viridis(0.05)).toBe('#461365'); // halfway between #440154 and #482576
    expect(viridis(NaN)).toBe('#c4c4c4');
    expect(VIRIDIS_STOPS).toHaveLength(11);
  });

  it('quantises values into buckets over the range', () => {
    expect(bucketOf(-70, -70, 30)).toBe(0);
    expect(bucketOf(-100, -70, 30)).toBe(0);
    expect(bucketOf(30, -70, 30)).toBe(BUCKETS - 1);
    expect(bucketOf(-20, -70, 30)).toBe(BUCKETS / 2);
    expect(bucketOf(NaN, -70, 30)).toBe(-1);
    expect(bucketColour(0)).toBe(viridis(0.5 / BUCKETS));
    expect(valueColour(-20, -70, 30)).toBe(viridis((BUCKETS / 2 + 0.5) / BUCKETS));
  });

  it('gives the usual compartments fixed colours and the others distinct ones', () => {
    const c = compartmentColours(['unlabelled', 'axon', 'dendrite', 'linker', 'cellbodyfiber', 'other', 'more']);
    expect(c.slice(0, 5)).toEqual(['#999999', '#d55e00', '#0072b2', '#009e73', '#e69f00']);
    expect(new Set(c).size).toBe(7);
  });
});

/** The synthetic neuron with pas, a 0.1 nA clamp at the soma from 1 ms, voltage recorded at some nodes, run for 5 ms. */
async function clampRun(recordIds: number[]): Promise<{ model: ModelValue; traces: TracesValue }> {
  let m = await execModel(compartmentModel, { neuron: NEURON });
  m = await execModel(insertMechanism, { model: m }, { mechanism: 'pas' });
  m = await execModel(currentClamp, { model: m, where: selection([PN.soma], 'soma') }, { start: 1, duration: 10, current: 0.1 });
  m = await execModel(voltageRecorder, { model: m, where: selection(recordIds, 'some nodes') }, { label: 'v' });
  const traces = (await exec(run, { model: m }, { tstop: 5 })).traces as TracesValue;
  return { model: m, traces };
}

async function figureOf(inputs: Record<string, unknown>, params: Record<string, unknown> = {}): Promise<FigureValue> {
  return (await exec(morphologyView, inputs, params as never)).figure as FigureValue;
}

describe('morphology-view block', () => {
  const sk = PN.skeleton;
  const tip = sk.id[sk.size - 1];
  const mid = sk.id[sk.size >> 1];

  it('is in the catalogue as a plot sink', () => {
    expect(blockDef('morphology-view')).toBe(morphologyView);
    expect(morphologyView.category).toBe('plot');
    expect(morphologyView.sink).toBe(true);
  });

  it('draws a run still going (streams): its samples so far, marked partial, the CSV left for the final figure', async () => {
    expect(morphologyView.streams).toBe(true);
    const ids = [PN.soma, tip];
    const { model, traces } = await clampRun(ids);
    const n = 101; // the first 2.5 ms of 5
    const sofar: TracesValue = { ...traces, t: traces.t.subarray(0, n), traces: Object.fromEntries(Object.entries(traces.traces).map(([k, a]) => [k, a.subarray(0, n)])), partial: { fraction: 0.5, t: traces.t[n - 1] } };
    const f = await figureOf({ neuron: NEURON, traces: sofar, model }, { colourBy: 'voltage', time: 4 });
    expect(f.partial).toEqual({ fraction: 0.5, t: traces.t[n - 1] });
    expect(f.csv).toBe('');
    // A time beyond what was run shows the last sample so far.
    expect(f.morphology!.time).toBe(traces.t[n - 1]);
    expect(f.morphology!.values[sk.rowOf(PN.soma)]).toBe(traces.traces[`v_${PN.soma}`][n - 1]);
    const whole = await figureOf({ neuron: NEURON, traces, model }, { colourBy: 'voltage', time: 4 });
    expect(whole.partial).toBeUndefined();
    expect(whole.csv.length).toBeGreaterThan(0);
  });

  it('the run says which node each trace was recorded at', async () => {
    const { traces } = await clampRun([PN.soma, tip, mid]);
    expect(traces.nodes).toEqual({ [`v_${PN.soma}`]: PN.soma, [`v_${tip}`]: tip, [`v_${mid}`]: mid });
  });

  it('colours by voltage at t: a recorded node has its trace sample at t, the others their nearest recorded node', async () => {
    const ids = [PN.soma, tip, mid];
    const { model, traces } = await clampRun(ids);
    const f = await figureOf({ neuron: NEURON, traces, model }, { colourBy: 'voltage', time: 2.5 });
    expect(f.figure).toBe('morphology');
    const d = f.morphology!;
    const k = 100; // 2.5 ms at dt 0.025
    expect(traces.t[k]).toBeCloseTo(2.5, 12);
    expect(d.time).toBe(traces.t[k]);
    for (const id of ids) {
      const row = sk.rowOf(id);
      expect(d.values[row]).toBe(traces.traces[`v_${id}`][k]);
    }
    // The clamp depolarises the soma by 2.5 ms: its value is above rest.
    expect(d.values[sk.rowOf(PN.soma)]).toBeGreaterThan(-64);
    const near = nearestRecorded(sk, Int32Array.from(ids, (id) => sk.rowOf(id)));
    for (let i = 0; i < sk.size; i++) expect(d.values[i]).toBe(traces.traces[`v_${ids[near[i]]}`][k]);
    // The frames: the chosen time is one of them, in float32.
    const v = d.voltage!;
    expect(v.stride).toBe(1);
    expect(v.times.length).toBe(traces.t.length);
    const j = Array.from(v.times).indexOf(traces.t[k]);
    expect(j).toBe(k);
    for (let r = 0; r < ids.length; r++) expect(v.frames[j * ids.length + r]).toBe(Math.fround(traces.traces[`v_${sk.id[v.recorded[r]]}`][k]));
    expect(d.range).toEqual([-70, 30]);
    expect(d.note).toContain('3 of 608 nodes recorded; the others show the nearest recorded node');
    // Markers: the clamp and the three recorders.
    expect(d.markers.filter((m) => m.kind === 'clamp')).toEqual([{ kind: 'clamp', node: PN.soma, label: 'IClamp 1 (IClamp)' }]);
    expect(d.markers.filter((m) => m.kind === 'recorder').map((m) => m.node)).toEqual(ids);
    // The CSV: one row per node, the value column as the figure colours it.
    const lines = f.csv.trim().split('\n');
    expect(lines[0]).toBe('node_id,parent_id,x,y,z,compartment,value');
    expect(lines).toHaveLength(sk.size + 1);
    const somaLine = lines[1 + sk.rowOf(PN.soma)].split(',');
    expect(Number(somaLine[0])).toBe(PN.soma);
    expect(Number(somaLine[6])).toBe(traces.traces[`v_${PN.soma}`][k]);
  });

  it('leaves unrecorded nodes grey when asked, and says so', async () => {
    const { model, traces } = await clampRun([PN.soma, tip]);
    const f = await figureOf({ neuron: NEURON, traces, model }, { colourBy: 'voltage', fill: 'grey', time: 1 });
    const d = f.morphology!;
    let grey = 0;
    for (let i = 0; i < sk.size; i++) if (Number.isNaN(d.values[i])) grey++;
    expect(grey).toBe(sk.size - 2);
    expect(d.note).toContain('the others are grey');
    expect(f.csv.split('\n')[1 + sk.rowOf(mid)].endsWith(',')).toBe(true);
  });

  it('uses only traces with the prefix, and finds nodes from the model when the traces lack them', async () => {
    const { model, traces } = await clampRun([PN.soma, tip]);
    const old: TracesValue = { ...traces, nodes: undefined };
    const f = await figureOf({ neuron: NEURON, traces: old, model }, { colourBy: 'voltage', time: 3, fill: 'grey' });
    expect(f.morphology!.voltage!.recorded.length).toBe(2);
    await expect(figureOf({ neuron: NEURON, traces, model }, { colourBy: 'voltage', tracePrefix: 'w' })).rejects.toThrow(/no voltage trace whose label starts with "w"/);
    await expect(figureOf({ neuron: NEURON, traces: old }, { colourBy: 'voltage' })).rejects.toThrow(/do not say which node/);
    await expect(figureOf({ neuron: NEURON }, { colourBy: 'voltage' })).rejects.toThrow(/connect the run's traces/);
    await expect(figureOf({ neuron: NEURON, traces, model }, { colourBy: 'voltage', vmin: 10, vmax: 0 })).rejects.toBeInstanceOf(CoreError);
  });

  it('colours by compartment and by a column', async () => {
    const f = await figureOf({ neuron: NEURON });
    const d = f.morphology!;
    expect(d.colourBy).toBe('compartment');
    expect(d.compartmentNames).toEqual(['undefined', 'soma', 'axon', 'basal dendrite']);
    expect(d.voltage).toBeNull();
    const series = f.option.series as Array<{ type: string; name: string; data: unknown[] }>;
    const lines = series.filter((s) => s.type === 'lines');
    expect(lines.map((s) => s.name)).toEqual(['undefined', 'soma', 'axon', 'basal dendrite'].filter((n) => n !== 'soma'));
    expect(lines.reduce((a, s) => a + s.data.length, 0)).toBe(sk.size - 1);
    const g = await figureOf({ neuron: NEURON }, { colourBy: 'column', column: 'distance' });
    const gd = g.morphology!;
    expect(gd.values[sk.soma]).toBe(0);
    expect(gd.range[0]).toBe(0);
    expect(gd.range[1]).toBeCloseTo(Math.max(...Array.from(gd.distance)), 3);
    expect(g.option.visualMap).toBeDefined();
  });

  it('renders to SVG (as the CLI writes it)', async () => {
    const { model, traces } = await clampRun([PN.soma, tip]);
    const f = await figureOf({ neuron: NEURON, traces, model }, { colourBy: 'voltage', time: 4, title: 'V at 4 ms' });
    await loadEcharts();
    const svg = figureSvg(f);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('V at 4 ms');
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(sk.size / 2);
  });

  it('crosses the worker boundary with its typed arrays intact and transferable', async () => {
    const { model, traces } = await clampRun([PN.soma, tip]);
    const f = await figureOf({ neuron: NEURON, traces, model }, { colourBy: 'voltage', time: 4 });
    const back = decodeValue(structuredClone(encodeValue(f))) as FigureValue;
    expect(back.morphology!.voltage!.frames).toEqual(f.morphology!.voltage!.frames);
    expect(back.morphology!.x).toBeInstanceOf(Float32Array);
    // Its buffers are its own: transferring them does not detach the neuron's skeleton.
    const bufs = transferables(f);
    expect(bufs).not.toContain(sk.id.buffer);
    expect(bufs).toContain(f.morphology!.voltage!.frames.buffer);
  });
});

describe('markers', () => {
  it('marks synapses driven by NetStims and spike detectors at their nodes', async () => {
    const sk = PN.skeleton;
    const [a, b] = [sk.id[10], sk.id[20]];
    let m = await execModel(compartmentModel, { neuron: NEURON });
    m = await execModel(synapticInput, { model: m, where: selection([a, b], 'two nodes') });
    m = await execModel(spikeDetector, { model: m, where: selection([PN.soma], 'soma') }, { label: 'soma_spikes' });
    const { markers, skipped } = modelMarkers(sk, m);
    expect(skipped).toBe(0);
    expect(markers.filter((x) => x.kind === 'synapse').map((x) => x.node)).toEqual([a, b]);
    const driven = markers.filter((x) => x.kind === 'netstim');
    expect(driven.map((x) => x.node)).toEqual([a, b]);
    expect(driven[0].label).toMatch(/^NetStim 1 → /);
    expect(markers.filter((x) => x.kind === 'detector')).toEqual([{ kind: 'detector', node: PN.soma, label: 'soma_spikes' }]);
    // In the static figure: one scatter series per kind.
    const f = await figureOf({ neuron: NEURON, model: m });
    const names = (f.option.series as Array<{ type: string; name: string }>).filter((x) => x.type === 'scatter').map((x) => x.name);
    expect(names).toEqual(['soma', 'synapses', 'NetStim inputs', 'spike detectors']);
  });
});

// nodeTraces is exercised through the block; its foreign-node message directly:
describe('nodeTraces', () => {
  it('says when the traces belong to another skeleton', () => {
    const t: TracesValue = {
      kind: 'traces',
      t: Float64Array.of(0),
      traces: { v: Float64Array.of(-65) },
      units: { v: 'mV' },
      spikes: {},
      nodes: { v: 999999 },
      run: { tstop: 0, v_init: -65, dt: 0.025, celsius: 6.3 },
      sections: 1,
      segments: 1,
      wallMs: 0,
      warnings: [],
    };
    expect(() => nodeTraces(PN.skeleton, t, null, '', 'Morphology view')).toThrow(/not in this skeleton/);
  });
});
