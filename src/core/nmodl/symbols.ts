/**
 * What NEURON provides to every .mod file without a declaration: variables (v, t, dt, celsius,
 * area, diam, PI) and the functions of nocmodl's extdef list that we support, with their arity,
 * and the names of NEURON's built-in mechanisms that a new mechanism may not take.
 */

/** Variables NEURON defines; a .mod may also declare them (e.g. `v (mV)` in PARAMETER) to give a unit. */
export const BUILTIN_VARS: ReadonlyMap<string, string> = new Map([
  ['v', 'mV'],
  ['t', 'ms'],
  ['dt', 'ms'],
  ['celsius', 'degC'],
  ['area', 'um2'],
  ['diam', 'um'],
  ['PI', '1'],
]);

/**
 * NEURON's variables a mechanism may read but never assign: nocmodl refuses them as "a special
 * NEURON variable that should not be assigned a value in a model description file" (v may be).
 */
export const READ_ONLY_VARS: ReadonlySet<string> = new Set(['area', 'diam', 't', 'dt', 'celsius']);

/** Supported built-in functions and their number of arguments (null: any number, as printf). */
export const BUILTIN_FUNCS: ReadonlyMap<string, number | null> = new Map<string, number | null>([
  ['exp', 1],
  ['log', 1],
  ['log10', 1],
  ['fabs', 1],
  ['sqrt', 1],
  ['pow', 2],
  ['sin', 1],
  ['cos', 1],
  ['tan', 1],
  ['asin', 1],
  ['acos', 1],
  ['atan', 1],
  ['atan2', 2],
  ['sinh', 1],
  ['cosh', 1],
  ['tanh', 1],
  ['floor', 1],
  ['ceil', 1],
  ['fmod', 2],
  ['erf', 1],
  ['printf', null],
  ['net_send', 2],
  ['net_event', 1],
  ['net_move', 1],
  ['at_time', 1],
  ['nrn_ghk', 4],
  ['exprand', 1],
  ['normrand', 2],
  ['scop_random', 0],
  ['set_seed', 1],
  ['state_discontinuity', 2],
]);

/** Functions that only make sense in an event-driven mechanism (point process or artificial cell). */
export const EVENT_FUNCS: ReadonlySet<string> = new Set(['net_send', 'net_event', 'net_move']);

/** The rest of nocmodl's extdef list: known to NEURON, refused here by name. */
export const UNSUPPORTED_FUNCS: ReadonlySet<string> = new Set(
  (
    'first_time error prterr threshold force deflate expfit derivs spline hyperbol revhyperbol sigmoid revsigmoid ' +
    'harmonic squarewave sawtooth revsawtooth ramp pulse perpulse step perstep factorial gauss poisrand poisson ' +
    'setseed boundary romberg legendre invert stepforce schedule nrn_pointing nrn_random_play'
  ).split(' '),
);

/** Names of NEURON's built-in mechanisms (NeuroWire's catalogue holds the same ones). */
export const BUILTIN_MECHANISMS: readonly string[] = ['pas', 'hh', 'IClamp', 'ExpSyn', 'Exp2Syn', 'AlphaSynapse', 'NetStim', 'IntFire1', 'IntFire2', 'IntFire4'];

/** The supported integration methods and the block kinds each can solve (nocmodl's init.cpp table). */
export const METHODS: ReadonlyMap<string, readonly ('derivative' | 'kinetic')[]> = new Map<string, readonly ('derivative' | 'kinetic')[]>([
  ['cnexp', ['derivative']],
  ['derivimplicit', ['derivative']],
  ['euler', ['derivative', 'kinetic']],
  ['sparse', ['kinetic']],
]);

/** Methods NEURON knows that NeuroWire does not provide. */
export const UNSUPPORTED_METHODS: ReadonlySet<string> = new Set(['runge', 'newton', 'simeq', '_advance', 'after_cvode', 'cvode_t', 'cvode_t_v', 'adrunge', 'heun', 'adeuler', 'clsoda', 'seidel', 'gear', 'lsoda']);

/** The default valence of the ions NEURON defines itself. */
export const ION_VALENCE: ReadonlyMap<string, number> = new Map([
  ['na', 1],
  ['k', 1],
  ['ca', 2],
]);

/** The variables of ion `x`: ex, xi, xo, ix. */
export function ionVariables(ion: string): { e: string; i: string; o: string; cur: string } {
  return { e: `e${ion}`, i: `${ion}i`, o: `${ion}o`, cur: `i${ion}` };
}
