import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import { BLOCKS } from '../../nodes/index.ts';
import { keySteps, nudge, sliderRange, type NumberSpec } from './slider-range.ts';

const spec = (type: string, name: string): NumberSpec => {
  const p = blockDef(type)!.params.find((q) => q.name === name);
  if (p?.kind !== 'number') throw new Error(`${type}.${name} is not a number`);
  return p;
};

describe('slider ranges fit the parameters’ typical values', () => {
  it('an onset spans a run of 1000 ms (the tutorial’s rounds start at 250–850 ms), not 0–20 ms', () => {
    expect(sliderRange(spec('synaptic-current', 'start'))).toEqual({ lo: 0, hi: 1000, step: 1 });
    expect(sliderRange(spec('current-clamp', 'start'))).toEqual({ lo: 0, hi: 1000, step: 1 });
    // Every position of the 0.1-ms step is a multiple of 0.1 ms; 250 and 850 are positions.
    for (const t of [250, 450, 650, 850]) expect(t % sliderRange(spec('synaptic-current', 'start'))!.step).toBe(0);
  });

  it('network time constants step by 1 ms over 0–200 ms (were 25–9975 ms in steps of 25)', () => {
    // Exclusive lower bound: the first position is one step above 0.
    expect(sliderRange(spec('point-network', 'if4_taum'))).toEqual({ lo: 1, hi: 200, step: 1 });
    expect(sliderRange(spec('point-network', 'if1_refrac'))).toEqual({ lo: 0.1, hi: 50, step: 0.1 });
    expect(sliderRange(spec('stimulus', 'frequency'))).toEqual({ lo: 1, hi: 500, step: 1 });
  });

  it('potentials −100…60 mV; v_init −100…0 mV; a current ±2 nA in 0.01 nA steps', () => {
    expect(sliderRange(spec('synaptic-current', 'e'))).toEqual({ lo: -100, hi: 60, step: 1 });
    expect(sliderRange(spec('run', 'v_init'))).toEqual({ lo: -100, hi: 0, step: 1 });
    expect(sliderRange(spec('current-clamp', 'current'))).toEqual({ lo: -2, hi: 2, step: 0.01 });
  });

  it('no slider where no finite span makes sense (seeds, counts up to 1e9)', () => {
    expect(sliderRange(spec('load-skeleton', 'seed'))).toBeNull();
    expect(sliderRange(spec('run', 'recordEvery'))).toBeNull();
  });

  it('every slider lies inside the parameter’s allowed range, with 4 to 10,000 positions', () => {
    for (const b of BLOCKS) {
      for (const p of b.params) {
        if (p.kind !== 'number') continue;
        const r = sliderRange(p);
        if (!r) continue;
        if (p.min !== undefined) expect(r.lo, `${b.type}.${p.name}`).toBeGreaterThanOrEqual(p.min);
        if (p.max !== undefined) expect(r.hi, `${b.type}.${p.name}`).toBeLessThanOrEqual(p.max);
        // Between 4 and 10,000 positions.
        expect((r.hi - r.lo) / r.step, `${b.type}.${p.name}`).toBeGreaterThanOrEqual(4);
        expect((r.hi - r.lo) / r.step, `${b.type}.${p.name}`).toBeLessThanOrEqual(10_000);
      }
    }
  });
});

describe('the keyboard nudge steps from the value, never to a slider end', () => {
  it('an onset of 2500 ms (past the slider’s 1000) goes to 2501 / 2499, not 1000', () => {
    const s = spec('synaptic-current', 'start');
    const r = sliderRange(s)!;
    expect(nudge(s, r, 2500, keySteps('ArrowUp'))).toBe(2501);
    expect(nudge(s, r, 2500, keySteps('ArrowLeft'))).toBe(2499);
    expect(nudge(s, r, 2500, keySteps('PageDown'))).toBe(2490);
  });

  it('a time constant of 0.1 ms (slider step 0.1) goes to 0.2, and not below its exclusive 0', () => {
    const s = spec('synaptic-current', 'tau');
    const r = sliderRange(s)!;
    expect(nudge(s, r, 0.1, 1)).toBe(0.2);
    expect(nudge(s, r, 0.2, 1)).toBe(0.3);
    expect(nudge(s, r, 0.1, -1)).toBe(0.1);
  });

  it('a value at the parameter’s own bound stays there; whole numbers stay whole', () => {
    const s = spec('run', 'v_init');
    expect(nudge(s, sliderRange(s)!, -200, -1)).toBe(-200);
    expect(nudge(s, sliderRange(s)!, 150, 1)).toBe(151);
    const w = spec('rate-plot', 'window');
    expect(nudge(w, sliderRange(w)!, 3, 1)).toBe(4);
    expect(keySteps('Enter')).toBe(0);
  });
});
