/**
 * The graph-file fuzzer: N deterministic mutants of the example graphs (mutate.ts) run in
 * child processes (pool.ts) through parse → validate → resolve → evaluate (run-mutant.ts),
 * classified as ok / clear error / crash / hang / silent wrong, tabulated per category and per
 * operator; the failing mutants can be written to a findings folder to be replayed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { baseGraphs } from './base-graphs.ts';
import { makeMutant, OPERATOR_NAMES } from './mutate.ts';
import { runPool } from './pool.ts';
import type { Category, Outcome } from './run-mutant.ts';

export const CATEGORIES: readonly Category[] = ['ok', 'clear error', 'crash', 'hang', 'silent wrong'];
/** The categories that must stay at zero. */
export const FAILURES: readonly Category[] = ['crash', 'hang', 'silent wrong'];

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Only these mutant indices (replaying findings); default 0…count−1. */
  only?: readonly number[];
  workers?: number;
  timeLimitMs?: number;
  heapMb?: number;
  /** Folder for the failing mutants (graph file + what happened); none: not written. */
  findings?: string;
  /** Called after each mutant (progress). */
  onProgress?: (done: number, total: number) => void;
}

export interface MutantResult {
  index: number;
  base: string;
  ops: string[];
  outcome: Outcome;
}

export interface FuzzReport {
  seed: number;
  results: MutantResult[];
  counts: Record<Category, number>;
  /** Per operator (the first one applied): counts per category. */
  byOperator: Record<string, Record<Category, number>>;
  wallMs: number;
}

function zero(): Record<Category, number> {
  return { ok: 0, 'clear error': 0, crash: 0, hang: 0, 'silent wrong': 0 };
}

/** Run the fuzzer; resolves with every mutant's outcome. */
export async function fuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const bases = baseGraphs();
  const indices = opts.only ? [...opts.only] : Array.from({ length: opts.count }, (_, k) => k);
  const results: MutantResult[] = [];
  const meta = new Map<number, { base: string; ops: string[] }>();
  if (opts.findings) mkdirSync(opts.findings, { recursive: true });
  const texts = new Map<number, string>();
  await runPool(
    indices.length,
    (k) => {
      const m = makeMutant(bases, opts.seed, indices[k]);
      meta.set(k, { base: m.base, ops: m.ops });
      if (opts.findings) texts.set(k, m.text);
      return m.text;
    },
    (k, outcome) => {
      const m = meta.get(k) ?? { base: '?', ops: ['(the mutator failed)'] };
      results.push({ index: indices[k], base: m.base, ops: m.ops, outcome });
      const text = texts.get(k);
      texts.delete(k);
      if (opts.findings && text !== undefined && FAILURES.includes(outcome.category)) {
        const name = `${String(indices[k]).padStart(5, '0')}-${outcome.category.replace(' ', '-')}`;
        writeFileSync(join(opts.findings, `${name}.graph.json`), text);
        writeFileSync(join(opts.findings, `${name}.txt`), [`seed ${opts.seed}, mutant ${indices[k]} of base ${m.base}`, ...m.ops.map((o) => `op: ${o}`), `${outcome.category} after ${outcome.ms.toFixed(0)} ms`, ...outcome.details].join('\n') + '\n');
      }
      opts.onProgress?.(results.length, indices.length);
    },
    {
      workers: opts.workers ?? Math.max(1, Math.min(2, availableParallelism())),
      timeLimitMs: opts.timeLimitMs ?? 20_000,
      heapMb: opts.heapMb ?? 1024,
    },
  );
  results.sort((a, b) => a.index - b.index);
  const counts = zero();
  const byOperator: Record<string, Record<Category, number>> = {};
  for (const name of OPERATOR_NAMES) byOperator[name] = zero();
  for (const r of results) {
    counts[r.outcome.category]++;
    const op = (r.ops[0] ?? 'none').split(':')[0];
    (byOperator[op] ??= zero())[r.outcome.category]++;
  }
  return { seed: opts.seed, results, counts, byOperator, wallMs: performance.now() - t0 };
}

/** The report as text: totals per category, then per operator, then each failure. */
export function formatReport(r: FuzzReport): string {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const head = `${'operator'.padEnd(18)}${CATEGORIES.map((c) => pad(c, 13)).join('')}${pad('total', 8)}`;
  const row = (name: string, c: Record<Category, number>) => `${name.padEnd(18)}${CATEGORIES.map((k) => pad(c[k], 13)).join('')}${pad(CATEGORIES.reduce((a, k) => a + c[k], 0), 8)}`;
  const lines = [`graph-file fuzzer, seed ${r.seed}: ${r.results.length} mutants in ${(r.wallMs / 1000).toFixed(1)} s`, '', head];
  for (const [op, c] of Object.entries(r.byOperator)) if (CATEGORIES.some((k) => c[k])) lines.push(row(op, c));
  lines.push('-'.repeat(head.length), row('all', r.counts));
  const failures = r.results.filter((x) => FAILURES.includes(x.outcome.category));
  if (failures.length) {
    lines.push('', 'failures (replay: npx tsx tools/security/fuzz.ts --seed S --only INDEX --findings DIR):');
    for (const f of failures) {
      lines.push(`  #${f.index} ${f.outcome.category} (${f.base}; ${f.ops.join(' + ')})`);
      for (const d of f.outcome.details) lines.push(`      ${d}`);
    }
  }
  return lines.join('\n');
}
