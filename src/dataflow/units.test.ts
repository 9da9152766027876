import { describe, expect, it } from 'vitest';
import { convertUnit, normalizeUnit, quantityOf, unitsOf } from './units.ts';

describe('units', () => {
  it('convert by exact powers of ten', () => {
    expect(convertUnit(8, 'nm', 'µm')).toEqual({ ok: true, value: 0.008 });
    expect(convertUnit(0.5, 's', 'ms')).toEqual({ ok: true, value: 500 });
    expect(convertUnit(0.1, 'mm', 'µm')).toEqual({ ok: true, value: 100 });
    expect(convertUnit(-0.07, 'V', 'mV')).toEqual({ ok: true, value: -70 });
    expect(convertUnit(1, 'µA', 'nA')).toEqual({ ok: true, value: 1000 });
    expect(convertUnit(3, 'pA', 'nA')).toEqual({ ok: true, value: 0.003 });
    expect(convertUnit(2, 'nS', 'µS')).toEqual({ ok: true, value: 0.002 });
    expect(convertUnit(0.3, 'mS', 'µS')).toEqual({ ok: true, value: 300 });
    expect(convertUnit(1.5, 'kHz', 'Hz')).toEqual({ ok: true, value: 1500 });
  });

  it('round once: the same number as writing the converted value', () => {
    // Multiplying by a power of ten's reciprocal would give 0.30000000000000004 here.
    for (const x of [0.3, 1.1, 7, 123.456, 1e-3]) {
      expect((convertUnit(x, 'nm', 'µm') as { value: number }).value).toBe(x / 1000);
      expect((convertUnit(x, 's', 'ms') as { value: number }).value).toBe(x * 1000);
    }
  });

  it('spell µ as u or Greek mu, case-sensitively', () => {
    expect(normalizeUnit('um')).toBe('µm');
    expect(normalizeUnit('\u03bcS')).toBe('µS');
    expect(normalizeUnit(' uA ')).toBe('µA');
    expect(normalizeUnit('us')).toBe('µs');
    expect(quantityOf('mS')).toBe('conductance');
    expect(quantityOf('ms')).toBe('time');
  });

  it('refuse other quantities, unknown units and units on plain numbers', () => {
    expect(convertUnit(5, 'mV', 'µm')).toEqual({ ok: false, problem: 'quantity', given: 'voltage', expected: 'length' });
    expect(convertUnit(5, 'inch', 'µm')).toEqual({ ok: false, problem: 'unknown', expected: 'length' });
    expect(convertUnit(5, 'mS/cm²', 'S/cm²')).toEqual({ ok: false, problem: 'unknown', expected: undefined });
    expect(convertUnit(5, 'ms', '')).toEqual({ ok: false, problem: 'dimensionless' });
    expect(convertUnit(5, 'S/cm²', 'S/cm²')).toEqual({ ok: true, value: 5 });
  });

  it('list the units of a quantity, smallest first', () => {
    expect(unitsOf('length')).toEqual(['nm', 'µm', 'mm', 'm']);
    expect(unitsOf('rate')).toEqual(['Hz', 'kHz']);
  });
});
