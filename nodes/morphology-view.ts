/**
 * morphology-view: the neuron drawn in 2-D, coloured by compartment, by a node column, or by
 * the membrane potential at a time t (navis's plot2d coloured by voltage, as its second NEURON
 * tutorial animates by hand), with markers at recorders, clamps, synapses and spike detectors.
 *
 * The figure carries a static ECharts option (one `lines` series per colour, a colour bar, the
 * markers as scatter points; the CLI writes it as SVG), a CSV of the nodes
 * (`node_id,parent_id,x,y,z,compartment,value`), and `morphology`: the typed arrays the
 * interactive view (`<nw-morphology-view>`) pans, zooms and animates.
 */
import { CoreError } from '../src/core/errors.ts';
import { paramValues } from './param-values.ts';
import { requireInput } from './model-ops.ts';
import { BUCKETS, NO_VALUE_COLOUR, VIRIDIS_STOPS, bucketColour, bucketOf, compartmentColours } from './morphology-colours.ts';
import { PROJECTIONS, compartmentsOf, modelMarkers, nearestRecorded, nearestSample, nodeTraces, project, somaDistance, voltageFrames, type Projection } from './morphology-data.ts';
import type { BlockDef, Inputs } from './types.ts';
import type { FigureValue, ModelValue, MorphologyData, MorphologyMarker, NeuronValue, TracesValue } from './values.ts';

const COLOUR_BY = ['compartment', 'column', 'voltage'] as const;
const COLUMNS = ['distance', 'radius', 'x', 'y', 'z'] as const;
const FILLS = ['nearest recorded node', 'grey'] as const;
type Column = (typeof COLUMNS)[number];

/** What a marker kind is called in legends, and its ECharts symbol and colour. */
export const MARKER_STYLE: Record<MorphologyMarker['kind'], { name: string; symbol: string; colour: string }> = {
  recorder: { name: 'recorders', symbol: 'circle', colour: '#2e7d32' },
  clamp: { name: 'current clamps', symbol: 'triangle', colour: '#c62828' },
  synapse: { name: 'synapses', symbol: 'diamond', colour: '#d81b60' },
  netstim: { name: 'NetStim inputs', symbol: 'pin', colour: '#6a1b9a' },
  detector: { name: 'spike detectors', symbol: 'rect', colour: '#1565c0' },
};

/** More recorder markers than this are left out of the static figure (every node recorded would hide the neuron). */
export const MAX_RECORDER_MARKERS = 200;

