/**
 * One graph file taken through what `neurowire run --no-worker` does, in this thread: parse
 * (JSON, upgrade, shape, validation), resolve parameters, then evaluate every block with the
 * graph runner (Session). File reads are confined to the graph's embedded assets. Each block's
 * compute is wrapped to see what it received, what it threw and what it returned, so the run
 * can be classified:
 *
 * - `ok`: every block ran and the oracles found nothing wrong;
 * - `clear error`: the file was refused with issues, or a block stopped with a CoreError
 *   (a message for the user);
 * - `crash`: anything else thrown (TypeError, RangeError, stack overflow, …) or an empty message;
 * - `silent wrong`: blocks "succeeded" but an oracle failed (oracles.ts).
 *
 * Hangs and out-of-memory are seen by the pool (pool.ts), which runs this in a child process.
 */
import { blockDef as catalogue } from '../../nodes/index.ts';
import type { BlockDef, Params } from '../../nodes/types.ts';
import { CoreError, isAbort } from '../../src/core/errors.ts';
import { readAssetBytes, readAssetText } from '../../src/dataflow/assets.ts';
import { bytesSource, type ByteSource } from '../../src/core/byte-source.ts';
import { Session, type HeavyRunner } from '../../src/dataflow/session.ts';
import { parseFileRef, type Graph } from '../../src/dataflow/graph.ts';
import { parseGraph } from '../../src/dataflow/validate.ts';
import { checkOutputs } from './oracles.ts';

export type Category = 'ok' | 'clear error' | 'crash' | 'hang' | 'silent wrong';

/**
 * Above these a run (or a sweep's runs together) asks, as in the app: ~1e8 segment-steps is a few
 * seconds of simulation, within the pool's 15 s CPU limit per mutant; recorders and stimuli on
 * more than 50 nodes ask too.
 */
export const FUZZ_RUN_LIMITS = { segmentSteps: 1e8, recordedBytes: 2 ** 28, placedNodes: 50 };

export interface Outcome {
  category: Category;
  /** Where it happened and why, one line per finding (empty for ok). */
  details: string[];
  /** Wall time (ms). */
  ms: number;
}

/** Engine words that must not reach a user as the whole explanation. */
const ENGINE_WORDS = /Invalid typed array length|Maximum call stack|Cannot read propert|is not a function|is not iterable|undefined is not|Array buffer allocation failed|Invalid array length/;

function errorLine(e: unknown): string {
  if (e instanceof Error) {
    const at = (e.stack ?? '').split('\n').find((l) => /^\s+at /.test(l))?.trim() ?? '';
    return `${e.name}: ${e.message.slice(0, 300)}${at ? ` (${at})` : ''}`;
  }
  return `thrown non-error ${String(e).slice(0, 200)}`;
}

/**
 * A message that shows a value of the program rather than of the file ("an undefined input",
 * "[object Object]"): words the file did not contain reach the user, so something was looked
 * up that does not exist (a port named __proto__ found on Object.prototype, say).
 */
export function leaksInternals(message: string, text: string): boolean {
  const m = /\bundefined\b|\[object \w+\]/.exec(message);
  return m !== null && !text.includes(m[0]);
}

/** A block error the user can act on: a CoreError with words, not an engine message. */
function isClear(e: unknown): boolean {
  return e instanceof CoreError && !isAbort(e) && e.message.trim().length > 0 && !ENGINE_WORDS.test(e.message);
}

/** Files a mutant may read: its embedded assets only (never the machine's files). */
function assetReader(graph: Graph) {
  return async (ref: string): Promise<string> => {
    const r = parseFileRef(ref);
    if (r.kind === 'asset') return readAssetText(graph, ref);
    throw new CoreError('input', `fuzz: '${ref.slice(0, 80)}' is not an embedded file; the fuzzer reads no other files`);
  };
}

/** Embedded files as bytes (a Parquet edge list), the same refusal for anything else. */
function assetBytesReader(graph: Graph) {
  return (ref: string): ByteSource => {
    const r = parseFileRef(ref);
    if (r.kind === 'asset') return bytesSource(readAssetBytes(graph, ref));
    throw new CoreError('input', `fuzz: '${ref.slice(0, 80)}' is not an embedded file; the fuzzer reads no other files`);
  };
}

interface Seen {
  inputs: Record<string, unknown>;
  params: Params;
  values?: Record<string, unknown>;
  error?: unknown;
}

