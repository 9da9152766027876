/**
 * What a recorder block records, by NEURON's name of the variable: `v`; an ion's `cai`, `cao`,
 * `eca`, `ica` (any ion a mechanism of the model uses); a density mechanism's variable as
 * `<name>_<mechanism>` (`m_hh`, `gCa_HVAbar_Ca_HVA`, any field of a .mod mechanism); or a point
 * process's variable as `<name>_<type>` (`i_ExpSyn`, `g_Exp2Syn`, any field of a .mod point
 * process) on the selected node's segment.
 */
import type { Location, RecorderSpec } from '../src/core/cable/model.ts';
import { CoreError } from '../src/core/errors.ts';
import { segmentLocator } from './model-ops.ts';
import { unitWord } from './mod-mechanism.ts';
import type { ModelValue } from './values.ts';

/** The built-in hh's recordable variables and their units. */
const HH_UNITS: Readonly<Record<string, string>> = { m: '', h: '', n: '', gnabar: 'S/cm²', gkbar: 'S/cm²', gl: 'S/cm²', el: 'mV' };
const BUILTIN_POINT_VARS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  IClamp: { i: 'nA' },
  AlphaSynapse: { i: 'nA', g: 'µS' },
  ExpSyn: { i: 'nA', g: 'µS' },
  Exp2Syn: { i: 'nA', g: 'µS' },
};

/** A recorder of `variable` at skeleton node `node`, and the unit of its trace. */
export function recorderFor(model: ModelValue, variable: string, label: string, node: number): { spec: RecorderSpec; unit: string } {
  const at: Location = { node };
  const v = variable.trim();
  if (v === 'v' || v === '') return { spec: { label, at }, unit: 'mV' };
  const mods = model.mods ?? {};
  // <name>_<mechanism> of an inserted density mechanism (the longest mechanism name that fits).
  const inserted = [...new Set(model.mechanisms.map((m) => m.name))].sort((a, b) => b.length - a.length);
  for (const mech of inserted) {
    if (!v.endsWith(`_${mech}`) || v.length <= mech.length + 1) continue;
    const name = v.slice(0, -mech.length - 1);
    if (mech === 'pas') throw new CoreError('input', `${v}: pas is folded into the solver's matrix and keeps no variables to record; record v, or insert pas from a .mod file`);
    if (mech === 'hh') {
      if (!Object.hasOwn(HH_UNITS, name)) throw new CoreError('input', `${v}: hh has no recordable variable '${name}' (it has ${Object.keys(HH_UNITS).map((x) => `${x}_hh`).join(', ')})`);
      return { spec: { label, mechanism: 'hh', variable: name, at }, unit: HH_UNITS[name] };
    }
    const def = mods[mech]?.def;
    const field = def?.fields.find((f) => f.name === name);
    if (!def || !field) throw new CoreError('input', `${v}: ${mech} has no variable '${name}'${def ? ` (it has ${def.fields.filter((f) => !f.name.startsWith('_')).map((f) => `${f.name}_${mech}`).join(', ')})` : ''}`);
    return { spec: { label, mechanism: mech, variable: name, at }, unit: unitWord(field.unit) };
  }
  // <name>_<type> of a point process on the node's segment (the last added there, as NEURON lists it first).
  const loc = segmentLocator(model);
  const seg = loc.nodeOf(at);
  for (let k = model.pointProcesses.length - 1; k >= 0; k--) {
    const pp = model.pointProcesses[k];
    if (!v.endsWith(`_${pp.type}`) || loc.nodeOf(pp.at) !== seg) continue;
    const name = v.slice(0, -pp.type.length - 1);
    const builtin = BUILTIN_POINT_VARS[pp.type];
    const field = mods[pp.type]?.def.fields.find((f) => f.name === name);
    const unit = builtin ? builtin[name] : field && unitWord(field.unit);
    if (unit === undefined) throw new CoreError('input', `${v}: a ${pp.type} has no variable '${name}'`);
    return { spec: { label, variable: name, pointProcess: k }, unit };
  }
  // An ion's variable: e<ion>, <ion>i, <ion>o, i<ion>, for an ion some .mod mechanism uses.
  const ions = new Set(Object.values(mods).flatMap((m) => m.def.ions.map((u) => u.ion)));
  for (const ion of ions) {
    const unit = v === `e${ion}` ? 'mV' : v === `${ion}i` || v === `${ion}o` ? 'mM' : v === `i${ion}` ? 'mA/cm²' : null;
    if (unit !== null) return { spec: { label, ion, variable: v, at }, unit };
  }
  const known = [
    'v',
    ...[...ions].flatMap((i) => [`${i}i`, `${i}o`, `e${i}`, `i${i}`]),
    ...inserted.filter((m) => m !== 'pas').map((m) => `<variable>_${m}`),
  ];
  throw new CoreError('input', `cannot record '${v}' at node ${node}: not v, not <variable>_<mechanism> of an inserted mechanism or of a point process on that segment, and not an ion a .mod mechanism uses (known here: ${known.join(', ')})`);
}
