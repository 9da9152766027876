/**
 * point-process: any point process at each selected node — NEURON's IClamp, AlphaSynapse,
 * ExpSyn or Exp2Syn, or the POINT_PROCESS / ARTIFICIAL_CELL of a .mod file — with its parameters
 * under their NMODL names, as NEURON's PointProcessManager places one. One with NET_RECEIVE may be
 * driven by a spike train (a NetStim through a NetCon per instance, as Synaptic input does).
 */
import type { PointProcessSpec } from '../src/core/cable/model.ts';
import { ALPHA_SYNAPSE_DEFAULTS } from '../src/core/cable/mechanisms/alpha-synapse.ts';
import { ICLAMP_DEFAULTS } from '../src/core/cable/mechanisms/iclamp.ts';
import { EXP2SYN_DEFAULTS, EXPSYN_DEFAULTS } from '../src/core/cable/model.ts';
import { CoreError } from '../src/core/errors.ts';
import { atNodesInputs, withParts, AT_NODES_SOCKETS } from './model-ops.ts';
import { loadMod, modFileName, modParamSpecs, type ModMechanism } from './mod-mechanism.ts';
import { paramValues } from './param-values.ts';
import { synapticInput, withSpikeTrainOnto, type TrainParam } from './synaptic-input.ts';
import type { BlockDef, ComputeContext, ParamSpec, Params } from './types.ts';

/** NEURON's built-in point processes: parameters (NMODL names, NEURON's units and defaults). */
const num = (name: string, unit: string, def: number, help: string, min?: number): ParamSpec => ({ name, label: name, kind: 'number', unit, default: def, help, ...(min === undefined ? {} : { min }) });
const BUILTIN: Readonly<Record<string, ParamSpec[]>> = {
  IClamp: [
    num('del', 'ms', ICLAMP_DEFAULTS.del, 'Onset of the current step.', 0),
    num('dur', 'ms', ICLAMP_DEFAULTS.dur, 'Duration of the current step.', 0),
    num('amp', 'nA', ICLAMP_DEFAULTS.amp, 'Amplitude (positive: depolarising).'),
  ],
  AlphaSynapse: [
    num('onset', 'ms', ALPHA_SYNAPSE_DEFAULTS.onset, 'Time of the conductance’s start.', 0),
    num('tau', 'ms', ALPHA_SYNAPSE_DEFAULTS.tau, 'Time to peak of the alpha function.', 0),
    num('gmax', 'µS', ALPHA_SYNAPSE_DEFAULTS.gmax, 'Peak conductance.', 0),
    num('e', 'mV', ALPHA_SYNAPSE_DEFAULTS.e, 'Reversal potential.'),
  ],
  ExpSyn: [num('tau', 'ms', EXPSYN_DEFAULTS.tau, 'Decay time constant of the conductance.', 0), num('e', 'mV', EXPSYN_DEFAULTS.e, 'Reversal potential.')],
  Exp2Syn: [
    num('tau1', 'ms', EXP2SYN_DEFAULTS.tau1, 'Rise time constant.', 0),
    num('tau2', 'ms', EXP2SYN_DEFAULTS.tau2, 'Decay time constant.', 0),
    num('e', 'mV', EXP2SYN_DEFAULTS.e, 'Reversal potential.'),
  ],
};
/** Built-ins that receive events (NET_RECEIVE). */
const RECEIVES = new Set(['ExpSyn', 'Exp2Syn']);

/** The spike train's parameters, named apart from any NMODL PARAMETER (a .mod may declare start or seed). */
const TRAIN: Readonly<Record<TrainParam, string>> = {
  start: 'train_start',
  spike_no: 'train_number',
  spike_int: 'train_interval',
  spike_noise: 'train_noise',
  seed: 'train_seed',
  cn_delay: 'netcon_delay',
  cn_weight: 'netcon_weight',
};
const trainSpecs: ParamSpec[] = (Object.entries(TRAIN) as Array<[TrainParam, string]>).map(([from, name]) => {
  const spec = synapticInput.params.find((p) => p.name === from);
  if (!spec) throw new Error(`synaptic-input has no parameter ${from}`);
  // No train unless asked for: 0 spikes by default.
  return { ...spec, name, label: `${spec.label} (input)`, ...(from === 'spike_no' ? { default: 0, help: 'Spikes of an input train (a NetStim through a NetCon per instance) onto a point process that receives events (NET_RECEIVE: ExpSyn, Exp2Syn, a .mod synapse or artificial cell); 0 for none.' } : {}) } as ParamSpec;
});

