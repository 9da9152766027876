/**
 * Graph-file fuzzer, from the command line:
 *
 *   npx tsx tools/security/fuzz.ts [--count 1000] [--seed 1] [--only 12,40] [--workers 2]
 *                                  [--time-limit 20] [--heap 1024] [--findings DIR] [--json FILE]
 *
 * Prints the table of mutants per category (ok, clear error, crash, hang, silent wrong) and
 * per operator, and each failure; exit status 1 when any mutant crashed, hung or gave a silent
 * wrong result. --findings writes the failing mutants' graph files there (to replay or debug:
 * `npx neurowire run DIR/00012-crash.graph.json --no-worker`).
 */
import { writeFileSync } from 'node:fs';
import { formatReport, fuzz, FAILURES } from './fuzzer.ts';

function arg(name: string): string | undefined {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : undefined;
}

function int(name: string, def: number): number {
  const v = arg(name);
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    process.stderr.write(`--${name}: "${v}" is not a number\n`);
    process.exit(2);
  }
  return n;
}

const count = int('count', 1000);
const only = arg('only')?.split(',').map(Number).filter(Number.isInteger);
const report = await fuzz({
  count,
  seed: int('seed', 1),
  only,
  workers: int('workers', 2),
  timeLimitMs: int('time-limit', 20) * 1000,
  heapMb: int('heap', 1024),
  findings: arg('findings'),
  onProgress: (done, total) => {
    if (process.stderr.isTTY && (done % 25 === 0 || done === total)) process.stderr.write(`\r${done}/${total}`);
  },
});
if (process.stderr.isTTY) process.stderr.write('\n');
console.log(formatReport(report));
const json = arg('json');
if (json) writeFileSync(json, JSON.stringify({ seed: report.seed, counts: report.counts, byOperator: report.byOperator, results: report.results }, null, 1) + '\n');
process.exitCode = FAILURES.some((c) => report.counts[c] > 0) ? 1 : 0;
