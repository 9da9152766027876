/**
 * The running side of the open graph: an evaluator over the store's document, rebuilt when
 * wires change (results survive through the ComputeMemo, so only what changed recomputes) and
 * fed parameter edits directly (only downstream blocks recompute). Status and output streams
 * are per block id and outlive rebuilds, so the editor and plots subscribe once.
 */
import { BehaviorSubject, combineLatest, debounceTime, filter, firstValueFrom, map, type Observable, type Subscription } from 'rxjs';
import { blockDef as catalogueDef } from '../../nodes/index.ts';
import type { BlockDef, Params } from '../../nodes/types.ts';
import { ComputeMemo, GraphEvaluator, type NodeOutput, type NodeStatus, type Runner } from '../dataflow/evaluator.ts';
import type { Graph, GraphNode } from '../dataflow/graph.ts';
import { parseFileRef } from '../dataflow/graph.ts';
import { readAssetText } from '../dataflow/assets.ts';
import { readParams } from '../dataflow/params.ts';
import type { GraphChange, GraphStore } from '../dataflow/store.ts';
import { confirmMessage, DEFAULT_RUN_LIMITS, estimateRun, overLimits, type RunEstimate, type RunLimits } from './run-estimate.ts';

/**
 * Params key carrying a parameter error to the block's compute (shown as the block's error).
 * Not starting with '_': sameValue ignores such keys, and the error's removal must count as a
 * change, or a block stays in error after its parameter was set back.
 */
const INVALID = '$invalid';

type HeavyRunner = Runner & { close(): void; crash?(reason?: string): void; interrupt?(): boolean };

/** A run held back for the user's OK (see `confirmRun`). */
export interface PendingRun {
  estimate: RunEstimate;
  message: string;
}

export class Session {
  private ev: GraphEvaluator | null = null;
  private evSubs: Subscription[] = [];
  private readonly statuses = new Map<string, BehaviorSubject<NodeStatus>>();
  private readonly outputs = new Map<string, BehaviorSubject<NodeOutput | null>>();
  private readonly memo = new ComputeMemo();
  private readonly storeSub: Subscription;
  /** Evaluator rebuilds so far (tests: a label edit must not rebuild). */
  rebuilds = 0;
  /** Above these a heavy run asks before it starts (run-estimate.ts). */
  runLimits: RunLimits = { ...DEFAULT_RUN_LIMITS };
  /** Runs over the limits waiting for the user's OK, by block id. */
  private readonly pending = new Map<string, PendingRun>();
  /** The largest run the user allowed per block (forgotten when another graph opens). */
  private readonly approved = new Map<string, RunEstimate>();
  /** Emits the block ids whose pending question appeared or went (the app redraws). */
  readonly pending$ = new BehaviorSubject<readonly string[]>([]);

  /**
   * @param paused compute nothing until `resume()` (the app first finds out which graph to
   *   open: the one open last, a shared link), so no work is spent on a graph about to close.
   */
  constructor(
    private readonly store: GraphStore,
    private readonly heavy: HeavyRunner | undefined,
    paused = false,
  ) {
    this.paused = paused;
    this.storeSub = store.changes$.subscribe((c) => this.apply(c));
    if (!paused) this.rebuild(store.graph);
  }

  private paused: boolean;