/** The parameters as the block reads them. */
export interface MorphologyParams {
  projection: Projection;
  flipVertical: boolean;
  colourBy: (typeof COLOUR_BY)[number];
  column: Column;
  time: number;
  tracePrefix: string;
  fill: 'nearest' | 'grey';
  vmin: number;
  vmax: number;
  title: string;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/**
 * The view's data from the block's inputs: projection, compartments, distance from the soma,
 * colour values (at `time` for voltage), voltage frames and markers. Throws a CoreError the user
 * reads on the block when the colouring cannot be done.
 */
export function morphologyData(neuron: NeuronValue, traces: TracesValue | null, model: ModelValue | null, p: MorphologyParams, blockTitle = 'Morphology view'): MorphologyData {
  const sk = neuron.skeleton;
  if (sk.size === 0) throw new CoreError('input', `${blockTitle}: the skeleton has no nodes`);
  const { x, y, axes } = project(sk, p.projection);
  const { compartment, names } = compartmentsOf(sk);
  const distance = somaDistance(sk);
  const n = sk.size;
  const values = new Float64Array(n);
  let range: [number, number];
  let valueName: string;
  let unit: string;
  let time: number | null = null;
  let voltage: MorphologyData['voltage'] = null;
  let note: string;
  if (p.colourBy === 'compartment') {
    for (let i = 0; i < n; i++) values[i] = compartment[i];
    range = [0, Math.max(0, names.length - 1)];
    valueName = 'compartment';
    unit = '';
    note = `coloured by compartment (${sk.labelNames.length > 1 && names[0] === 'unlabelled' ? 'axon/dendrite split' : 'SWC type'})`;
  } else if (p.colourBy === 'column') {
    const col: ArrayLike<number> = p.column === 'distance' ? distance : p.column === 'radius' ? sk.radius : sk[p.column];
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      values[i] = v;
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (lo === Infinity) {
      if (p.column === 'distance') throw new CoreError('input', `${blockTitle}: cannot colour by distance from the soma: the skeleton has no soma; set one with a Set soma block`);
      throw new CoreError('input', `${blockTitle}: the column ${p.column} has no finite value`);
    }
    range = [lo, hi];
    valueName = p.column === 'distance' ? 'distance from soma' : p.column;
    unit = 'µm';
    note = `coloured by ${valueName} (${round(lo)} – ${round(hi)} µm)`;
  } else {
    if (!traces) throw new CoreError('input', `${blockTitle}: connect the run's traces to its "traces" input to colour by voltage`);
    if (!(p.vmax > p.vmin)) throw new CoreError('input', `${blockTitle}: colour range max (${p.vmax} mV) must be above its min (${p.vmin} mV)`);
    if (traces.t.length === 0) throw new CoreError('input', `${blockTitle}: the run has no time samples`);
    const nt = nodeTraces(sk, traces, model, p.tracePrefix, blockTitle);
    const kTime = nearestSample(traces.t, p.time);
    time = traces.t[kTime];
    const rec = nt.rows;
    const source = p.fill === 'nearest' ? nearestRecorded(sk, rec) : new Int32Array(n).fill(-1);
    if (p.fill === 'grey') for (let j = 0; j < rec.length; j++) source[rec[j]] = j;
    for (let i = 0; i < n; i++) values[i] = source[i] >= 0 ? nt.traces[source[i]][kTime] : NaN;
    voltage = voltageFrames(traces.t, nt, kTime, source, p.fill);
    range = [p.vmin, p.vmax];
    valueName = 'V';
    unit = 'mV';
    const tEnd = traces.t[traces.t.length - 1];
    const past = p.time > tEnd + 1e-9 ? `; ${p.time} ms is past the end of the run (${round(tEnd)} ms): shown at its end` : '';
    const others = rec.length === n ? 'every node recorded' : p.fill === 'nearest' ? `${rec.length} of ${n} nodes recorded; the others show the nearest recorded node along the cable` : `${rec.length} of ${n} nodes recorded; the others are grey`;
    const skipped = nt.foreign + nt.duplicates ? `; ${nt.foreign ? `${nt.foreign} trace(s) of nodes not in this skeleton` : ''}${nt.foreign && nt.duplicates ? ', ' : ''}${nt.duplicates ? `${nt.duplicates} second trace(s) of a node` : ''} ignored` : '';
    note = `${others}${skipped}${past}`;
  }
  const markers: MorphologyMarker[] = [];
  if (model) {
    const m = modelMarkers(sk, model);
    markers.push(...m.markers);
    if (m.skipped) note += `; ${m.skipped} recorder(s)/stimuli not at a node of this skeleton not drawn`;
  }
  return {
    // Copies: the figure owns its buffers (they may be transferred without detaching the skeleton's).
    ids: Int32Array.from(sk.id),
    parent: Int32Array.from(sk.parent),
    x,
    y,
    axes,
    flipVertical: p.flipVertical,
    radius: Float32Array.from(sk.radius),
    compartment,
    compartmentNames: names,
    distance,
    soma: sk.soma,
    colourBy: p.colourBy,
    valueName,
    unit,
    values,
    range,
    time,
    voltage,
    markers,
    note,
  };
}

/** `node_id,parent_id,x,y,z,compartment,value` per node (3-D coordinates in µm; value empty when none). */
export function morphologyCsv(neuron: NeuronValue, d: MorphologyData): string {
  const sk = neuron.skeleton;
  const lines = ['node_id,parent_id,x,y,z,compartment,value'];
  for (let i = 0; i < sk.size; i++) {
    const p = sk.parent[i];
    const v = d.values[i];
    const comp = d.compartmentNames[d.compartment[i]];
    lines.push(`${sk.id[i]},${p >= 0 ? sk.id[p] : -1},${sk.x[i]},${sk.y[i]},${sk.z[i]},${/[",\r\n]/.test(comp) ? `"${comp.replace(/"/g, '""')}"` : comp},${Number.isNaN(v) ? '' : String(v)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Segments the static figure (the CLI's SVG, image exports) draws at most before simplifying. */
export const STATIC_SEGMENT_BUDGET = 100_000;

/**
 * Which nodes the static figure draws through: all of them up to STATIC_SEGMENT_BUDGET; beyond,
 * every k-th node by row plus every root, branch point, leaf and the soma, so that the shape and
 * every branch stay while the number of drawn segments stays near the budget (a 1,000,000-node
 * skeleton once took the CLI past 4.5 GB and down).
 */
export function keptForStatic(d: Pick<MorphologyData, 'parent' | 'soma'>): { keep: Uint8Array; stride: number } {
  const n = d.parent.length;
  const keep = new Uint8Array(n);
  if (n <= STATIC_SEGMENT_BUDGET) {
    keep.fill(1);
    return { keep, stride: 1 };
  }
  const stride = Math.ceil(n / STATIC_SEGMENT_BUDGET);
  const children = new Int32Array(n);
  for (let i = 0; i < n; i++) if (d.parent[i] >= 0) children[d.parent[i]]++;
  for (let i = 0; i < n; i++) keep[i] = d.parent[i] < 0 || children[i] !== 1 || i === d.soma || i % stride === 0 ? 1 : 0;
  return { keep, stride };
}

/** Figure size the static option is laid out for (the CLI's SVG size). */
const W = 960;
const H = 540;
const GRID = { left: 70, right: 130, top: 64, bottom: 48 };

/**
 * The static ECharts option: axes in µm with equal scales (laid out for 960×540), one `lines`
 * series per colour (compartments, or the colour map's buckets), a colour bar (visualMap on an
 * empty series, so it recolours nothing), the soma and the markers as scatter series.
 */
export function morphologyOption(d: MorphologyData, title: string): Record<string, unknown> {
  const n = d.ids.length;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    if (d.x[i] < x0) x0 = d.x[i];
    if (d.x[i] > x1) x1 = d.x[i];
    if (d.y[i] < y0) y0 = d.y[i];
    if (d.y[i] > y1) y1 = d.y[i];
  }
  const pw = W - GRID.left - GRID.right;
  const ph = H - GRID.top - GRID.bottom;
  const span = Math.max(x1 - x0, ((y1 - y0) * pw) / ph, 1e-6) * 1.04;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const halfW = span / 2;
  const halfH = ((span * ph) / pw) / 2;
  const continuous = d.colourBy !== 'compartment';
  const colours = continuous ? null : compartmentColours(d.compartmentNames);
  const [lo, hi] = d.range;
  // One series per colour: compartment index, or bucket (-1 = no value). A skeleton of more
  // nodes than the static figure's budget is drawn through every k-th node of its unbranched
  // runs (branch points, leaves and the soma kept), which a 960×540 image cannot tell apart.
  const kept = keptForStatic(d);
  const groups = new Map<number, Array<{ coords: [[number, number], [number, number]] }>>();
  for (let i = 0; i < n; i++) {
    if (!kept.keep[i]) continue;
    let p = d.parent[i];
    while (p >= 0 && !kept.keep[p]) p = d.parent[p];
    if (p < 0) continue;
    const key = continuous ? bucketOf(d.values[i], lo, hi) : d.compartment[i];
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ coords: [[round(d.x[p]), round(d.y[p])], [round(d.x[i]), round(d.y[i])]] });
  }
  const keys = [...groups.keys()].sort((a, b) => a - b);
  const series: Array<Record<string, unknown>> = keys.map((k) => ({
    type: 'lines',
    name: continuous ? (k < 0 ? 'no value' : `${d.valueName} bucket ${k + 1}/${BUCKETS}`) : d.compartmentNames[k],
    coordinateSystem: 'cartesian2d',
    silent: true,
    lineStyle: { color: continuous ? bucketColour(k) : colours![k], width: 1.2, opacity: 1 },
    data: groups.get(k),
  }));
  const legend: string[] = continuous ? [] : keys.map((k) => d.compartmentNames[k]);
  if (d.soma >= 0) {
    const v = d.values[d.soma];
    series.push({
      type: 'scatter',
      name: 'soma',
      symbolSize: 9,
      itemStyle: { color: continuous ? bucketColour(bucketOf(v, lo, hi)) : colours![d.compartment[d.soma]], borderColor: '#222', borderWidth: 1 },
      data: [[round(d.x[d.soma]), round(d.y[d.soma])]],
    });
    legend.push('soma');
  }
  const rowOf = new Map<number, number>();
  for (let i = 0; i < n; i++) rowOf.set(d.ids[i], i);
  for (const kind of Object.keys(MARKER_STYLE) as Array<MorphologyMarker['kind']>) {
    const ms = d.markers.filter((m) => m.kind === kind);
    if (ms.length === 0 || (kind === 'recorder' && ms.length > MAX_RECORDER_MARKERS)) continue;
    const st = MARKER_STYLE[kind];
    series.push({
      type: 'scatter',
      name: st.name,
      symbol: st.symbol,
      symbolSize: kind === 'recorder' ? 7 : 10,
      itemStyle: { color: kind === 'recorder' ? 'rgba(0,0,0,0)' : st.colour, borderColor: st.colour, borderWidth: 1.5 },
      data: ms.map((m) => {
        const r = rowOf.get(m.node)!;
        return { name: m.label, value: [round(d.x[r]), round(d.y[r])] };
      }),
    });
    legend.push(st.name);
  }
  const option: Record<string, unknown> = {
    animation: false,
    title: { text: title, subtext: (d.time !== null ? `${d.valueName} at ${round(d.time)} ms; ${d.note}` : d.note) + (kept.stride > 1 ? `; drawn through every ${kept.stride}th node of ${n.toLocaleString('en-US')} (and every branch point)` : ''), left: 10, top: 4, textStyle: { fontSize: 14 }, subtextStyle: { fontSize: 11 } },
    legend: { data: legend, right: 10, top: GRID.top, orient: 'vertical', show: legend.length > 0 },
    tooltip: { trigger: 'item' },
    grid: { ...GRID },
    xAxis: { type: 'value', name: `${d.axes[0]} (µm)`, nameLocation: 'middle', nameGap: 26, min: round(cx - halfW), max: round(cx + halfW), axisLabel: { showMinLabel: false, showMaxLabel: false }, splitLine: { show: false }, axisLine: { onZero: false } },
    yAxis: { type: 'value', name: `${d.axes[1]} (µm)`, nameLocation: 'middle', nameGap: 48, min: round(cy - halfH), max: round(cy + halfH), inverse: d.flipVertical, axisLabel: { showMinLabel: false, showMaxLabel: false }, splitLine: { show: false }, axisLine: { onZero: false } },
    series,
  };
  if (continuous) {
    // The colour bar: a visualMap bound to an empty series, so it only draws the bar.
    series.push({ type: 'scatter', name: '__colour-bar', data: [] });
    option.visualMap = {
      type: 'continuous',
      seriesIndex: series.length - 1,
      min: round(lo),
      max: round(hi),
      calculable: false,
      realtime: false,
      orient: 'vertical',
      right: 14,
      bottom: GRID.bottom,
      itemHeight: 160,
      text: [`${round(hi)} ${d.unit}`, `${round(lo)} ${d.unit}`],
      inRange: { color: [...VIRIDIS_STOPS] },
      outOfRange: { color: NO_VALUE_COLOUR },
    };
  }
  return option;
}

