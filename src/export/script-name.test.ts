import { describe, expect, it } from 'vitest';
import { scriptBaseName } from './script-name.ts';
import { SAFE_NAME_MAX } from '../dataflow/safe-names.ts';

describe('the exported script’s file name', () => {
  it('keeps the whole title of every example (they were cut at 60 characters: "…_scenari")', () => {
    expect(scriptBaseName('Compartment model: synaptic currents (navis tutorial, scenario 1)')).toBe('Compartment_model_synaptic_currents_navis_tutorial_scenario_1');
    expect(scriptBaseName('Compartment model: noisy synaptic input (navis tutorial, scenario 2)')).toBe('Compartment_model_noisy_synaptic_input_navis_tutorial_scenario_2');
    expect(scriptBaseName('f–I curve: firing rate against injected current')).toBe('f_I_curve_firing_rate_against_injected_current');
    expect(scriptBaseName('Réseau à deux neurones')).toBe('Reseau_a_deux_neurones');
  });

  it('a title over 100 characters is cut at a word boundary; nothing usable gives "model"', () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const name = scriptBaseName(long);
    expect(name.length).toBeLessThanOrEqual(SAFE_NAME_MAX);
    // word0…word9 are 5 characters, word10… 6: word0…word14 with 14 `_` is 50 + 30 + 14 = 94; `_word15` would make 101.
    expect(name).toBe(Array.from({ length: 15 }, (_, i) => `word${i}`).join('_'));
    expect(name.length).toBe(94);
    expect(scriptBaseName('x'.repeat(150))).toBe('x'.repeat(100));
    expect(scriptBaseName('../../')).toBe('model');
    expect(scriptBaseName(undefined)).toBe('model');
    expect(scriptBaseName('--help')).toBe('help');
    expect(scriptBaseName('CON')).toBe('CON_');
  });
});
