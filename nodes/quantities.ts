/**
 * The kinds of quantity that block parameters share, each with its unit, range and slider step
 * written once: a parameter spec spreads one and adds its name, label, default and help
 * (`{ name: 'e', label: '…', ...POTENTIAL, default: -60, help: '…' }`).
 */

/** A membrane, reversal or threshold potential (mV): ±200 mV bounds every physiological value; the slider spans −100…60 mV. */
export const POTENTIAL = { kind: 'number', unit: 'mV', min: -200, max: 200, softMin: -100, softMax: 60, step: 1 } as const;

/** A time constant of a synapse or channel (ms): strictly positive (NEURON divides by it); the slider spans 0…50 ms. */
export const TIME_CONSTANT = { kind: 'number', unit: 'ms', min: 0, exclusive: true, softMax: 50, step: 0.1 } as const;

/** A fraction from 0 to 1 (dimensionless), e.g. NetStim's noise. */
export const FRACTION = { kind: 'number', unit: '', min: 0, max: 1, step: 0.05 } as const;

/** A seed of a random stream (a whole number ≥ 0); `max` is the generator's largest. */
export function seedOf(max: number) {
  return { kind: 'number', unit: '', min: 0, max, integer: true } as const;
}