function optionalInput<T>(inputs: Inputs, port: string, kind: string, title: string): T | null {
  const v = inputs[port];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || (v as { kind?: unknown }).kind !== kind) throw new CoreError('input', `${title}: its "${port}" input needs a ${kind}`);
  return v as T;
}

/**
 * Inputs: neuron (required), traces and model (optional). Output: figure (sink). Params:
 * projection, flipVertical, colourBy, column, time (ms), tracePrefix, fill, vmin/vmax (mV), title.
 */
export const morphologyView: BlockDef = {
  type: 'morphology-view',
  title: 'Morphology view',
  equivalents: 'navis: navis.plot2d(n, color_by=…); NEURON: h.PlotShape',
  aliases: ['plot2d', 'navis.plot2d', 'Shape', 'PlotShape'],
  category: 'plot',
  description: 'Draw the neuron in 2-D coloured by compartment, a node column or the voltage at a time (animated over the run), with recorders, stimuli and synapses marked.',
  sink: true,
  streams: true,
  shownIn: 'morphology-view',
  inputs: {
    neuron: { type: 'neuron', label: 'neuron' },
    traces: { type: 'traces', label: 'traces', optional: true },
    model: { type: 'model', label: 'model (markers)', optional: true },
  },
  outputs: { figure: { type: 'figure', label: 'figure' } },
  params: [
    { name: 'projection', label: 'Projection', kind: 'enum', options: PROJECTIONS, default: 'xy', help: "Which plane to draw the neuron in: 'xy' looks along z (x to the right, y up), 'xz' along y, 'yz' along x." },
    {
      name: 'flipVertical',
      label: 'Vertical axis down',
      kind: 'boolean',
      default: false,
      help: 'Draw the vertical axis pointing down, as image and EM coordinates run (hemibrain, FlyWire; navis draws those so). Off: up, as usual for plots.',
    },
    {
      name: 'colourBy',
      label: 'Colour by',
      kind: 'enum',
      options: COLOUR_BY,
      default: 'compartment',
      help: "'compartment': the axon/dendrite split's labels (or the SWC types). 'column': a number per node (distance from the soma, radius, a coordinate). 'voltage': the membrane potential at a time, from the connected run's traces; play it in the view.",
    },
    { name: 'column', label: 'Column', kind: 'enum', options: COLUMNS, default: 'distance', help: 'The node column to colour by: distance from the soma along the cable, radius, or a coordinate (all µm).', visibleWhen: { param: 'colourBy', equals: ['column'] } },
    { name: 'time', label: 'Time', kind: 'number', unit: 'ms', default: 0, min: 0, step: 1, help: 'When to show the voltage (the nearest recorded sample); the view’s slider moves it, its play button animates the whole run.', visibleWhen: { param: 'colourBy', equals: ['voltage'] } },
    {
      name: 'tracePrefix',
      label: 'Trace prefix',
      kind: 'string',
      default: '',
      optional: true,
      help: "Use only the voltage traces whose label starts with this (e.g. 'v' for a recorder labelled v, whose traces are v_<node id>); empty: every voltage trace recorded at a node.",
      visibleWhen: { param: 'colourBy', equals: ['voltage'] },
    },
    {
      name: 'fill',
      label: 'Unrecorded nodes',
      kind: 'enum',
      options: FILLS,
      default: 'nearest recorded node',
      help: "'nearest recorded node': a node without a recorder shows the voltage of the nearest recorded node along the cable. 'grey': only recorded nodes are coloured.",
      visibleWhen: { param: 'colourBy', equals: ['voltage'] },
    },
    { name: 'vmin', label: 'Colour range min', kind: 'number', unit: 'mV', default: -70, step: 1, help: 'Voltage at the bottom of the colour bar (lower values are drawn in its lowest colour).', visibleWhen: { param: 'colourBy', equals: ['voltage'] } },
    { name: 'vmax', label: 'Colour range max', kind: 'number', unit: 'mV', default: 30, step: 1, help: 'Voltage at the top of the colour bar (higher values are drawn in its top colour).', visibleWhen: { param: 'colourBy', equals: ['voltage'] } },
    { name: 'title', label: 'Title', kind: 'string', default: 'Morphology', help: 'Title of the figure (and of the exported files).' },
  ],
  compute(inputs, params) {
    const title = morphologyView.title;
    const neuron = requireInput(inputs, 'neuron', 'neuron', morphologyView);
    const traces = optionalInput<TracesValue>(inputs, 'traces', 'traces', title);
    const model = optionalInput<ModelValue>(inputs, 'model', 'model', title);
    const r = paramValues(morphologyView, params);
    const fill = r.choice('fill', FILLS);
    const p: MorphologyParams = {
      projection: r.choice('projection', PROJECTIONS),
      flipVertical: r.boolean('flipVertical'),
      colourBy: r.choice('colourBy', COLOUR_BY),
      column: r.choice('column', COLUMNS),
      time: r.number('time'),
      tracePrefix: r.string('tracePrefix'),
      fill: fill === 'grey' ? 'grey' : 'nearest',
      vmin: r.number('vmin'),
      vmax: r.number('vmax'),
      title: r.string('title'),
    };
    const data = morphologyData(neuron, traces, model, p, title);
    // Coloured by a run still going: its voltages so far (the CSV only for the final result).
    const partial = traces?.partial;
    const figure: FigureValue = partial
      ? { kind: 'figure', figure: 'morphology', title: p.title, option: morphologyOption(data, p.title), csv: '', morphology: data, partial }
      : { kind: 'figure', figure: 'morphology', title: p.title, option: morphologyOption(data, p.title), csv: morphologyCsv(neuron, data), morphology: data };
    return { figure };
  },
};
