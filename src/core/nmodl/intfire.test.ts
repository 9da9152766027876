/**
 * NEURON's integrate-and-fire cells compiled from their own .mod files (intfire1.mod,
 * intfire2.mod, intfire4.mod: ARTIFICIAL_CELL, NET_RECEIVE, net_send, net_move, net_event)
 * give the hand-written built-ins' spike trains (src/core/events/intfire.ts, which match NEURON
 * spike for spike): the same chain network run by the point network and by the cable engine
 * with the compiled cells.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../tools/shared-data.ts';
import { compileModel } from '../cable/compile.ts';
import type { CableModelSpec, NetConSpec, PointProcessSpec } from '../cable/model.ts';
import { branchedCell } from '../cable/branched-cell.ts';
import { PointNetwork } from '../network/network.ts';
import { compileMechanism } from './compile.ts';

const ZOO = resolve(SHARED_DATA, 'nmodl-zoo/nrn-8.2.2/src/nrnoc');
const hasZoo = existsSync(resolve(ZOO, 'intfire1.mod'));

/** A chain 0 → 1 → 2 (delay 5 ms, each model's weights) with neuron 0 driven at `frequency` Hz from 2 ms. */
const CHAIN = { frequency: 150, start: 2, stop: 300, tstop: 300 };

function builtIn(model: 'IntFire1' | 'IntFire2' | 'IntFire4', params: Record<string, number>, inputWeight: number, weights: readonly number[]): Float64Array[] {
  const net = new PointNetwork({
    names: ['a', 'b', 'c'],
    model,
    params,
    edges: { source: [0, 1], target: [1, 2], weight: weights, delay: 5 },
    stimuli: [{ neurons: [0], start: CHAIN.start, stop: CHAIN.stop, frequency: CHAIN.frequency, randomness: 0, independent: true, weight: inputWeight }],
  });
  return net.run(CHAIN.tstop).spikes;
}

function compiled(file: string, params: Record<string, number>, inputWeight: number, weights: readonly number[]): Float64Array[] {
  const r = compileMechanism(readFileSync(resolve(ZOO, file), 'utf8'), file, { allowBuiltinNames: true });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`).join('\n'));
  const def = r.def;
  expect(def.kind).toBe('artificial');
  const base = branchedCell({ mechanisms: [{ name: 'pas', params: { g: 1e-4, e: -65 }, where: 'all' }] });
  const soma = base.recorders.length ? (base.recorders[0] as { at: PointProcessSpec['at'] }).at : { node: base.skeleton.id[0], x: 0 };
  const pointProcesses: PointProcessSpec[] = [0, 1, 2].map((k) => ({ type: def.name, at: soma, params, label: `n${k}` }));
  // As PointNetwork builds it: the edges' NetCons first, then the stimulus NetStim's; spike recorders last.
  const netCons: NetConSpec[] = [
    { source: { pointProcess: 0 }, target: { pointProcess: 1 }, weight: weights[0], delay: 5 },
    { source: { pointProcess: 1 }, target: { pointProcess: 2 }, weight: weights[1], delay: 5 },
    { source: { netStim: 0 }, target: { pointProcess: 0 }, weight: inputWeight, delay: 0 },
    ...[0, 1, 2].map((k): NetConSpec => ({ source: { pointProcess: k }, target: null, label: `n${k}` })),
  ];
  const interval = 1000 / CHAIN.frequency;
  const number = Math.trunc(((CHAIN.stop - CHAIN.start) * CHAIN.frequency) / 1000);
  const spec: CableModelSpec = {
    ...base,
    recorders: [],
    pointProcesses,
    netStims: [{ params: { start: CHAIN.start, interval, number, noise: 0 } }],
    netCons,
    catalogue: { [def.name]: def },
  };
  const res = compileModel(spec).run({ tstop: CHAIN.tstop, dt: 0.025 });
  return [0, 1, 2].map((k) => res.spikes?.[`n${k}`] ?? new Float64Array());
}

describe.skipIf(!hasZoo)(`IntFire1/2/4 from their .mod files vs the built-ins${hasZoo ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
  for (const [model, file, params, w, weights] of [
    ['IntFire1', 'intfire1.mod', { tau: 10, refrac: 2 }, 0.6, [1.1, 1.2]],
    ['IntFire2', 'intfire2.mod', { taus: 20, taum: 10, ib: 0.5 }, 0.3, [0.7, 0.8]],
    ['IntFire4', 'intfire4.mod', { taue: 5, taui1: 10, taui2: 20, taum: 50 }, 0.5, [0.7, 0.8]],
  ] as const) {
    it(`${file} gives the built-in ${model}'s spike times in a 3-cell chain`, () => {
      const ours = compiled(file, params, w, weights);
      const ref = builtIn(model, params, w, weights);
      for (let k = 0; k < 3; k++) {
        expect(ours[k].length, `cell ${k} spike count`).toBe(ref[k].length);
        for (let i = 0; i < ref[k].length; i++) expect(Math.abs(ours[k][i] - ref[k][i])).toBeLessThan(1e-9);
      }
      // The chain carries activity to its end (else the comparison would be trivial).
      expect(ref[2].length).toBeGreaterThan(3);
      console.log(`${file} vs built-in ${model}: spikes ${ref.map((s) => s.length).join('/')}`);
    });
  }
});
