/**
 * What changes between the plans of one compartment model at the points of a sweep: the
 * numbers the script must set per point (its columns `P[k]`), or the first part of the plan
 * that changes otherwise (a structure the script builds once: sections, recorders, where a
 * point process sits, the run's time axis), which the export refuses.
 *
 * The plans are NeuroWire's own (plan.ts at each point's parameter values), so a column holds
 * exactly the number NeuroWire's run of that point uses, units converted.
 */
import type { CompartmentPlan, PlanValue, SectionSet } from './plan.ts';

/** Where a number sits in a plan: keys and indices from the plan's root. */
export type PlanPath = ReadonlyArray<string | number>;

/** One number the script sets per point. */
export interface PlanColumn {
  path: PlanPath;
  /** Its value in the plan of the graph's own values. */
  base: number;
}

export type PlanChanges = { ok: true; columns: PlanColumn[]; rows: number[][] } | { ok: false; path: PlanPath };

/** The plan's numbers the script can set per point: everything it writes as a value, nothing it builds from. */
const SETTABLE: ReadonlyArray<(p: PlanPath) => boolean> = [
  (p) => p.length === 3 && (p[0] === 'Ra' || p[0] === 'cm') && p[2] === 'value',
  (p) => p.length === 4 && p[0] === 'mechanisms' && p[2] === 'params',
  (p) => p.length === 2 && p[0] === 'globals',
  (p) => p.length === 4 && (p[0] === 'pointProcesses' || p[0] === 'netStims') && p[2] === 'params',
  (p) => p.length === 3 && p[0] === 'netStims' && p[2] === 'seed',
  (p) => p.length === 3 && p[0] === 'netCons' && (p[2] === 'weight' || p[2] === 'delay'),
  (p) => p.length === 4 && p[0] === 'netCons' && p[2] === 'source' && p[3] === 'threshold',
  (p) => p.length === 2 && p[0] === 'run' && (p[1] === 'celsius' || p[1] === 'v_init'),
];

export function settable(path: PlanPath): boolean {
  return SETTABLE.some((f) => f(path));
}

/** The number at `path` of a plan. */
export function valueAt(plan: unknown, path: PlanPath): number {
  let v: unknown = plan;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  if (typeof v !== 'number') throw new Error(`internal: no number at ${JSON.stringify(path)} of a plan`);
  return v;
}

/** Numbers that differ between a and b (paths added to `varying`); the first other difference, or null. */
function diff(a: unknown, b: unknown, path: Array<string | number>, varying: Map<string, PlanPath>): PlanPath | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (!Object.is(a, b)) varying.set(JSON.stringify(path), [...path]);
    return null;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [...path];
    for (let k = 0; k < a.length; k++) {
      const d = diff(a[k], b[k], [...path, k], varying);
      if (d) return d;
    }
    return null;
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length || ka.some((k, i) => kb[i] !== k)) return [...path];
    for (const k of ka) {
      const d = diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, k], varying);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : [...path];
}

function expand(groups: CompartmentPlan['Ra'], n: number): PlanValue[] {
  const out = new Array<PlanValue>(n);
  for (const g of groups) for (const s of g.sections === 'all' ? Array.from({ length: n }, (_, k) => k) : g.sections) out[s] = g.value;
  return out;
}

/**
 * Ra or cm of every plan grouped by the sections that share their values at every point (not
 * at the graph's values alone: a swept Ra may meet another block's value at one point), so that
 * each group is one assignment and its value one column.
 */
function regroup(plans: CompartmentPlan[], key: 'Ra' | 'cm'): Array<CompartmentPlan['Ra']> {
  const n = plans[0].sections.length;
  const per = plans.map((p) => expand(p[key], n));
  const groups = new Map<string, number[]>();
  for (let s = 0; s < n; s++) {
    const id = JSON.stringify(per.map((v) => v[s]));
    const g = groups.get(id);
    if (g) g.push(s);
    else groups.set(id, [s]);
  }
  const sets = [...groups.values()].map((secs): { first: number; sections: SectionSet } => ({ first: secs[0], sections: secs.length === n ? 'all' : secs }));
  return per.map((values) => sets.map((g) => ({ value: values[g.first], sections: g.sections })));
}

/**
 * The columns that vary over `points` against `base` (plans of one run block), with the value
 * of each column per point, or the path of the first change the script cannot set per point.
 * Returns `base` with Ra and cm regrouped for the columns (and points alike), to be written
 * instead of the graph's plan.
 */
export function planChanges(base: CompartmentPlan, points: CompartmentPlan[]): { base: CompartmentPlan; changes: PlanChanges } {
  const all = [base, ...points];
  const Ra = regroup(all, 'Ra');
  const cm = regroup(all, 'cm');
  const plans = all.map((p, k) => ({ ...p, Ra: Ra[k], cm: cm[k] }));
  const varying = new Map<string, PlanPath>();
  for (const p of plans.slice(1)) {
    const bad = diff(plans[0], p, [], varying);
    if (bad) return { base: plans[0], changes: { ok: false, path: bad } };
  }
  const paths = [...varying.values()];
  const bad = paths.find((p) => !settable(p));
  if (bad) return { base: plans[0], changes: { ok: false, path: bad } };
  return {
    base: plans[0],
    changes: { ok: true, columns: paths.map((path) => ({ path, base: valueAt(plans[0], path) })), rows: plans.slice(1).map((p) => paths.map((path) => valueAt(p, path))) },
  };
}

/** What a change at `path` is, in words, for the export's refusal. */
export function changeText(path: PlanPath): string {
  const head = path[0];
  switch (head) {
    case 'sections':
    case 'trees':
    case 'segments':
    case 'nodes':
    case 'env':
    case 'skeletonName':
      return "the model's sections (geometry or nseg), which the script builds once";
    case 'exprs':
    case 'Ra':
    case 'cm':
      return 'a per-segment expression';
    case 'mods':
      return 'the .mod files';
    case 'mechanisms':
      return path[2] === 'exprs' ? 'a per-segment expression' : 'which mechanisms are inserted where';
    case 'pointProcesses':
      return path[2] === 'at' ? 'where a point process sits' : 'the point processes';
    case 'netStims':
    case 'netCons':
    case 'spikes':
      return 'the stimuli, connections or spike detectors';
    case 'recorders':
      return 'the recorders';
    case 'run':
      return "the run's duration, time step or sampling (the points of a sweep share one time axis)";
    default:
      return `the model's ${String(head)}`;
  }
}