const OWN_PARAMS: ParamSpec[] = [
  {
    name: 'type',
    label: 'Point process',
    kind: 'string',
    default: 'IClamp',
    suggestions: Object.keys(BUILTIN),
    help: 'NEURON’s IClamp, AlphaSynapse, ExpSyn or Exp2Syn; with a .mod file, its POINT_PROCESS or ARTIFICIAL_CELL (set by the file).',
  },
  {
    name: 'mod',
    label: 'Point process file (.mod)',
    kind: 'file',
    accept: ['.mod'],
    default: '',
    optional: true,
    help: 'An NMODL file with a POINT_PROCESS or ARTIFICIAL_CELL: placed at each selected node, its PARAMETERs become this block’s parameters. The file is embedded in the saved graph.',
  },
  {
    name: 'label',
    label: 'Label',
    kind: 'string',
    default: '',
    optional: true,
    help: 'Optional name of the instances (label, or label_<node id> for several), for messages.',
  },
  ...trainSpecs,
];
const OWN = new Set(OWN_PARAMS.map((p) => p.name));

async function modOf(params: Params, ctx: Pick<ComputeContext, 'readText'>): Promise<ModMechanism | null> {
  const ref = typeof params.mod === 'string' ? params.mod.trim() : '';
  if (!ref) return null;
  const mod = await loadMod(ref, ctx);
  if (mod.description.kind === 'density') throw new CoreError('input', `${modFileName(ref)} declares a density mechanism (SUFFIX ${mod.description.name}); insert it with an Insert mechanism block`);
  return mod;
}

function typeName(params: Params, mod: ModMechanism | null): string {
  const given = typeof params.type === 'string' ? params.type.trim() : 'IClamp';
  if (mod) {
    const name = mod.description.name;
    if (given && given !== 'IClamp' && given !== name) throw new CoreError('input', `type is '${given}' but ${modFileName(mod.file)} declares ${name}; leave type at its default or set it to ${name}`);
    return name;
  }
  if (!Object.hasOwn(BUILTIN, given)) throw new CoreError('input', `unknown point process '${given}': the built-ins are ${Object.keys(BUILTIN).join(', ')}; for any other, choose its .mod file (mod)`);
  return given;
}

export const pointProcess: BlockDef = {
  type: 'point-process',
  title: 'Point process',
  equivalents: 'NEURON: h.<POINT_PROCESS>(seg), with h.NetStim + h.NetCon for a spike train',
  aliases: ['POINT_PROCESS', 'ARTIFICIAL_CELL', 'IClamp', 'ExpSyn', 'Exp2Syn', 'NetCon'],
  category: 'stimulus',
  exportable: true,
  description: 'Place a point process (IClamp, a synapse, or any POINT_PROCESS / ARTIFICIAL_CELL from a .mod file) at each selected node, optionally driven by a spike train.',
  ...AT_NODES_SOCKETS,
  params: OWN_PARAMS,
  async paramsFrom(_inputs, params, ctx) {
    const mod = await modOf(params, ctx);
    const name = typeName(params, mod);
    return mod ? modParamSpecs(mod, OWN) : BUILTIN[name];
  },
  async compute(inputs, params, ctx) {
    const mod = await modOf(params, ctx);
    const type = typeName(params, mod);
    const specs = mod ? modParamSpecs(mod, OWN) : BUILTIN[type];
    const { model, sel, p } = atNodesInputs(pointProcess, inputs, params);
    const own = paramValues({ type: pointProcess.type, params: specs }, params);
    const values: Record<string, number> = {};
    for (const s of specs) values[s.name] = own.number(s.name);
    const label = p.string('label').trim();
    const placed = Array.from(sel.ids, (node): PointProcessSpec => ({ type, at: { node }, params: { ...values }, ...(label ? { label: sel.ids.length > 1 ? `${label}_${node}` : label } : {}) }));
    const mods = mod ? { ...model.mods, [type]: mod } : model.mods;
    const other = model.mods?.[type];
    if (mod && other && other.text !== mod.text) throw new CoreError('input', `two different .mod files declare ${type} (${modFileName(other.file)} and ${modFileName(mod.file)}); NEURON would keep only one`);
    const withMods = mods ? withParts(model, { mods }) : model;
    if (p.number(TRAIN.spike_no) === 0) return { model: withParts(withMods, { pointProcesses: [...model.pointProcesses, ...placed] }) };
    const receives = mod ? mod.def.ir?.netReceive !== undefined : RECEIVES.has(type);
    if (!receives) throw new CoreError('input', `${type} receives no events (it has no NET_RECEIVE), so an input train cannot drive it; set '${TRAIN.spike_no}' to 0`);
    return { model: withSpikeTrainOnto(withMods, placed, p, TRAIN) };
  },
};
