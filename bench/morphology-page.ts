/**
 * A page for the morphology benches (bench/morphology-anim.ts): it builds neurons and runs
 * models with the blocks' own compute functions, in the page, and mounts one
 * `<nw-morphology-view>` on the result. The bench drives it through `window.__morph`.
 */
import { loadSkeleton } from '../nodes/load-skeleton.ts';
import { setSoma } from '../nodes/set-soma.ts';
import { reroot } from '../nodes/reroot.ts';
import { splitAxonDendrite } from '../nodes/split-axon-dendrite.ts';
import { select } from '../nodes/select.ts';
import { compartmentModel } from '../nodes/compartment-model.ts';
import { setProperties } from '../nodes/set-properties.ts';
import { insertMechanism } from '../nodes/insert-mechanism.ts';
import { currentClamp } from '../nodes/current-clamp.ts';
import { voltageRecorder } from '../nodes/voltage-recorder.ts';
import { run } from '../nodes/run.ts';
import { morphologyView } from '../nodes/morphology-view.ts';
import type { BlockDef, ComputeContext, Inputs, Params } from '../nodes/types.ts';
import type { FigureValue, NeuronValue } from '../nodes/values.ts';
import '../src/ui/morphology/morphology-view.ts';
import type { MorphologyView } from '../src/ui/morphology/morphology-view.ts';

const files = new Map<string, string>();
const ctx: ComputeContext = {
  signal: new AbortController().signal,
  progress: () => {},
  readText: async (ref) => {
    const t = files.get(ref);
    if (t === undefined) throw new Error(`no file ${ref}`);
    return t;
  },
  nodeId: 'bench',
};

async function out<T>(def: BlockDef, inputs: Inputs, params: Params, port: string): Promise<T> {
  return (await def.compute(inputs, params, ctx))[port] as T;
}

/** Load a skeleton (and synapses) given as text; soma/reroot at `soma` and split when asked. */
async function neuronOf(swc: string, csv: string | null, units: string, soma: number | null, split: boolean): Promise<NeuronValue> {
  files.set('n.swc', swc);
  if (csv) files.set('n.csv', csv);
  let n = await out<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'n.swc', synapses: csv ? 'n.csv' : '', units }, 'neuron');
  if (soma !== null) {
    n = await out<NeuronValue>(reroot, { neuron: n }, { node: [soma] }, 'neuron');
    n = await out<NeuronValue>(setSoma, { neuron: n }, { node: [soma] }, 'neuron');
  }
  if (split) n = await out<NeuronValue>(splitAxonDendrite, { neuron: n }, { cellBodyFiber: 'soma' }, 'neuron');
  return n;
}

function mount(figure: FigureValue): MorphologyView {
  const host = document.getElementById('host')!;
  host.replaceChildren();
  const el = document.createElement('nw-morphology-view');
  el.nodeId = 'view';
  el.figure = figure;
  el.status = { state: 'done', ms: 0 };
  host.append(el);
  return el;
}

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));

