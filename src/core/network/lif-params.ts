/**
 * Parameters of the clock-driven LIF population (lif-population.ts) and the constants of its
 * exact update, computed as Brian2 2.5.1 computes them so that round-off (and so spikes) match.
 *
 * The model is the whole-brain Drosophila model of Shiu et al. 2024, "A Drosophila computational
 * brain model reveals sensorimotor processing", Nature 634: current-based leaky integrate-and-fire
 * neurons with an exponentially decaying synaptic input x (both in mV):
 *
 *     dv/dt = (x − (v − v_0)) / t_mbr     (unless refractory)
 *     dx/dt = −x / tau                    (unless refractory)
 *     spike when v > v_th; then v = v_rst, x = 0, and v, x stay frozen for t_rfc
 *     a presynaptic spike adds w × w_syn to the target's x after t_dly (w: signed synapse count)
 *     a Poisson input (rate r_poi) adds f_poi × w_syn to v (enough to make the neuron fire)
 *
 * The published values (defaults below) come from that paper (membrane values after Kakaria and
 * de Bivort 2017); t_mbr = R·C = 20 ms.
 */
import { CoreError } from '../errors.ts';

/** The model's parameters, in the units of their names' comments. */
export interface LifParams {
  /** Resting potential (mV). */
  v_0: number;
  /** Reset potential after a spike (mV). */
  v_rst: number;
  /** Spike threshold (mV): a spike when v > v_th. */
  v_th: number;
  /** Membrane time constant R·C (ms). */
  t_mbr: number;
  /** Decay time constant of the synaptic input x (ms). */
  tau: number;
  /** Refractory period (ms): v and x frozen after a spike. */
  t_rfc: number;
  /** Synaptic delay, one for every edge (ms). */
  t_dly: number;
  /** Weight of one synapse (mV added to x per unit of edge weight). */
  w_syn: number;
  /** Poisson input rate (Hz). */
  r_poi: number;
  /** Poisson (and input spike) weight as a multiple of w_syn (dimensionless): f_poi × w_syn is added to v. */
  f_poi: number;
}

/** Published values (Shiu et al. 2024). */
export const LIF_DEFAULTS: Readonly<LifParams> = Object.freeze({
  v_0: -52,
  v_rst: -52,
  v_th: -45,
  t_mbr: 20,
  tau: 5,
  t_rfc: 2.2,
  t_dly: 1.8,
  w_syn: 0.275,
  r_poi: 150,
  f_poi: 250,
});

/** Unit of each parameter (for messages and labels). */
export const LIF_UNITS: Readonly<Record<keyof LifParams, string>> = Object.freeze({
  v_0: 'mV',
  v_rst: 'mV',
  v_th: 'mV',
  t_mbr: 'ms',
  tau: 'ms',
  t_rfc: 'ms',
  t_dly: 'ms',
  w_syn: 'mV',
  r_poi: 'Hz',
  f_poi: '',
});

/** The constants of one time step, in SI units (V, s) as Brian2 holds them. */
export interface LifStepConstants {
  /** dt (s). */
  dt: number;
  /** v' = c7 + (c8·x + c9·v): Brian2's _lio_7, _lio_8, _lio_9. */
  c7: number;
  c8: number;
  c9: number;
  /** x' = c10·x: Brian2's _lio_10. */
  c10: number;
  /** Threshold and reset (V). */
  vth: number;
  vrst: number;
  v0: number;
  /** Refractory period in steps (Brian2's timestep(t_rfc, dt)). */
  rfcSteps: number;
  /** Synaptic delay in steps (Brian2's spike queue: ⌊t_dly/dt + 0.5⌋). */
  delaySteps: number;
  /** Weight of one synapse (V). */
  wsyn: number;
  /** Weight of an input spike, w_syn·f_poi (V). */
  winput: number;
  /** Poisson probability per step, r_poi·dt. */
  pPoisson: number;
}

/** A quantity in Brian2's SI value: `value * mV` and `value * ms` are value × 0.001 in Brian2. */
const si = (value: number) => value * 0.001;

