/**
 * insert-mechanism: a density mechanism on every section or on the sections covering a
 * selection, as navis's `cmp.insert(mechanism, subset=sections, **params)`: the built-in pas or
 * hh, or any mechanism of a .mod file (`mod`), its PARAMETERs as the block's parameters under
 * their NMODL names. A RANGE parameter takes a number or an expression of the segment
 * ("0.0002 * exp(d / 323)": d path distance from the root in µm, x, y, z, diam, label).
 */
import type { MechanismSpec, SegmentValue } from '../src/core/cable/model.ts';
import { CoreError } from '../src/core/errors.ts';
import { modelInput, selectionInput, whereOf, withParts, ON_SECTIONS_SOCKETS } from './model-ops.ts';
import { loadMod, modFileName, modParamSpecs, type ModMechanism } from './mod-mechanism.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef, ComputeContext, ParamSpec, Params } from './types.ts';
import { POTENTIAL } from './quantities.ts';

/** pas's parameters (NEURON's passive.mod; the tutorial's values as defaults). */
const PAS_PARAMS: ParamSpec[] = [
  {
    name: 'g',
    label: 'Leak conductance (g)',
    kind: 'number',
    unit: 'S/cm²',
    default: 1 / 20800,
    min: 0,
    step: 1e-6,
    perSegment: true,
    help: 'Specific leak conductance = 1/Rm. The tutorial uses 1/20800 S/cm² (Rm = 20800 Ω·cm², Tobin et al. 2017).',
  },
  {
    name: 'e',
    label: 'Leak reversal potential (e)',
    ...POTENTIAL,
    default: -60,
    perSegment: true,
    help: 'Reversal potential of the leak current: where the passive membrane rests. The tutorial uses −60 mV.',
  },
];

/** hh's parameters (NEURON's hh.mod defaults). */
const HH_PARAMS: ParamSpec[] = [
  {
    name: 'gnabar',
    label: 'Max. sodium conductance (gnabar)',
    kind: 'number',
    unit: 'S/cm²',
    default: 0.12,
    min: 0,
    step: 0.001,
    perSegment: true,
    help: 'Peak sodium conductance density; NEURON’s hh default is 0.12 S/cm².',
  },
  {
    name: 'gkbar',
    label: 'Max. potassium conductance (gkbar)',
    kind: 'number',
    unit: 'S/cm²',
    default: 0.036,
    min: 0,
    step: 0.001,
    perSegment: true,
    help: 'Peak potassium conductance density; NEURON’s hh default is 0.036 S/cm².',
  },
  {
    name: 'gl',
    label: 'hh leak conductance (gl)',
    kind: 'number',
    unit: 'S/cm²',
    default: 0.0003,
    min: 0,
    step: 0.0001,
    perSegment: true,
    help: 'hh’s own leak conductance density (in addition to any pas); NEURON’s default is 0.0003 S/cm².',
  },
  {
    name: 'el',
    label: 'hh leak reversal potential (el)',
    kind: 'number',
    unit: 'mV',
    default: -54.3,
    min: -200,
    max: 200,
    step: 0.1,
    perSegment: true,
    help: 'Reversal potential of hh’s leak current; NEURON’s default is −54.3 mV.',
  },
];

const BUILTIN: Readonly<Record<string, ParamSpec[]>> = { pas: PAS_PARAMS, hh: HH_PARAMS };
const OWN = new Set(['mechanism', 'mod']);

/** The .mod file of the block, if one is chosen, as a density mechanism. */
async function modOf(params: Params, ctx: Pick<ComputeContext, 'readText'>): Promise<ModMechanism | null> {
  const ref = typeof params.mod === 'string' ? params.mod.trim() : '';
  if (!ref) return null;
  const mod = await loadMod(ref, ctx);
  const kind = mod.description.kind;
  if (kind !== 'density') throw new CoreError('input', `${modFileName(ref)} declares ${kind === 'point' ? 'a POINT_PROCESS' : 'an ARTIFICIAL_CELL'} (${mod.description.name}); place it with a Point process block`);
  return mod;
}

/** The mechanism's name: the .mod file's SUFFIX (the `mechanism` parameter, if set, must agree), or pas / hh. */
function mechanismName(params: Params, mod: ModMechanism | null): string {
  const given = typeof params.mechanism === 'string' ? params.mechanism.trim() : 'pas';
  if (mod) {
    const suffix = mod.description.name;
    if (given && given !== 'pas' && given !== suffix) throw new CoreError('input', `mechanism is '${given}' but ${modFileName(mod.file)} declares SUFFIX ${suffix}; leave mechanism at its default or set it to ${suffix}`);
    return suffix;
  }
  if (!Object.hasOwn(BUILTIN, given)) throw new CoreError('input', `unknown mechanism '${given}': the built-ins are pas and hh; for any other, choose its .mod file (mod)`);
  return given;
}

export const insertMechanism: BlockDef = {
  type: 'insert-mechanism',
  title: 'Insert mechanism',
  equivalents: 'navis: cmp.insert(\'hh\', subset=sections); NEURON: sec.insert(\'pas\'); seg.pas.g = …',
  aliases: ['insert', 'cmp.insert', 'pas', 'hh', 'density mechanism', 'NMODL', '.mod'],
  category: 'model',
  exportable: true,
  description: 'Insert a passive leak (pas), Hodgkin–Huxley channels (hh) or a mechanism from a .mod file into all or selected sections.',
  ...ON_SECTIONS_SOCKETS,
  params: [
    {
      name: 'mechanism',
      label: 'Mechanism',
      kind: 'string',
      default: 'pas',
      suggestions: ['pas', 'hh'],
      help: 'pas: a passive leak conductance. hh: Hodgkin–Huxley sodium, potassium and leak channels (squid axon, NEURON’s hh.mod). With a .mod file: its SUFFIX (set by the file). A mechanism applies to whole sections: a selected node stands for its section.',
    },
    {
      name: 'mod',
      label: 'Mechanism file (.mod)',
      kind: 'file',
      accept: ['.mod'],
      default: '',
      optional: true,
      help: 'An NMODL file (as NEURON’s nrnivmodl takes): its SUFFIX mechanism is inserted and its PARAMETERs become this block’s parameters, with their units and defaults. The file is embedded in the saved graph.',
    },
  ],
  async paramsFrom(_inputs, params, ctx) {
    const mod = await modOf(params, ctx);
    const name = mechanismName(params, mod);
    return mod ? modParamSpecs(mod, OWN) : BUILTIN[name];
  },
  async compute(inputs, params, ctx) {
    const model = modelInput(inputs, insertMechanism);
    const sel = selectionInput(inputs, insertMechanism, model.neuron.skeleton, 'where', true);
    const where = whereOf(sel);
    const mod = await modOf(params, ctx);
    const name = mechanismName(params, mod);
    const specs = mod ? modParamSpecs(mod, OWN) : BUILTIN[name];
    const p = paramValues({ type: insertMechanism.type, params: specs }, params);
    const values: Record<string, SegmentValue> = {};
    for (const s of specs) values[s.name] = p.segment(s.name);
    const mech = { name, params: values, where } as MechanismSpec;
    if (!mod) return { model: withParts(model, { mechanisms: [...model.mechanisms, mech] }) };
    const other = model.mods?.[name];
    if (other && other.text !== mod.text) throw new CoreError('input', `two different .mod files declare ${name} (${modFileName(other.file)} and ${modFileName(mod.file)}); NEURON would keep only one`);
    return { model: withParts(model, { mechanisms: [...model.mechanisms, mech], mods: { ...model.mods, [name]: mod } }) };
  },
};