const api = {
  /**
   * The tutorial cell (pas everywhere, hh on axon and linker) with a clamp at the soma and
   * every node recorded; run for `tstop` ms; the view coloured by voltage.
   */
  async everyNodeRecorded(swc: string, csv: string, tstop: number): Promise<{ nodes: number; frames: number; stride: number; runMs: number; blockMs: number }> {
    const n = await neuronOf(swc, csv, '8 nm voxels', 20, true);
    let m = await out<unknown>(compartmentModel, { neuron: n }, { res: 10 }, 'model');
    m = await out(setProperties, { model: m }, {}, 'model');
    m = await out(insertMechanism, { model: m }, { mechanism: 'pas' }, 'model');
    const axon = await out(select, { neuron: n }, { mode: 'compartment', labels: 'axon, linker' }, 'selection');
    m = await out(insertMechanism, { model: m, where: axon }, { mechanism: 'hh' }, 'model');
    const somaSel = await out(select, { neuron: n }, { mode: 'soma' }, 'selection');
    m = await out(currentClamp, { model: m, where: somaSel }, { start: 5, duration: 50, current: 0.2 }, 'model');
    const labels = [...new Set(n.skeleton.labelNames.filter((l, k) => k > 0 && n.skeleton.label.includes(k)))];
    if (n.skeleton.label.includes(0)) throw new Error('some nodes are unlabelled');
    const all = await out<{ ids: Int32Array }>(select, { neuron: n }, { mode: 'compartment', labels: labels.join(', ') }, 'selection');
    m = await out(voltageRecorder, { model: m, where: all }, { label: 'v' }, 'model');
    const t0 = performance.now();
    const traces = await out(run, { model: m }, { tstop }, 'traces');
    const t1 = performance.now();
    const fig = await out<FigureValue>(morphologyView, { neuron: n, traces, model: m }, { colourBy: 'voltage', time: 10, tracePrefix: 'v', flipVertical: true, title: 'DA1, every node recorded' }, 'figure');
    const t2 = performance.now();
    mount(fig);
    await frame();
    await frame();
    const v = fig.morphology!.voltage!;
    return { nodes: all.ids.length, frames: v.times.length, stride: v.stride, runMs: t1 - t0, blockMs: t2 - t1 };
  },

  /** A neuron coloured by compartment (or distance from the soma), mounted. */
  async show(swc: string, csv: string | null, units: string, soma: number | null, split: boolean, colourBy: string): Promise<{ nodes: number; blockMs: number }> {
    const n = await neuronOf(swc, csv, units, soma, split);
    const t0 = performance.now();
    const fig = await out<FigureValue>(morphologyView, { neuron: n }, { colourBy, column: n.skeleton.soma >= 0 ? 'distance' : 'y', flipVertical: units !== 'µm' }, 'figure');
    const blockMs = performance.now() - t0;
    mount(fig);
    await frame();
    await frame();
    return { nodes: n.skeleton.size, blockMs };
  },

  view(): MorphologyView {
    return document.querySelector('nw-morphology-view')!;
  },

  /** Play for `ms` and count the draws the animation made and the rAF ticks meanwhile. */
  async playFor(ms: number): Promise<{ draws: number; ticks: number; seconds: number; drawMs: number[] }> {
    const v = api.view();
    let ticks = 0;
    let live = true;
    const drawMs: number[] = [];
    const count = () => {
      if (!live) return;
      ticks++;
      drawMs.push(v.lastDrawMs);
      requestAnimationFrame(count);
    };
    const d0 = v.drawnFrames;
    const t0 = performance.now();
    v.play();
    requestAnimationFrame(count);
    await new Promise((r) => setTimeout(r, ms));
    v.pause();
    live = false;
    return { draws: v.drawnFrames - d0, ticks, seconds: (performance.now() - t0) / 1000, drawMs };
  },

  /**
   * Pan and zoom `n` times, each redraw flushed to pixels (getImageData of one pixel forces the
   * canvas to rasterise), and the ms per redraw.
   */
  redraws(n: number): { msPerRedraw: number; median: number } {
    const v = api.view();
    const canvas = v.shadowRoot!.querySelector('canvas')!;
    const c2 = canvas.getContext('2d')!;
    const ts: number[] = [];
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      if (i % 4 === 0) v.zoomAt(1.15, w * 0.4, h * 0.6);
      else if (i % 4 === 1) v.panBy(7, -5);
      else if (i % 4 === 2) v.zoomAt(1 / 1.15, w * 0.4, h * 0.6);
      else v.panBy(-7, 5);
      c2.getImageData(0, 0, 1, 1);
      ts.push(performance.now() - t0);
    }
    const s = [...ts].sort((a, b) => a - b);
    return { msPerRedraw: ts.reduce((a, b) => a + b, 0) / n, median: s[s.length >> 1] };
  },
};

(window as unknown as { __morph: typeof api }).__morph = api;
