/**
 * `point-network`: a network of integrate-and-fire point neurons from an edge list, as navis's
 * `PointNetwork.from_edge_list` builds it (tools/neuron/EVENTS.md §7): one neuron per id found
 * in the edges, sorted as numpy's `np.unique` sorts them, one NetCon per edge in edge order
 * with the same delay.
 */
import Papa from 'papaparse';
import { CoreError } from '../src/core/errors.ts';
import { dict, hasKey } from '../src/core/dict.ts';
import { checkNetworkSpec, networkSpecFromEdges, type NoiseSource, type PointModel } from '../src/core/network/network.ts';
import { fileLabel, readFileParam } from './edge-list.ts';
import type { BlockDef, ParamSpec, Params } from './types.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { EdgesValue, NetworkValue } from './values.ts';
import { seedOf } from './quantities.ts';

const MODELS: readonly PointModel[] = ['IntFire1', 'IntFire2', 'IntFire4'];
const NOISES = ['random123', 'neuron-default'] as const;

/**
 * The model parameters as block params. Block param names carry the model (`if4_taum`) because
 * IntFire2 and IntFire4 both have a `taum` with different defaults; `neuron` is NEURON's name.
 * Defaults are NEURON's (intfire1.mod, intfire2.mod, intfire4.mod).
 */
const MODEL_PARAMS: ReadonlyArray<{ model: PointModel; neuron: string; name: string; unit: string; default: number; min: number; max: number; help: string }> = [
  { model: 'IntFire1', neuron: 'tau', name: 'if1_tau', unit: 'ms', default: 10, min: 0, max: 1e4, help: 'Membrane time constant: the state m decays to 0 with it between inputs.' },
  { model: 'IntFire1', neuron: 'refrac', name: 'if1_refrac', unit: 'ms', default: 5, min: 0, max: 1e4, help: 'Refractory period after a spike, during which inputs are ignored.' },
  { model: 'IntFire2', neuron: 'taus', name: 'if2_taus', unit: 'ms', default: 20, min: 0, max: 1e4, help: 'Synaptic current time constant (NEURON uses taum + 0.1 if it is not larger than taum).' },
  { model: 'IntFire2', neuron: 'taum', name: 'if2_taum', unit: 'ms', default: 10, min: 0, max: 1e4, help: 'Membrane time constant.' },
  { model: 'IntFire2', neuron: 'ib', name: 'if2_ib', unit: '', default: 0, min: -10, max: 10, help: 'Bias current, relative to the threshold (above 1 the neuron fires on its own).' },
  { model: 'IntFire4', neuron: 'taue', name: 'if4_taue', unit: 'ms', default: 5, min: 0, max: 1e4, help: 'Excitatory synaptic time constant (NEURON keeps taue < taui1 < taui2 < taum by adjusting them).' },
  { model: 'IntFire4', neuron: 'taui1', name: 'if4_taui1', unit: 'ms', default: 10, min: 0, max: 1e4, help: 'First inhibitory time constant: an inhibitory input decays with it into a current that decays with taui2.' },
  { model: 'IntFire4', neuron: 'taui2', name: 'if4_taui2', unit: 'ms', default: 20, min: 0, max: 1e4, help: 'Second inhibitory time constant.' },
  { model: 'IntFire4', neuron: 'taum', name: 'if4_taum', unit: 'ms', default: 50, min: 0, max: 1e4, help: 'Membrane time constant.' },
];

/**
 * Labels from a CSV with a header: an `id` column and the label column (extra columns ignored).
 * Returns label by id, with warnings about ids that the network does not have.
 */
