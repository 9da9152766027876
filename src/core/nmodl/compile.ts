/**
 * A .mod file to a catalogue mechanism: parse and check (parser.ts, check.ts), then lower the
 * checked model to kernel IR (lower.ts), which the cable engine compiles to WebAssembly. What
 * the code generator does not handle yet is refused with file:line:col and the construct — never
 * a silent difference from NEURON.
 */
import type { MechanismDef } from '../cable/kernels.ts';
import { checkModText, type CheckOptions } from './check.ts';
import type { Diagnostic } from './ast.ts';
import { lowerMechanism } from './lower.ts';

export type CompileResult = { ok: true; def: MechanismDef; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/** Compile a .mod file's text (`file` names it in messages) into a mechanism for the cable engine. */
export function compileMechanism(text: string, file: string, opts: CheckOptions = {}): CompileResult {
  const checked = checkModText(text, file, opts);
  if (!checked.ok) return checked;
  const lowered = lowerMechanism(checked.model);
  if (!lowered.ok) return { ok: false, errors: lowered.errors, warnings: checked.warnings };
  return { ok: true, def: lowered.def, warnings: checked.warnings };
}
