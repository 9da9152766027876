/**
 * insert-mechanism: a density mechanism (pas or hh) on every section or on the sections
 * covering a selection, as navis's `cmp.insert(mechanism, subset=sections, **params)`.
 */
import type { MechanismSpec } from '../src/core/cable/model.ts';
import { modelInput, selectionInput, whereOf, withParts, ON_SECTIONS_SOCKETS } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef } from './types.ts';
import { POTENTIAL } from './quantities.ts';

const MECHANISMS = ['pas', 'hh'] as const;

/**
 * Inputs: model, optional where (selection: the sections covering those nodes; else all).
 * Output: model. Params: mechanism (pas | hh); pas: g (S/cm², 1/20800), e (mV, −60);
 * hh: gnabar (S/cm², 0.12), gkbar (S/cm², 0.036), gl (S/cm², 0.0003), el (mV, −54.3).
 */
export const insertMechanism: BlockDef = {
  type: 'insert-mechanism',
  title: 'Insert mechanism',
  category: 'model',
  exportable: true,
  description: 'Insert a passive leak (pas) or Hodgkin–Huxley channels (hh) into all or selected sections.',
  ...ON_SECTIONS_SOCKETS,
  params: [
    {
      name: 'mechanism',
      label: 'Mechanism',
      kind: 'enum',
      options: MECHANISMS,
      default: 'pas',
      help: 'pas: a passive leak conductance. hh: Hodgkin–Huxley sodium, potassium and leak channels (squid axon, NEURON’s hh.mod). A mechanism applies to whole sections: a selected node stands for its section.',
    },
    {
      name: 'g',
      label: 'Leak conductance (g)',
      kind: 'number',
      unit: 'S/cm²',
      default: 1 / 20800,
      min: 0,
      step: 1e-6,
      visibleWhen: { param: 'mechanism', equals: ['pas'] },
      help: 'Specific leak conductance = 1/Rm. The tutorial uses 1/20800 S/cm² (Rm = 20800 Ω·cm², Tobin et al. 2017).',
    },
    {
      name: 'e',
      label: 'Leak reversal potential (e)',
      ...POTENTIAL,
      default: -60,
      visibleWhen: { param: 'mechanism', equals: ['pas'] },
      help: 'Reversal potential of the leak current: where the passive membrane rests. The tutorial uses −60 mV.',
    },
    {
      name: 'gnabar',
      label: 'Max. sodium conductance (gnabar)',
      kind: 'number',
      unit: 'S/cm²',
      default: 0.12,
      min: 0,
      step: 0.001,
      visibleWhen: { param: 'mechanism', equals: ['hh'] },
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
      visibleWhen: { param: 'mechanism', equals: ['hh'] },
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
      visibleWhen: { param: 'mechanism', equals: ['hh'] },
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
      visibleWhen: { param: 'mechanism', equals: ['hh'] },
      help: 'Reversal potential of hh’s leak current; NEURON’s default is −54.3 mV.',
    },
  ],
  compute(inputs, params) {
    const model = modelInput(inputs, insertMechanism);
    const sel = selectionInput(inputs, insertMechanism, model.neuron.skeleton, 'where', true);
    const p = paramValues(insertMechanism, params);
    const where = whereOf(sel);
    const mechanism = p.choice('mechanism', MECHANISMS);
    const mech: MechanismSpec =
      mechanism === 'pas'
        ? { name: 'pas', params: { g: p.number('g'), e: p.number('e') }, where }
        : { name: 'hh', params: { gnabar: p.number('gnabar'), gkbar: p.number('gkbar'), gl: p.number('gl'), el: p.number('el') }, where };
    return { model: withParts(model, { mechanisms: [...model.mechanisms, mech] }) };
  },
};