export function readLabels(text: string, file: string, column: string, names: readonly string[]): { labels: Record<string, string>; warnings: string[] } {
  const what = `labels file ${file}`;
  const parsed = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { newline: '\n', skipEmptyLines: false });
  const rows: Array<{ r: string[]; line: number }> = [];
  parsed.data.forEach((r, i) => {
    if (r.some((f) => f.trim() !== '')) rows.push({ r, line: i + 1 });
  });
  if (rows.length === 0) throw new CoreError('input', `${what}: empty`);
  const head = rows[0].r.map((h) => h.trim().toLowerCase());
  const idCol = head.indexOf('id');
  const labelCol = head.indexOf(column.trim().toLowerCase());
  if (idCol < 0 || labelCol < 0) {
    throw new CoreError('input', `${what} line ${rows[0].line}: missing column "${idCol < 0 ? 'id' : column}" (header is: ${rows[0].r.join(',')})`, { line: rows[0].line });
  }
  const known = new Set(names);
  const labels = dict<string>();
  const firstLine = new Map<string, number>();
  let unknown = 0;
  for (let k = 1; k < rows.length; k++) {
    const { r, line } = rows[k];
    const id = (r[idCol] ?? '').trim();
    const label = (r[labelCol] ?? '').trim();
    if (!id) throw new CoreError('input', `${what} line ${line}: empty id`, { line });
    // An empty cell is no label: the neuron is labelled as one missing from the file.
    if (!label) continue;
    const prev = firstLine.get(id);
    if (prev !== undefined) {
      if (labels[id] !== label) throw new CoreError('input', `${what} line ${line}: neuron ${id} is labelled "${label}" but line ${prev} labels it "${labels[id]}"`, { line });
      continue;
    }
    firstLine.set(id, line);
    labels[id] = label;
    if (!known.has(id)) unknown++;
  }
  const warnings: string[] = [];
  if (unknown) warnings.push(`${what}: ${unknown} labelled id(s) are not neurons of this network (ignored)`);
  const missing = names.filter((n) => !hasKey(labels, n)).length;
  // navis labels neurons missing from a label dict 'NA' (network.py, add_neurons).
  if (missing) warnings.push(`${what}: ${missing} neuron(s) have no label (not listed, or an empty cell) and are labelled "NA", as navis does`);
  return { labels, warnings };
}

const modelParamSpecs: ParamSpec[] = MODEL_PARAMS.map((p) => ({
  name: p.name,
  label: p.neuron,
  kind: 'number',
  unit: p.unit,
  default: p.default,
  min: p.min,
  max: p.max,
  // The slider's ends: time constants of integrate-and-fire cells are ms to a few hundred ms.
  ...(p.unit === 'ms' ? { softMin: 0, softMax: p.name === 'if1_refrac' ? 50 : 200 } : {}),
  // Time constants must be positive; ib may be any number in its range.
  exclusive: p.unit === 'ms' ? true : undefined,
  help: `${p.model}: ${p.help} NEURON’s default: ${p.default}${p.unit ? ` ${p.unit}` : ''}.`,
  visibleWhen: { param: 'model', equals: [p.model] },
}));

/** A network block's labels file (`help` says what it groups) and the column that holds the label. */
export function labelParams(help: string): ParamSpec[] {
  return [
    { name: 'labels', label: 'labels file', kind: 'file', accept: ['.csv'], default: '', optional: true, help },
    { name: 'labelColumn', label: 'label column', kind: 'string', default: 'label', help: 'Column of the labels file that holds the label (e.g. "celltype" in a connectome’s neuron table).' },
  ];
}

