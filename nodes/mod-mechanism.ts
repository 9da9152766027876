/**
 * A mechanism from a .mod file, for the blocks that take one (insert-mechanism, point-process):
 * the file read through the block's file parameter, compiled once per text (a small cache: a
 * slider drag re-reads the same file), its PARAMETERs as the block's parameters (NMODL names,
 * units, defaults, `<lo, hi>` ranges, help from the `:` comment on their line), and a compile
 * error as the block's error with file:line:col and the line itself.
 */
import type { MechanismDef } from '../src/core/cable/kernels.ts';
import { CoreError } from '../src/core/errors.ts';
import type { Diagnostic } from '../src/core/nmodl/ast.ts';
import { checkModText } from '../src/core/nmodl/check.ts';
import { compileMechanism } from '../src/core/nmodl/compile.ts';
import { describeMechanism, type MechanismDescription } from '../src/core/nmodl/describe.ts';
import type { ComputeContext, ParamSpec } from './types.ts';

/** A compiled .mod file as a model carries it: the mechanism and its source (for the NEURON export). */
export interface ModMechanism {
  /** The file reference as the block gave it (asset, path or built-in). */
  file: string;
  text: string;
  def: MechanismDef;
  description: MechanismDescription;
}

const cache = new Map<string, { def: MechanismDef; description: MechanismDescription }>();
const CACHE_SIZE = 32;

/** The file's name for messages: "mods/cahva.mod" → "cahva.mod". */
export function modFileName(ref: string): string {
  return ref.split(/[\\/]/).pop()?.replace(/^asset:[0-9a-f]*:?/i, '') || ref;
}

/** A diagnostic as the block shows it: "ca.mod:12:5: … " and the line with a caret under the column. */
export function diagnosticText(d: Diagnostic, text: string): string {
  const line = text.split(/\r?\n/)[d.line - 1];
  const snippet = line === undefined ? '' : `\n  ${line.replace(/\t/g, ' ')}\n  ${' '.repeat(Math.max(0, d.col - 1))}^`;
  return `${d.file}:${d.line}:${d.col}: ${d.message}${snippet}`;
}

/** Compile a .mod text (cached by text); a failure is a CoreError with every error's place and line. */
export function compileModText(text: string, file: string): { def: MechanismDef; description: MechanismDescription } {
  const key = `${file}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const r = compileMechanism(text, file);
  if (!r.ok) throw new CoreError('input', r.errors.slice(0, 5).map((e) => diagnosticText(e, text)).join('\n') + (r.errors.length > 5 ? `\n(and ${r.errors.length - 5} more)` : ''));
  const checked = checkModText(text, file);
  if (!checked.ok) throw new CoreError('input', diagnosticText(checked.errors[0], text));
  const out = { def: r.def, description: describeMechanism(checked.model) };
  cache.set(key, out);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return out;
}

/** Read and compile the .mod file of a block's file parameter. */
export async function loadMod(ref: string, ctx: Pick<ComputeContext, 'readText'>): Promise<ModMechanism> {
  let text: string;
  try {
    text = await ctx.readText(ref);
  } catch (e) {
    if (e instanceof CoreError) throw e;
    throw new CoreError('input', `cannot read the .mod file "${ref}": ${e instanceof Error ? e.message : String(e)}`);
  }
  const { def, description } = compileModText(text, modFileName(ref));
  return { file: ref, text, def, description };
}

/** NEURON's unit spellings as the inspector shows them (conversions understand both). */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  'S/cm2': 'S/cm²',
  'mho/cm2': 'S/cm²',
  'mA/cm2': 'mA/cm²',
  'uF/cm2': 'µF/cm²',
  um: 'µm',
  uS: 'µS',
  umho: 'µS',
  degC: '°C',
  'ohm cm': 'Ω·cm',
};

/** A .mod unit for the block's spec: NEURON's spelling where the project writes it otherwise. */
export function unitWord(unit: string): string {
  const u = unit.trim();
  return UNIT_WORDS[u] ?? u;
}

/** The `: comment` on each line of the file's PARAMETER block, by parameter name. */
function parameterComments(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const block = /\bPARAMETER\s*\{([\s\S]*?)\n\s*\}/.exec(text);
  if (!block) return out;
  for (const line of block[1].split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_]\w*)\b[^:]*:\s*(.+?)\s*$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

/**
 * The block parameters of a .mod mechanism: each PARAMETER under its NMODL name (arrays and the
 * ions' concentrations excepted), per segment (RANGE parameters of a density mechanism take an
 * expression of the segment). `except` names the block's own parameters, which a PARAMETER may not shadow.
 */
export function modParamSpecs(mod: ModMechanism, except: ReadonlySet<string> = new Set()): ParamSpec[] {
  const comments = parameterComments(mod.text);
  const file = modFileName(mod.file);
  const out: ParamSpec[] = [];
  for (const p of mod.description.parameters) {
    if (p.size !== undefined) continue; // arrays: not a single number
    if (except.has(p.name)) throw new CoreError('input', `${file}: its PARAMETER '${p.name}' has the name of one of the block's own parameters; rename it in the file`);
    const unit = unitWord(p.unit);
    const note = comments.get(p.name);
    out.push({
      name: p.name,
      label: p.name,
      kind: 'number',
      unit,
      default: p.default ?? 0,
      ...(p.range ? { min: p.range[0], max: p.range[1] } : {}),
      step: stepFor(p.default ?? 0),
      perSegment: p.scope === 'RANGE' && mod.description.kind === 'density',
      help: `${note ? `${note}. ` : ''}${p.scope} PARAMETER of ${mod.description.name} (${file})${unit ? `, in ${unit}` : ''}; NEURON's default ${p.default ?? 0}.`,
    });
  }
  return out;
}

/** A slider step about 1/100 of a default's magnitude. */
function stepFor(v: number): number {
  if (v === 0) return 0.001;
  return 10 ** (Math.floor(Math.log10(Math.abs(v))) - 2);
}