/** Evaluate one graph file's text; never throws (everything is classified). */
export async function runMutant(text: string): Promise<Outcome> {
  const t0 = performance.now();
  const done = (category: Category, details: string[]): Outcome => ({ category, details, ms: performance.now() - t0 });
  let parsed: ReturnType<typeof parseGraph>;
  try {
    parsed = parseGraph(text);
  } catch (e) {
    return done('crash', [`parseGraph threw ${errorLine(e)}`]);
  }
  const errors = parsed.issues.filter((i) => i.severity === 'error');
  if (parsed.issues.some((i) => typeof i.message !== 'string' || i.message.trim() === '')) return done('crash', ['an issue without a message']);
  if (!parsed.graph || errors.length) {
    if (!errors.length) return done('crash', ['no graph and no error issue']);
    const leak = errors.find((i) => leaksInternals(i.message, text));
    if (leak) return done('crash', [`a refusal shows an internal value: ${leak.message.slice(0, 200)}`]);
    return done('clear error', errors.slice(0, 3).map((i) => `refused: ${i.message.slice(0, 200)}`));
  }
  const graph = parsed.graph;

  // What every block received and gave (by node id; a Map, so any id is just a key).
  const seen = new Map<string, Seen>();
  const wrapped = new Map<string, BlockDef>();
  const lookup = (type: string): BlockDef | undefined => {
    const def = catalogue(type);
    if (!def) return undefined;
    let w = wrapped.get(type);
    if (!w) {
      w = {
        ...def,
        compute: async (inputs, params, ctx) => {
          const s: Seen = { inputs, params };
          seen.set(ctx.nodeId, s);
          try {
            s.values = await def.compute(inputs, params, ctx);
            return s.values;
          } catch (e) {
            s.error = e;
            throw e;
          }
        },
      };
      wrapped.set(type, w);
    }
    return w;
  };

  const details: string[] = [];
  let crashed = false;
  let blockErrors = 0;
  let ev: Session | undefined;
  try {
    // Runs and sweeps are asked about above FUZZ_RUN_LIMITS, as the app asks above its limits: a
    // mutant that is a valid but hours-long simulation (res = 0.01 µm with six .mod mechanisms)
    // gets the app's question as its clear answer instead of being taken for a hang.
    const inProcess: HeavyRunner = Object.assign(async (def: BlockDef, inputs: Record<string, unknown>, params: Params, ctx: Parameters<BlockDef['compute']>[2]) => def.compute(inputs, params, ctx), { close: () => {} });
    ev = new Session({ graph }, { blockDef: lookup, readText: assetReader(graph), readBytes: assetBytesReader(graph), eager: false, heavy: inProcess, runLimits: { ...FUZZ_RUN_LIMITS } });
    for (const node of graph.nodes) {
      const o = await ev.value(node.id);
      if (!o.ok && o.origin === node.id) {
        blockErrors++;
        const err = seen.get(node.id)?.error;
        if (err !== undefined && !isClear(err)) {
          crashed = true;
          details.push(`block '${node.id}' (${node.type}) threw ${errorLine(err)}`);
        } else if (err === undefined && (!o.message || ENGINE_WORDS.test(o.message))) {
          crashed = true;
          details.push(`block '${node.id}' (${node.type}) failed without words: ${o.message}`);
        } else if (leaksInternals(o.message, text)) {
          crashed = true;
          details.push(`block '${node.id}' (${node.type}) failed without words: its message shows an internal value: ${o.message.slice(0, 200)}`);
        } else if (details.length < 3) {
          details.push(`block '${node.id}' (${node.type}): ${o.message.slice(0, 200)}`);
        }
      }
    }
  } catch (e) {
    if (isClear(e)) return done('clear error', [`evaluator: ${(e as Error).message.slice(0, 200)}`]);
    return done('crash', [`evaluator threw ${errorLine(e)}`]);
  } finally {
    ev?.dispose();
  }
  if (crashed) return done('crash', details.filter((d) => / threw | without words/.test(d)));

  // Oracles over every block that produced values.
  const wrong: string[] = [];
  for (const node of graph.nodes) {
    const s = seen.get(node.id);
    const def = catalogue(node.type);
    if (!s?.values || !def) continue;
    try {
      for (const p of checkOutputs(def, s.inputs, s.params, s.values)) wrong.push(`block '${node.id}' (${node.type}): ${p}`);
    } catch (e) {
      return done('crash', [`writing the output of block '${node.id}' (${node.type}) threw ${errorLine(e)}`]);
    }
  }
  if (wrong.length) return done('silent wrong', wrong.slice(0, 5));
  return blockErrors ? done('clear error', details) : done('ok', []);
}