/** Brian2's timestep(t, dt): ⌊(t + 10⁻³·dt)/dt⌋ (times in s), so that multiples of dt do not fall a step short. */
export function brianTimestep(t: number, dt: number): number {
  return Math.trunc((t + 1e-3 * dt) / dt);
}

/** Merge parameters over the defaults and refuse what cannot run, naming the parameter and its unit. */
export function lifParams(params: Partial<Record<string, number>> = {}): LifParams {
  const out: LifParams = { ...LIF_DEFAULTS };
  for (const [k, v] of Object.entries(params)) {
    if (!(k in LIF_DEFAULTS)) throw new CoreError('model', `the LIF model has no parameter "${k}" (it has ${Object.keys(LIF_DEFAULTS).join(', ')})`);
    if (v === undefined) continue;
    if (!Number.isFinite(v)) throw new CoreError('model', `LIF ${k} must be a finite number${unitWords(k as keyof LifParams)}, got ${v}`);
    out[k as keyof LifParams] = v;
  }
  for (const k of ['t_mbr', 'tau'] as const) if (!(out[k] > 0)) throw new CoreError('model', `LIF ${k} must be a positive number of ms, got ${out[k]}`);
  for (const k of ['t_rfc', 't_dly', 'r_poi'] as const) if (!(out[k] >= 0)) throw new CoreError('model', `LIF ${k} must be ≥ 0${unitWords(k)}, got ${out[k]}`);
  return out;
}

function unitWords(k: keyof LifParams): string {
  const u = LIF_UNITS[k];
  return u ? ` of ${u}` : '';
}

/**
 * The step constants for parameters p (mV, ms, Hz) and dt (ms). Brian2 solves these linear
 * equations with its 'exact' (linear) integrator; the code it generates (numpy target) is
 *
 *     _lio_1 = tau/(t_mbr − tau); _lio_4 = −dt/t_mbr; _lio_5 = −dt/tau
 *     _lio_7 = v_0 − v_0·exp(_lio_4)
 *     _lio_8 = ((_lio_1·(−exp(dt/t_mbr) + exp(dt/tau)))·exp(_lio_4))·exp(_lio_5)
 *     v' = _lio_7 + (_lio_8·x + exp(_lio_4)·v);  x' = exp(_lio_5)·x
 *
 * evaluated here with the same SI values, operations and order, so that v and x are the same
 * doubles as Brian2's (given the same exp: numpy's AVX-512 exp is 1 ulp off the C library's for
 * some arguments, see tools/brian2/run_lif.py). When t_mbr = tau that solution divides by zero
 * (Brian2 gives NaN); the limit, dt/t_mbr·exp(−dt/tau), is used instead.
 */
export function lifStepConstants(p: LifParams, dtMs: number): LifStepConstants {
  if (!(dtMs > 0) || !Number.isFinite(dtMs)) throw new CoreError('input', `the time step dt must be a positive number of ms, got ${dtMs}`);
  const dt = si(dtMs);
  const tmbr = si(p.t_mbr);
  const tau = si(p.tau);
  const v0 = si(p.v_0);
  const lio1 = tau / (tmbr - tau);
  const lio2 = dt / tmbr;
  const lio3 = dt / tau;
  const lio4 = -dt / tmbr;
  const lio5 = -dt / tau;
  const c7 = v0 - v0 * Math.exp(lio4);
  const c8 = tmbr === tau ? (dt / tmbr) * Math.exp(lio5) : lio1 * (-Math.exp(lio2) + Math.exp(lio3)) * Math.exp(lio4) * Math.exp(lio5);
  const wsyn = si(p.w_syn);
  return {
    dt,
    c7,
    c8,
    c9: Math.exp(lio4),
    c10: Math.exp(lio5),
    vth: si(p.v_th),
    vrst: si(p.v_rst),
    v0,
    rfcSteps: brianTimestep(si(p.t_rfc), dt),
    delaySteps: Math.floor(si(p.t_dly) / dt + 0.5),
    wsyn,
    winput: wsyn * p.f_poi,
    pPoisson: p.r_poi * dt,
  };
}