  /** Start computing (after a paused start). */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.rebuild(this.store.graph);
  }

  status$(id: string): Observable<NodeStatus> {
    return this.statusSubject(id);
  }

  status(id: string): NodeStatus {
    return this.statusSubject(id).value;
  }

  output$(id: string): Observable<NodeOutput | null> {
    return this.outputSubject(id);
  }

  output(id: string): NodeOutput | null {
    return this.outputSubject(id).value;
  }

  stats(id: string): { computations: number; cancelled: number } {
    return this.ev?.stats(id) ?? { computations: 0, cancelled: 0 };
  }

  /** Resolves when every block of the graph has settled (done, error or waiting). */
  settled(): Promise<void> {
    // All blocks at once, and still so after the current task: a block reports 'done' just
    // before its output starts the next block, so one instant of "all settled" is not enough.
    // A muted block stays idle (it passes its input through without computing).
    const nodes = this.store.graph.nodes;
    if (!nodes.length) return Promise.resolve();
    const quiet = (n: (typeof nodes)[number], s: NodeStatus) => s.state !== 'running' && (s.state !== 'idle' || n.bypass === true);
    return firstValueFrom(
      combineLatest(nodes.map((n) => this.status$(n.id))).pipe(
        map((all) => all.every((s, k) => quiet(nodes[k], s))),
        debounceTime(0),
        filter(Boolean),
      ),
    ).then(() => undefined);
  }

  /** Run again what failed or was interrupted (e.g. after the worker died): finished results come from the memo. */
  rerun(): void {
    this.rebuild(this.store.graph);
  }

  /**
   * Stop every running computation (the user's Stop): the blocks say they were stopped and
   * keep no result; Re-run or any edit computes again (finished results come from the memo).
   * Returns how many blocks were stopped.
   */
  stop(): number {
    const running = this.store.graph.nodes.filter((n) => this.status(n.id).state === 'running').map((n) => n.id);
    if (!running.length) return 0;
    this.stopped += running.length;
    this.teardown();
    // A computation stuck in a synchronous loop never hears its abort: end its worker now.
    this.heavy?.interrupt?.();
    for (const id of running) this.statusSubject(id).next({ state: 'waiting', message: 'stopped: press Re-run (or change a parameter) to run again' });
    return running.length;
  }

  /** Blocks stopped by the user so far. */
  stopped = 0;

  /** The question a block asks before a run over the limits, or null. */
  pendingRun(id: string): PendingRun | null {
    return this.pending.get(id) ?? null;
  }

  /** The user's OK for a run that asked: it starts now (finished results upstream come from the memo). */
  confirmRun(id: string): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.approved.set(id, p.estimate);
    this.setPending(id, null);
    this.rerun();
    return true;
  }

  /** Make the block worker die of an uncaught error mid-run (tests: the path of a real crash). */
  crashWorker(reason?: string): void {
    this.heavy?.crash?.(reason);
  }

  dispose(): void {
    this.storeSub.unsubscribe();
    this.teardown();
    this.heavy?.close();
  }

  // -------------------------------------------------------------------------------------------

  private apply(c: GraphChange): void {
    if (c.kind === 'open') {
      // An OK was for that graph's run: a graph opened again (link, library) asks again.
      this.approved.clear();
      for (const id of [...this.pending.keys()]) this.setPending(id, null);
    }
    if (this.paused) return;
    if (c.kind === 'structure' || c.kind === 'open' || (c.kind === 'params' && !this.ev)) {
      this.rebuild(c.graph);
    } else if (c.kind === 'params' && this.ev) {
      const touched = new Set((c.params ?? []).map((p) => p.node));
      for (const id of touched) {
        const node = c.graph.nodes.find((n) => n.id === id);
        const def = node && catalogueDef(node.type);
        if (!node || !def) continue;
        const params = this.params(node, def);
        // Send every changed field (and the error marker) so the block sees one consistent set.
        const current = this.ev.params(id);
        for (const [name, value] of Object.entries(params)) if (current[name] !== value) this.ev.setParam(id, name, value);
        if (INVALID in current && !(INVALID in params)) this.ev.setParam(id, INVALID, null);
      }
    }
  }

  private params(node: GraphNode, def: BlockDef): Params {
    const { params, issues } = readParams(node, def);
    const errors = issues.filter((i) => i.severity === 'error');
    return errors.length ? { ...params, [INVALID]: errors.map((e) => e.message).join('; ') } : params;
  }

  private rebuild(graph: Graph): void {
    this.teardown();
    this.rebuilds++;
    this.memo.retain(graph.nodes.map((n) => n.id));
    const heavy = this.heavy;
    const guardedHeavy: Runner | undefined =
      heavy &&
      ((def, inputs, params, ctx) => {
        if (typeof params[INVALID] === 'string') return Promise.reject(new Error(params[INVALID] as string));
        const ask = this.question(ctx.nodeId, def.type, inputs, params);
        return ask ? Promise.reject(new Error(ask)) : heavy(def, inputs, params, ctx);
      });
    try {
      this.ev = new GraphEvaluator(graph, {
        blockDef: (type) => guardDef(catalogueDef(type)),
        resolveParams: (node, def) => this.params(node as GraphNode, def),
        readText: async (ref) => readBrowserFile(this.store.graph, ref),
        heavyRunner: guardedHeavy,
        memo: this.memo,
      });
    } catch (e) {
      this.ev = null;
      const message = e instanceof Error ? e.message : String(e);
      for (const n of graph.nodes) this.statusSubject(n.id).next({ state: 'error', message });
      return;
    }
    const ev = this.ev;
    for (const n of graph.nodes) {
      const s = this.statusSubject(n.id);
      const o = this.outputSubject(n.id);
      // A run held back for the user's OK is waiting (for the user), not failed.
      this.evSubs.push(ev.status$(n.id).subscribe((x) => s.next(x.state === 'error' && this.pending.get(n.id)?.message === x.message ? { state: 'waiting', message: x.message } : x)));
      this.evSubs.push(ev.output$(n.id).subscribe((x) => o.next(x)));
    }
  }

  /**
   * The question to ask instead of starting this heavy run, or null to start it: a run over
   * the limits asks unless the user allowed one at least as large for this block.
   */
  private question(id: string, type: string, inputs: Record<string, unknown>, params: Params): string | null {
    let e: RunEstimate | null = null;
    try {
      e = estimateRun(type, inputs, params);
    } catch {
      e = null; // the block itself reports what is wrong with its inputs
    }
    const ok = this.approved.get(id);
    if (!e || !overLimits(e, this.runLimits) || (ok && e.segmentSteps <= ok.segmentSteps && e.recordedBytes <= ok.recordedBytes)) {
      this.setPending(id, null);
      return null;
    }
    const message = confirmMessage(e, type);
    this.setPending(id, { estimate: e, message });
    return message;
  }

  private setPending(id: string, p: PendingRun | null): void {
    if (p) this.pending.set(id, p);
    else if (!this.pending.delete(id)) return;
    this.pending$.next([...this.pending.keys()]);
  }

  private teardown(): void {
    for (const s of this.evSubs) s.unsubscribe();
    this.evSubs = [];
    this.ev?.dispose();
    this.ev = null;
  }

  private statusSubject(id: string): BehaviorSubject<NodeStatus> {
    let s = this.statuses.get(id);
    if (!s) this.statuses.set(id, (s = new BehaviorSubject<NodeStatus>({ state: 'idle' })));
    return s;
  }

  private outputSubject(id: string): BehaviorSubject<NodeOutput | null> {
    let s = this.outputs.get(id);
    if (!s) this.outputs.set(id, (s = new BehaviorSubject<NodeOutput | null>(null)));
    return s;
  }
}

