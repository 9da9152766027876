/**
 * set-properties: axial resistivity and membrane capacitance, for the whole model (navis
 * `cmp.Ra = …; cmp.cm = …`) or for the sections covering a selection.
 */
import type { PropertySpec, SegmentValue } from '../src/core/cable/model.ts';
import { modelInput, selectionInput, whereOf, withParts, ON_SECTIONS_SOCKETS } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef } from './types.ts';

/**
 * Inputs: model, optional where (selection: only the sections covering those nodes).
 * Output: model. Params: Ra (Ω·cm, default 266.1), cm (µF/cm², default 0.8); empty = unchanged.
 */
export const setProperties: BlockDef = {
  type: 'set-properties',
  title: 'Set properties',
  equivalents: 'navis: cmp.Ra = 266.1; cmp.cm = 0.8; NEURON: sec.Ra, sec.cm',
  aliases: ['Ra', 'cm', 'cmp.Ra', 'cmp.cm', 'axial resistance', 'capacitance'],
  category: 'model',
  exportable: true,
  description: 'Set axial resistivity Ra and membrane capacitance cm, everywhere or on selected sections.',
  ...ON_SECTIONS_SOCKETS,
  params: [
    {
      name: 'Ra',
      label: 'Axial resistivity (Ra)',
      kind: 'number',
      unit: 'Ω·cm',
      default: 266.1,
      min: 0,
      exclusive: true,
      step: 1,
      optional: true,
      perSegment: true,
      help: 'Specific axial resistivity of the cytoplasm. The tutorial uses 266.1 Ω·cm (Tobin et al. 2017); NEURON’s default is 35.4. Empty: unchanged. An expression of the section (d, x, y, z, diam, label) is evaluated at each section’s centre.',
    },
    {
      name: 'cm',
      label: 'Membrane capacitance (cm)',
      kind: 'number',
      unit: 'µF/cm²',
      default: 0.8,
      min: 0,
      exclusive: true,
      step: 0.05,
      optional: true,
      perSegment: true,
      help: 'Specific membrane capacitance. The tutorial uses 0.8 µF/cm² (Tobin et al. 2017); NEURON’s default is 1. Empty: unchanged. An expression of the segment (e.g. "d > 300 ? 2 : 1": d path distance from the root in µm, x, y, z, diam, label) is evaluated at each segment’s centre.',
    },
  ],
  compute(inputs, params) {
    const model = modelInput(inputs, setProperties);
    const sel = selectionInput(inputs, setProperties, model.neuron.skeleton, 'where', true);
    const p = paramValues(setProperties, params);
    // Empty: unchanged; a number or an expression of the segment otherwise.
    const read = (name: 'Ra' | 'cm'): SegmentValue | null => (params[name] === null ? null : p.segment(name));
    const Ra = read('Ra');
    const cm = read('cm');
    if (Ra === null && cm === null) return { model };
    const entry: PropertySpec = { where: whereOf(sel) };
    if (Ra !== null) entry.Ra = Ra;
    if (cm !== null) entry.cm = cm;
    // Everywhere, on a model without per-section values, numbers: just the model-wide value, as
    // navis's `cmp.Ra = x` sets it on every section. Otherwise a property entry, applied in
    // order after the earlier ones, so later blocks win as later assignments do in NEURON.
    if (sel === null && model.properties.length === 0 && typeof (Ra ?? 0) === 'number' && typeof (cm ?? 0) === 'number') {
      return { model: withParts(model, { Ra: (Ra as number | null) ?? model.Ra, cm: (cm as number | null) ?? model.cm }) };
    }
    return { model: withParts(model, { properties: [...model.properties, entry] }) };
  },
};
