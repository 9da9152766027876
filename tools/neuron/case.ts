/**
 * The NeuroWire side of a validation case: build the model a case file describes with
 * `src/core` (independently of run_case.py, following the rules in README.md) and run it.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSwc } from '../../src/core/morphology/swc.ts';
import { reroot, scaleSkeleton } from '../../src/core/morphology/transform.ts';
import { discretize, segmentCount } from '../../src/core/cable/discretize.ts';
import type { MechanismCatalogue } from '../../src/core/cable/kernels.ts';
import { compileModel } from '../../src/core/cable/compile.ts';
import type { Location, MechanismSpec, PointProcessSpec, RecorderSpec, RunResult, Where } from '../../src/core/cable/model.ts';
import type { CableEngine } from '../../src/core/cable/engine.ts';

export interface CaseFile {
  name: string;
  description?: string;
  morphology: { swc: string; scale?: number; root?: number };
  discretization: { res?: number; nseg?: number };
  Ra: number;
  cm: number;
  mechanisms: Array<{ name: string; params?: Record<string, number>; where: 'all' | { nodes: number[] } | { sections: number[] } }>;
  pointProcesses: Array<{ type: string; at: Location; params?: Record<string, number> }>;
  record: Array<{ label: string; at: Location } | { label: string; pointProcess: number; variable: 'i' | 'g' }>;
  netstims?: Array<{ params?: Record<string, number>; seed?: number }>;
  netcons?: Array<{
    source: { netstim: number } | { at: Location; threshold?: number };
    target: { pointProcess: number } | null;
    delay?: number;
    weight?: number;
    label?: string;
  }>;
  run: { tstop: number; v_init?: number; dt?: number; celsius?: number };
  output?: { every?: number };
}

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export { SHARED_DATA as SHARED } from '../shared-data.ts';
import { SHARED_DATA as SHARED } from '../shared-data.ts';

/** Resolve a case's morphology path ("shared:…" is under ../shared/data). */
export function resolveCasePath(p: string, caseDir: string): string {
  if (p.startsWith('shared:')) return resolve(SHARED, p.slice('shared:'.length));
  return isAbsolute(p) ? p : resolve(caseDir, p);
}

export interface BuiltCase {
  engine: CableEngine;
  sections: number;
  segments: number;
  trees: number;
  nodes: number;
  warnings: string[];
}

/** Build the engine for a case (`caseDir` resolves relative paths; `catalogue`: mechanisms besides pas and hh). */
export function buildCase(c: CaseFile, caseDir: string, catalogue?: MechanismCatalogue): BuiltCase {
  const text = readFileSync(resolveCasePath(c.morphology.swc, caseDir), 'utf8');
  const read = readSwc(text, { name: c.morphology.swc });
  let sk = read.skeleton;
  if (c.morphology.scale !== undefined && c.morphology.scale !== 1) sk = scaleSkeleton(sk, c.morphology.scale);
  if (c.morphology.root !== undefined) sk = reroot(sk, c.morphology.root);
  const disc = discretize(sk, c.discretization);
  const engine = compileModel({
    skeleton: sk,
    discretization: disc,
    Ra: c.Ra,
    cm: c.cm,
    mechanisms: c.mechanisms.map((m) => ({ name: m.name, params: m.params, where: m.where as Where }) as MechanismSpec),
    pointProcesses: c.pointProcesses.map((p) => ({ type: p.type, at: p.at, params: p.params }) as PointProcessSpec),
    recorders: c.record.map((r): RecorderSpec => ('at' in r ? { label: r.label, at: r.at } : { label: r.label, variable: r.variable, pointProcess: r.pointProcess })),
    netStims: c.netstims?.map((ns) => ({ params: ns.params, seed: ns.seed })),
    catalogue,
    netCons: c.netcons?.map((nc) => ({
      source: 'netstim' in nc.source ? { netStim: nc.source.netstim } : { at: nc.source.at, threshold: nc.source.threshold },
      target: nc.target,
      delay: nc.delay,
      weight: nc.weight,
      label: nc.label,
    })),
  });
  return {
    engine,
    sections: disc.sections.length,
    segments: segmentCount(disc),
    trees: disc.trees,
    nodes: sk.size,
    warnings: [...read.warnings, ...engine.warnings],
  };
}

/** Run a built case with the case's run options. */
export function runCase(c: CaseFile, built: BuiltCase): RunResult {
  return built.engine.run({
    tstop: c.run.tstop,
    v_init: c.run.v_init ?? -65,
    dt: c.run.dt ?? 0.025,
    celsius: c.run.celsius ?? 6.3,
    recordEvery: c.output?.every ?? 1,
  });
}
