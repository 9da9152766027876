/**
 * navis converts units on its float32 node table; the 'float32' precision of scaleSkeleton gives
 * the very same float32 numbers as numpy does (the reference: numpy, run on the DA1 neuron's
 * values parsed as doubles and cast to float32, as pandas reads an SWC into navis's table).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSwc } from './swc.ts';
import { scaleSkeleton, scaleValues } from './transform.ts';
import { SHARED_DATA } from '../../../tools/shared-data.ts';

const DATA = SHARED_DATA;
const DA1 = resolve(DATA, 'hemibrain-da1-pns/swc/1734350788.swc');
const numpy = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const ready = existsSync(DA1) && numpy;
const why = !existsSync(DA1) ? ': skipped, ../shared/data is absent' : !numpy ? ': skipped, /usr/bin/python3 has no numpy' : '';

describe(`unit conversion in float32, as navis${why}`, () => {
  it.skipIf(!ready)('×0.008 (8 nm voxels → µm) and ×0.001 on the DA1 neuron equal numpy float32 bit for bit', () => {
    const sk = readSwc(readFileSync(DA1, 'utf8')).skeleton;
    const values = [...sk.x, ...sk.y, ...sk.z, ...sk.radius];
    const py = [
      'import json, sys, numpy as np',
      'v = np.array(json.load(sys.stdin), dtype=np.float64).astype(np.float32)',
      // A Python float times a float32 array: numpy keeps float32 (the factor is cast to float32).
      'print(json.dumps({k: [float(x) for x in (v * f)] for k, f in (("8nm", 0.008), ("nm", 0.001))}))',
    ].join('\n');
    const r = spawnSync('/usr/bin/python3', ['-c', py], { input: JSON.stringify(values), encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.status, r.stderr).toBe(0);
    const want = JSON.parse(r.stdout) as Record<string, number[]>;
    const f64 = Float64Array.from(values);
    for (const [k, f] of [['8nm', 0.008], ['nm', 0.001]] as const) {
      const got = scaleValues(f64, f, 'float32');
      let differ = 0;
      for (let i = 0; i < got.length; i++) if (got[i] !== want[k][i]) differ++;
      expect(differ).toBe(0);
    }
    // And the two precisions really differ on real data (else the option would be pointless).
    const dbl = scaleSkeleton(sk, 0.008, 'µm', 'double');
    const f32 = scaleSkeleton(sk, 0.008, 'µm', 'float32');
    let changed = 0;
    let worst = 0;
    for (let i = 0; i < sk.size; i++) {
      if (dbl.x[i] !== f32.x[i]) changed++;
      worst = Math.max(worst, Math.abs(dbl.x[i] - f32.x[i]) / Math.max(1e-30, Math.abs(dbl.x[i])));
    }
    expect(changed).toBeGreaterThan(sk.size / 2);
    // Three float32 roundings (the value, the factor, the product), each at most 2^-24 ≈ 6e-8 relative.
    expect(worst).toBeLessThan(3 * 2 ** -24);
  });
});
