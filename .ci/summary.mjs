// Print CI's last line, "N passed, N failed, N skipped", from vitest's JSON report and the
// JSON lines of `npm run validate:neuron` (one per case). A step that crashed before
// reporting counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [vitestJson, validateLog, testRc, valRc] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if ((r.numFailedTestSuites ?? 0) > 0 && (r.numFailedTests ?? 0) === 0) failed += r.numFailedTestSuites;
} else if (testRc !== '0') {
  failed += 1;
}
if (testRc !== '0' && failed === 0) failed += 1; // e.g. the type check failed before vitest ran
let cases = 0;
if (existsSync(validateLog)) {
  for (const line of readFileSync(validateLog, 'utf8').split('\n')) {
    if (!line.startsWith('{"validate"')) continue;
    cases++;
    if (JSON.parse(line).pass) passed++;
    else failed++;
  }
}
if (valRc !== '0' && cases === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