export const pointNetworkBlock: BlockDef = {
  type: 'point-network',
  title: 'Point network',
  // Checking and ordering millions of edges (and a neuron table) is seconds of work: not on the page's thread.
  heavy: true,
  equivalents: 'navis: net = navis.interfaces.neuron.PointNetwork.from_edge_list(edges, model=\'IntFire1\'); NEURON: h.IntFire1, h.IntFire2 or h.IntFire4 cells + h.NetCon',
  aliases: ['IntFire1', 'IntFire2', 'IntFire4', 'NetCon', 'PointNetwork', 'navis.interfaces.neuron.PointNetwork', 'from_edge_list'],
  category: 'network',
  exportable: true,
  description: 'A network of integrate-and-fire point neurons (IntFire1/2/4) from an edge list, as navis’s PointNetwork.from_edge_list.',
  inputs: { edges: { type: 'edges', label: 'edges' } },
  outputs: { network: { type: 'network', label: 'network' } },
  params: [
    {
      name: 'model',
      label: 'neuron model',
      kind: 'enum',
      options: MODELS,
      default: 'IntFire1',
      help: 'NEURON’s artificial cell for every neuron. navis’s default is IntFire1; the tutorial uses IntFire4 (fires after summed inputs reach threshold, with separate excitatory and inhibitory dynamics).',
    },
    ...modelParamSpecs,
    {
      name: 'delay',
      softMin: 0, softMax: 50,
      label: 'synaptic delay',
      kind: 'number',
      unit: 'ms',
      default: 5,
      min: 0,
      max: 1000,
      help: 'Delay of every edge’s NetCon, from a presynaptic spike to its arrival (navis: 5 ms).',
    },
    ...labelParams('Optional CSV with a header `id,label` (e.g. cell types) used to group neurons in plots; neurons it does not label (or labels with an empty cell) get "NA", as in navis. Empty: each neuron’s id is its label, as in navis.'),
    {
      name: 'noise',
      label: 'stimulus noise',
      kind: 'enum',
      options: NOISES,
      default: 'random123',
      help: 'How noisy stimuli draw their intervals. random123: one reproducible stream per NetStim from the seed (NEURON’s Random123 generator). neuron-default: NEURON’s shared default generator as a freshly started NEURON (and so navis) draws it — spike-exact with a fresh NEURON run, but every NetStim shares one stream.',
    },
    {
      name: 'seed',
      label: 'seed',
      ...seedOf(4294967295),
      default: 1,
      help: 'Random123 seed (first stream id) for the stimuli’s noise; each NetStim gets its own stream under it.',
      visibleWhen: { param: 'noise', equals: ['random123'] },
    },
  ],
  async compute(inputs, params: Params, ctx) {
    const edges = (requireInput(inputs, 'edges', 'edges', pointNetworkBlock) as EdgesValue).edges;
    const p = paramValues(pointNetworkBlock, params);
    const model = p.choice('model', MODELS);
    const modelParams: Record<string, number> = {};
    for (const m of MODEL_PARAMS) if (m.model === model) modelParams[m.neuron] = p.number(m.name);
    const delay = p.number('delay');
    const noise: NoiseSource = p.choice('noise', NOISES) === 'neuron-default' ? { kind: 'neuron-default' } : { kind: 'random123', seed: p.number('seed') };
    const warnings = [...edges.warnings];
    let labels: Record<string, string> | undefined;
    const ref = p.file('labels').trim();
    if (ref) {
      // An emptied field means the usual column name.
      const column = p.string('labelColumn').trim() || 'label';
      const text = await readFileParam(ctx, ref, 'labels file');
      const read = readLabels(text, fileLabel(ref), column, edges.names);
      labels = read.labels;
      warnings.push(...read.warnings);
    }
    // The neurons ordered as navis orders them, the model and edges checked; the simulator is
    // built by run-network only (the value is data), so it is not built here as well.
    const spec = networkSpecFromEdges(edges, { model, params: modelParams, labels, delay });
    warnings.push(...checkNetworkSpec(spec).warnings);
    const own = (a: ArrayLike<number>) => (a instanceof Float64Array ? a : Float64Array.from(a));
    const ownInt = (a: ArrayLike<number>) => (a instanceof Int32Array ? a : Int32Array.from(a));
    const value: NetworkValue = {
      kind: 'network',
      names: spec.names,
      labels: spec.labels ?? [...spec.names],
      model,
      params: modelParams,
      // Values are immutable: the edge list's own typed columns are shared, not copied.
      edges: {
        source: ownInt(spec.edges.source),
        target: ownInt(spec.edges.target),
        weight: own(spec.edges.weight),
        delay: typeof spec.edges.delay === 'number' || spec.edges.delay === undefined ? delay : own(spec.edges.delay),
      },
      stimuli: [],
      noise,
      warnings,
    };
    return { network: value };
  },
};