/** A block definition whose compute first reports a parameter error carried in the params. */
const guarded = new Map<string, BlockDef>();
function guardDef(def: BlockDef | undefined): BlockDef | undefined {
  if (!def) return undefined;
  let g = guarded.get(def.type);
  if (!g) {
    const inner = def;
    g = {
      ...def,
      compute: (inputs, params, ctx) => {
        if (typeof params[INVALID] === 'string') throw new Error(params[INVALID] as string);
        return inner.compute(inputs, params, ctx);
      },
    };
    guarded.set(def.type, g);
  }
  return g;
}

/** File parameters in the browser: embedded assets only (paths are the CLI's). */
export function readBrowserFile(graph: Graph, ref: string): string {
  const r = parseFileRef(ref);
  if (r.kind === 'asset') return readAssetText(graph, ref);
  if (r.kind === 'path') throw new Error(`"${ref}" is a path on disk, which only the command line reads: drop the file on the page (or choose it in the inspector) to embed it`);
  if (r.kind === 'invalid') throw new Error(r.reason);
  throw new Error(`no file "${ref}"`);
}

/** The value of a status as one short line (block footers, tooltips). */
export function statusLine(s: NodeStatus): string {
  switch (s.state) {
    case 'idle':
      return '';
    case 'waiting':
      return s.message;
    case 'running':
      return `running ${Math.round(s.progress * 100)} %`;
    case 'done':
      return `done · ${s.ms < 10 ? s.ms.toFixed(1) : s.ms.toFixed(0)} ms`;
    case 'error':
      return s.message;
  }
}

export const statusText$ = (s$: Observable<NodeStatus>) => s$.pipe(map(statusLine));
