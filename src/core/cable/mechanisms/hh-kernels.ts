import type { KernelEnv, MechanismDef } from '../kernels.ts';
import type { KExpr, KStmt } from '../kernel-ir.ts';
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


// hh.mod as kernel IR (kernel-ir.ts), compiled to WebAssembly by the engine: the form the
// NMODL compiler gives. Rates computed at every call (NEURON's usetable_hh = 0).
const num = (v: number): KExpr => ({ k: 'num', v });
const fld = (name: string): KExpr => ({ k: 'field', name });
const loc = (name: string): KExpr => ({ k: 'local', name });
const bin = (op: '+' | '-' | '*' | '/', a: KExpr, b: KExpr): KExpr => ({ k: 'bin', op, a, b });
const add = (a: KExpr, b: KExpr) => bin('+', a, b);
const sub = (a: KExpr, b: KExpr) => bin('-', a, b);
const mul = (a: KExpr, b: KExpr) => bin('*', a, b);
const div = (a: KExpr, b: KExpr) => bin('/', a, b);
const exp = (a: KExpr): KExpr => ({ k: 'call', fn: 'exp', args: [a] });
const V: KExpr = { k: 'v' };

/** hh.mod's vtrap(x, y): x/(exp(x/y) − 1), or y·(1 − x/y/2) when |x/y| < 1e-6. */
function vtrap(x: KExpr, y: KExpr): KExpr {
  return { k: 'cond', c: { k: 'cmp', op: '<', a: { k: 'call', fn: 'fabs', args: [div(x, y)] }, b: num(1e-6) }, a: mul(y, sub(num(1), div(div(x, y), num(2)))), b: div(x, sub(exp(div(x, y)), num(1))) };
}

/** hh.mod's PROCEDURE rates(v) at the membrane potential `v` into locals minf … ntau. */
function ratesAt(v: KExpr): KStmt[] {
  const let_ = (name: string, e: KExpr): KStmt => ({ k: 'let', name, e });
  const gate = (g: string, alpha: KExpr, beta: KExpr): KStmt[] => [
    let_('alpha', alpha),
    let_('beta', beta),
    let_('sum', add(loc('alpha'), loc('beta'))),
    let_(`${g}tau`, div(num(1), mul(loc('q10'), loc('sum')))),
    let_(`${g}inf`, div(loc('alpha'), loc('sum'))),
  ];
  return [
    let_('q10', { k: 'call', fn: 'pow', args: [num(3), div(sub({ k: 'celsius' }, num(6.3)), num(10))] }),
    ...gate('m', mul(num(0.1), vtrap({ k: 'neg', a: add(v, num(40)) }, num(10))), mul(num(4), exp(div({ k: 'neg', a: add(v, num(65)) }, num(18))))),
    ...gate('h', mul(num(0.07), exp(div({ k: 'neg', a: add(v, num(65)) }, num(20)))), div(num(1), add(exp(div({ k: 'neg', a: add(v, num(35)) }, num(10))), num(1)))),
    ...gate('n', mul(num(0.01), vtrap({ k: 'neg', a: add(v, num(55)) }, num(10))), mul(num(0.125), exp(div({ k: 'neg', a: add(v, num(65)) }, num(80))))),
  ];
}

/** hh.mod's currents at potential `v` into locals ina<s>, ik<s>, il<s>. */
function currentsAt(v: KExpr, s: string): KStmt[] {
  return [
    { k: 'let', name: `ina${s}`, e: mul(loc('gna'), sub(v, { k: 'ion', ion: 'na', array: 'e' })) },
    { k: 'let', name: `ik${s}`, e: mul(loc('gk'), sub(v, { k: 'ion', ion: 'k', array: 'e' })) },
    { k: 'let', name: `il${s}`, e: mul(fld('gl'), sub(v, fld('el'))) },
  ];
}

/** hh.mod as a catalogue mechanism with kernel IR (compiled to WebAssembly by the engine). */
export function hhAsIR(name = 'hh_ir'): MechanismDef {
  const js = hhAsData(name);
  // cnexp as nocmodl writes it: x = x + (1 − exp(dt·(−1/τ)))·(−(x∞/τ)/(−1/τ) − x).
  const cnexp = (x: string): KStmt => {
    const b = div(num(-1), loc(`${x}tau`));
    return { k: 'store', field: x, e: add(fld(x), mul(sub(num(1), exp(mul({ k: 'dt' }, b))), sub(div({ k: 'neg', a: div(loc(`${x}inf`), loc(`${x}tau`)) }, b), fld(x)))) };
  };
  const m3h = mul(mul(fld('gnabar'), mul(mul(fld('m'), fld('m')), fld('m'))), fld('h'));
  return {
    name,
    kind: 'density',
    fields: js.fields,
    ions: js.ions,
    ir: {
      initialize: [...ratesAt(V), { k: 'store', field: 'm', e: loc('minf') }, { k: 'store', field: 'h', e: loc('hinf') }, { k: 'store', field: 'n', e: loc('ninf') }],
      current: [
        { k: 'let', name: 'gna', e: m3h },
        { k: 'let', name: 'gk', e: mul(fld('gkbar'), mul(mul(fld('n'), fld('n')), mul(fld('n'), fld('n')))) },
        ...currentsAt(add(V, num(0.001)), '1'),
        ...currentsAt(V, '0'),
        { k: 'store', field: 'ina', e: loc('ina0') },
        { k: 'store', field: 'ik', e: loc('ik0') },
        { k: 'store', field: 'il', e: loc('il0') },
        { k: 'let', name: 'i', e: add(add(loc('ina0'), loc('ik0')), loc('il0')) },
        { k: 'addIon', ion: 'na', array: 'didv', e: div(sub(loc('ina1'), loc('ina0')), num(0.001)) },
        { k: 'addIon', ion: 'na', array: 'i', e: loc('ina0') },
        { k: 'addIon', ion: 'k', array: 'didv', e: div(sub(loc('ik1'), loc('ik0')), num(0.001)) },
        { k: 'addIon', ion: 'k', array: 'i', e: loc('ik0') },
        { k: 'addNode', array: 'rhs', e: { k: 'neg', a: loc('i') } },
        { k: 'addNode', array: 'd', e: div(sub(add(add(loc('ina1'), loc('ik1')), loc('il1')), loc('i')), num(0.001)) },
      ],
      state: [...ratesAt(V), cnexp('m'), cnexp('h'), cnexp('n')],
    },
  };
}
