/**
 * `neurowire mod check <file.mod> [--builtin] [--strict-units]`: parse and check an NMODL file and
 * print the mechanism it describes (stdout), or its errors as `file.mod:line:col: message`
 * (stderr). Unit mismatches (as NEURON's modlunit flags them) are printed as warnings and do not
 * change the exit status unless --strict-units.
 * Exit 0 when it checks and NeuroWire's code generator compiles it, 2 when not (the construct it
 * cannot generate yet named at its line:col) or the arguments are wrong.
 *
 * The .mod text is data: everything quoted from it is shown with control characters escaped,
 * so a hostile file cannot drive the terminal or fake a line of output.
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { checkModText } from '../core/nmodl/check.ts';
import { formatDiagnostic } from '../core/nmodl/ast.ts';
import { describeMechanism, descriptionLines } from '../core/nmodl/describe.ts';
import { lowerMechanism } from '../core/nmodl/lower.ts';
import { FileRefused, maxFileBytes, readBoundedText, shown } from './asset-paths.ts';

/** A line with terminal control, line-separator and bidi characters escaped. */
function safeLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const out = (s: string) => process.stdout.write(safeLine(s) + '\n');
const err = (s: string) => process.stderr.write(safeLine(s) + '\n');

export const MOD_USAGE =
  'neurowire mod check <file.mod> [--builtin] [--strict-units]   (--builtin: allow the name of a built-in mechanism such as hh; --strict-units: unit mismatches, which are warnings, become errors)';

/** Run `mod <args>`; returns the exit status. */
export function modCommand(args: string[]): number {
  const [sub, ...rest] = args;
  if (sub !== 'check') {
    err(sub ? `unknown mod command ${shown(sub)}; usage: ${MOD_USAGE}` : `usage: ${MOD_USAGE}`);
    return 2;
  }
  let file: string | null = null;
  let allowBuiltinNames = false;
  let strictUnits = false;
  for (const a of rest) {
    if (a === '--builtin') allowBuiltinNames = true;
    else if (a === '--strict-units') strictUnits = true;
    else if (a.startsWith('--')) {
      err(`unknown option ${shown(a)}; usage: ${MOD_USAGE}`);
      return 2;
    } else if (file === null) file = a;
    else {
      err(`unexpected argument ${shown(a)}`);
      return 2;
    }
  }
  if (!file) {
    err(`mod check: give a .mod file; usage: ${MOD_USAGE}`);
    return 2;
  }
  const path = resolve(process.cwd(), file);
  if (!existsSync(path)) {
    err(`no such .mod file: ${shown(file)}`);
    return 2;
  }
  const max = maxFileBytes();
  if (typeof max !== 'number') {
    err(max.error);
    return 2;
  }
  let text: string;
  try {
    text = readBoundedText(path, max);
  } catch (e) {
    if (e instanceof FileRefused) err(`.mod file ${e.message}`);
    else err(`cannot read ${shown(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 2;
  }
  const started = performance.now();
  const r = checkModText(text, basename(path), { allowBuiltinNames, strictUnits });
  const ms = performance.now() - started;
  for (const w of r.warnings) err(`warning: ${formatDiagnostic(w)}`);
  if (!r.ok) {
    for (const e of r.errors) err(formatDiagnostic(e));
    err(`${shown(basename(path))}: ${r.errors.length} error${r.errors.length === 1 ? '' : 's'}`);
    return 2;
  }
  for (const line of descriptionLines(describeMechanism(r.model))) out(line);
  // Then the code generator: a file that checks but uses what it cannot generate yet is refused here.
  const t1 = performance.now();
  const lowered = lowerMechanism(r.model);
  const ms2 = performance.now() - t1;
  if (!lowered.ok) {
    for (const e of lowered.errors) err(formatDiagnostic(e));
    err(`${shown(basename(path))}: checked in ${ms.toFixed(1)} ms, but NeuroWire cannot compile it yet`);
    return 2;
  }
  err(`${shown(basename(path))}: checked in ${ms.toFixed(1)} ms, compiled in ${ms2.toFixed(1)} ms`);
  return 0;
}
