/**
 * A `ComputeContext` for block tests (Node only): file parameters are read relative to a base
 * directory, or from in-memory files, so a test can run a block on real data
 * (`../shared/data`) or on a small file written inline. Also where the shared data lives.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreError } from '../src/core/errors.ts';
import { resolveAllParams } from '../src/dataflow/params.ts';
import type { BlockDef, ComputeContext, Inputs, Params } from './types.ts';

/** The repository root (this file is in `nodes/`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The shared data next to the checkout (`../shared/data`); absent on some machines. */
export { SHARED_DATA } from '../tools/shared-data.ts';
import { SHARED_DATA } from '../tools/shared-data.ts';
// Its README, not the folder: an empty folder (CI's run without the data) counts as absent.
export const hasSharedData = existsSync(resolve(SHARED_DATA, 'README.md'));

/** A suffix for test titles that tells why a data test was skipped. */
export const SKIP_NOTE = hasSharedData ? '' : ' (skipped: ../shared/data is absent)';

export interface TestContextOptions {
  /** Files by reference, read before the disk: inline test files ("bad.swc": "1 1 0 0 …"). */
  files?: Record<string, string>;
  /** Block id for messages (default 'test'). */
  nodeId?: string;
  /** Cancel from the test. */
  signal?: AbortSignal;
}

/** A context whose `readText(ref)` reads `files[ref]` or the file `ref` under `baseDir`; `reads` lists what was read. */
export function testContext(baseDir: string = REPO_ROOT, opts: TestContextOptions = {}): ComputeContext & { reads: string[]; progressed: number[] } {
  const reads: string[] = [];
  const progressed: number[] = [];
  return {
    signal: opts.signal ?? new AbortController().signal,
    nodeId: opts.nodeId ?? 'test',
    progress: (f) => void progressed.push(f),
    reads,
    progressed,
    async readText(ref: string): Promise<string> {
      reads.push(ref);
      if (opts.files && Object.prototype.hasOwnProperty.call(opts.files, ref)) return opts.files[ref];
      const path = resolve(baseDir, ref);
      try {
        return await readFile(path, 'utf8');
      } catch (e) {
        throw new CoreError('input', `cannot read file "${ref}" (${path}): ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

/**
 * Compute a block as the graph runner does: its parameters first go through the one reader
 * (`resolveParams`: defaults, units, ranges, enum spellings), so a bad value throws the
 * reader's CoreError and compute receives only checked values.
 */
export async function computeChecked(def: BlockDef, inputs: Inputs, params: Params, ctx: ComputeContext): Promise<Record<string, unknown>> {
  return await def.compute(inputs, await resolveAllParams({ id: ctx.nodeId, type: def.type, params }, def, inputs, ctx), ctx);
}

/** Run a block (parameters checked first) and return one of its outputs (the only one when `port` is omitted). */
export async function runBlock<T = unknown>(def: BlockDef, inputs: Inputs, params: Params, ctx: ComputeContext = testContext(), port?: string): Promise<T> {
  const out = await computeChecked(def, inputs, params, ctx);
  const key = port ?? Object.keys(def.outputs)[0];
  if (!(key in out)) throw new Error(`block ${def.type} returned no output "${key}"`);
  return out[key] as T;
}

/**
 * A deep, plain copy of a value: typed arrays as arrays, class instances (a Skeleton) by their
 * own fields, lazily built caches (fields starting with '_') left out. Compare a block's inputs'
 * snapshots before and after it ran to check that it did not mutate them.
 */
export function snapshot(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(snapshot);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('_')) out[k] = snapshot(x);
  return out;
}

/** The CoreError a computation throws or rejects with (any other outcome fails the test). */
export async function coreError(run: Promise<unknown> | (() => unknown)): Promise<CoreError> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (e) {
    if (e instanceof CoreError) return e;
    throw e;
  }
  throw new Error('expected a CoreError, but the computation succeeded');
}
