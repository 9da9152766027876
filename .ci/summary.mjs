// Print CI's last line, "N passed, N failed, N skipped", from the JSON reports of vitest
// (.ci-out/vitest.json, and .ci-out/vitest-noshared.json of the run without the shared data) and Playwright (.ci-out/e2e.json) and the JSON lines of
// `npm run validate:neuron` (.ci-out/validate.log, one per case), and the NMODL zoo's reference run
// (one check). A step that failed
// without reporting a failed test counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [testRc, valRc, noSharedRc, refRc] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);

// The unit tests, and the same tests run once more without the shared data (skips there are expected).
for (const [file, rc] of [['.ci-out/vitest.json', null], ['.ci-out/vitest-noshared.json', noSharedRc]]) {
  const vt = read(file);
  if (!vt) {
    if (rc !== null && rc !== undefined) failed++; // the run was asked for and left no report
    continue;
  }
  const before = failed;
  passed += vt.numPassedTests ?? 0;
  failed += vt.numFailedTests ?? 0;
  skipped += (vt.numPendingTests ?? 0) + (vt.numTodoTests ?? 0);
  // A test file that failed to load has no failed test of its own.
  for (const f of vt.testResults ?? []) if (f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed')) failed++;
  if (rc !== null && rc !== undefined && rc !== '0' && failed === before) failed++;
}
const pw = read('.ci-out/e2e.json');
if (pw) {
  passed += pw.stats?.expected ?? 0;
  failed += (pw.stats?.unexpected ?? 0) + (pw.stats?.flaky ?? 0);
  skipped += pw.stats?.skipped ?? 0;
}
if (testRc !== '0' && failed === 0) failed++; // e.g. the type check or the build failed before any test ran
let cases = 0;
if (existsSync('.ci-out/validate.log')) {
  for (const line of readFileSync('.ci-out/validate.log', 'utf8').split('\n')) {
    if (!line.startsWith('{"validate"')) continue;
    cases++;
    if (JSON.parse(line).pass) passed++;
    else failed++;
  }
}
if (valRc !== '0' && cases === 0) failed++;
// NEURON's reference runs of the NMODL zoo (tools/nmodl/reference.ts): one check, every case must run.
if (refRc !== undefined) {
  if (refRc === '0') passed++;
  else failed++;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
