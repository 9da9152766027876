import type { KernelEnv, MechanismDef } from '../kernels.ts';
import { hhLookup, hhTable } from './hh.ts';

/**
 * hh.mod as a catalogue mechanism, written by hand the way nocmodl translates it: USEION na/k
 * through the ion model, the current's slope by NEURON's finite difference
 * (i(v + 0.001) − i(v)) / 0.001, cnexp states with the rate table at the run's temperature.
 * The reference for the kernel path (tests, the kernel-hh benchmark) until hh is compiled from
 * its own .mod file.
 */
export function hhAsData(name = 'hh_data'): MechanismDef {
  let table: Float64Array | null = null;
  let tableCelsius = NaN;
  const r = new Float64Array(6);
  const rates = (v: number, celsius: number) => {
    if (celsius !== tableCelsius) {
      table = hhTable(celsius);
      tableCelsius = celsius;
    }
    hhLookup(table!, v, r);
  };
  const field = (name: string, role: 'parameter' | 'state' | 'assigned', unit: string, dflt = 0) => ({ name, role, unit, default: dflt });
  return {
    name,
    kind: 'density',
    fields: [
      field('gnabar', 'parameter', 'S/cm2', 0.12),
      field('gkbar', 'parameter', 'S/cm2', 0.036),
      field('gl', 'parameter', 'S/cm2', 0.0003),
      field('el', 'parameter', 'mV', -54.3),
      field('m', 'state', '1'),
      field('h', 'state', '1'),
      field('n', 'state', '1'),
      field('ina', 'assigned', 'mA/cm2'),
      field('ik', 'assigned', 'mA/cm2'),
      field('il', 'assigned', 'mA/cm2'),
    ],
    ions: [
      { ion: 'na', read: ['ena'], write: ['ina'] },
      { ion: 'k', read: ['ek'], write: ['ik'] },
    ],
    kernels: {
      initialize(m, env) {
        for (let k = 0; k < m.node.length; k++) {
          rates(env.v[m.node[k]], env.celsius);
          m.f.m[k] = r[0];
          m.f.h[k] = r[2];
          m.f.n[k] = r[4];
        }
      },
      current(m, env: KernelEnv) {
        const na = env.ions.na;
        const kk = env.ions.k;
        const { gnabar, gkbar, gl, el, ina, ik, il } = m.f;
        const mm = m.f.m;
        const hh = m.f.h;
        const nn = m.f.n;
        for (let k = 0; k < m.node.length; k++) {
          const node = m.node[k];
          const v = env.v[node];
          const ena = na.e[node];
          const ek = kk.e[node];
          const gna = gnabar[k] * mm[k] * mm[k] * mm[k] * hh[k];
          const n2 = nn[k] * nn[k];
          const gk = gkbar[k] * n2 * n2;
          // nocmodl's nrn_cur: the currents at v + 0.001 for the slopes, then at v.
          const v1 = v + 0.001;
          const ina1 = gna * (v1 - ena);
          const ik1 = gk * (v1 - ek);
          const il1 = gl[k] * (v1 - el[k]);
          const ina0 = gna * (v - ena);
          const ik0 = gk * (v - ek);
          const il0 = gl[k] * (v - el[k]);
          ina[k] = ina0;
          ik[k] = ik0;
          il[k] = il0;
          const i = ina0 + ik0 + il0;
          na.didv[node] += (ina1 - ina0) / 0.001;
          na.i[node] += ina0;
          kk.didv[node] += (ik1 - ik0) / 0.001;
          kk.i[node] += ik0;
          env.rhs[node] -= i;
          env.d[node] += (ina1 + ik1 + il1 - i) / 0.001;
        }
      },
      state(m, env) {
        // cnexp: x += (1 − exp(−dt/τ))·(x∞ − x), rates from the table at the new v.
        for (let k = 0; k < m.node.length; k++) {
          rates(env.v[m.node[k]], env.celsius);
          m.f.m[k] += (1 - Math.exp(-env.dt / r[1])) * (r[0] - m.f.m[k]);
          m.f.h[k] += (1 - Math.exp(-env.dt / r[3])) * (r[2] - m.f.h[k]);
          m.f.n[k] += (1 - Math.exp(-env.dt / r[5])) * (r[4] - m.f.n[k]);
        }
      },
    },
  };
}

