/**
 * The one graph runner: the app, the CLI (`neurowire run`) and the NEURON export all run a
 * graph through it. It keeps one evaluator over the graph and redefines blocks in place as the
 * document changes (a parameter edit recomputes the block and what is downstream; a wiring
 * change swaps only the affected blocks' inputs). Status and output streams are per block id
 * and outlive every change, so the editor and plots subscribe once. Heavy runs over the size
 * limits wait for the user's OK (the app) instead of starting.
 */
import { BehaviorSubject, combineLatest, debounceTime, filter, firstValueFrom, map, type Observable, type Subscription } from 'rxjs';
import { flattenGraph, graphLookup, innerParams, type Flattened } from './subgraph.ts';
import { instanceOutput, instanceStatus } from './subgraph-status.ts';
import { blockDef as catalogueDef } from '../../nodes/index.ts';
import type { BlockDef, ParamSpec, Params } from '../../nodes/types.ts';
import { sweepPoints } from './sweep-points.ts';
import { yieldToEvents } from '../core/yield.ts';
import { CoreError } from '../core/errors.ts';
import { ComputeMemo, GraphEvaluator, inProcess, type NodeOutput, type NodeStatus, type Runner } from './evaluator.ts';
import type { Graph } from './graph.ts';
import { parseFileRef } from './graph.ts';
import { readAssetBytes, readAssetText } from './assets.ts';
import { bytesSource, type ByteSource } from '../core/byte-source.ts';
import type { GraphChange } from './store.ts';
import type { ModelValue, TracesValue } from '../../nodes/values.ts';
import { DEFAULT_RUN_LIMITS, estimateRun, estimateRuns, runsQuestion, placementsOf, placementTotals, runQuestion, type ModelStep, type Placement, type RunEstimate, type RunLimits } from './run-estimate.ts';

/** Where heavy blocks run (a worker), with what the session may ask of it. */
export type HeavyRunner = Runner & { close(): void; crash?(reason?: string): void; interrupt?(): boolean };

/** A run held back for the user's OK (see `confirmRun`). */
export interface PendingRun {
  estimate: RunEstimate;
  message: string;
  /** The recorders and stimuli placed on more nodes than the limit, by block. */
  placed: Placement[];
  /** The `recordEvery` that brings the traces under the memory limit (the question offers it), or null. */
  recordEvery: number | null;
  /** The node limit per recorder or stimulus block it was asked under (absent: none). */
  placedLimit?: number;
}

/** How the user answered a run's question (see `confirmRun`). */
export interface RunAnswer {
  /** Also allow recorders and stimuli on any number of nodes in this graph (until another graph opens). */
  always?: boolean;
  /**
   * Start the run now (default). false: only allow it, because the caller changes the block
   * (sets `recordEvery`), which starts it.
   */
  rerun?: boolean;
}

/** The largest run the user allowed on a block. */
interface Allowed {
  segmentSteps: number;
  recordedBytes: number;
  /** Most nodes of one recorder or stimulus block. */
  placed: number;
}

/** What a session reads of a graph document. */
export type SessionGraph = Pick<Graph, 'nodes' | 'connections' | 'subgraphs'> & Partial<Pick<Graph, 'assets'>>;

/** The graph a session runs: a fixed one (CLI, export) or a store's document and its changes (app). */
export interface GraphSource {
  readonly graph: SessionGraph;
  readonly changes$?: Observable<GraphChange>;
}

/** A block computed here after the event loop had a turn (a task of its own), unless cancelled meanwhile. */
const inOwnTask: Runner = (def, inputs, params, ctx) =>
  yieldToEvents().then(() => {
    if (ctx.signal.aborted) throw new CoreError('aborted', 'cancelled');
    return inProcess(def, inputs, params, ctx);
  });

export interface SessionOptions {
  /** Block definitions by type (default: the catalogue). */
  blockDef?: (type: string) => BlockDef | undefined;
  /** Where heavy blocks run (default: in this thread). */
  heavy?: HeavyRunner;
  /** Reads a file parameter (an embedded asset, a path, a built-in): `readBrowserFile` in the app. */
  readText: (ref: string) => string | Promise<string>;
  /** Reads a file parameter as streamed bytes (big edge lists, binary tables): the CLI from disk, the app from embedded files. */
  readBytes?: (ref: string) => ByteSource | Promise<ByteSource>;
  /**
   * Compute every block as soon as it is defined (the app, default) or only the blocks whose
   * `value` is asked for and what they need (the CLI in its order, the export up to its runs).
   */
  eager?: boolean;
  /** Compute nothing until `resume()` (the app first finds out which graph to open). */
  paused?: boolean;
  /** Runs stream their partial results to the blocks that draw them (the app); default false. */
  streaming?: boolean;
  /** Where the heavy blocks of a sweep's points run (a pool of workers); default: `heavy`. */
  sweepPool?: Runner;
  /** A sweep's or fit's points start beside the run they vary (EvaluatorOptions.startReevaluated; the CLI). */
  startReevaluated?: boolean;
  /** Heavy runs above these ask before they start; null: never ask (the CLI). */
  runLimits?: RunLimits | null;
  /**
   * Blocks with a streamed file parameter (an edge list) compute in this thread, where the files
   * are streamed from (the CLI: from disk); a worker would be sent them whole. Default false (the
   * app sends its embedded files' bytes with the block).
   */
  streamedFilesHere?: boolean;
  /**
   * Each block that computes in this thread starts in a task of its own (the app: a network's
   * result feeds a raster, a rate plot and a table, each a few hundred ms at 127,000 neurons;
   * computed in one task they held the page for over a second). Default false.
   */
  taskPerBlock?: boolean;
}

export class Session {
  private ev: GraphEvaluator | null = null;
  /** Per block id: the subscriptions mirroring the evaluator's streams. */
  private readonly evSubs = new Map<string, Subscription[]>();
  /** The state and outputs of subgraph instances, derived from their inner blocks'. */
  private instanceSubs: Subscription[] = [];
  /** The graph the evaluator runs: subgraph instances expanded (subgraph.ts). */
  private flat: Flattened<SessionGraph> = { graph: { nodes: [], connections: [] }, instances: new Map() };
  private readonly statuses = new Map<string, BehaviorSubject<NodeStatus>>();
  private readonly outputs = new Map<string, BehaviorSubject<NodeOutput | null>>();
  private readonly memo = new ComputeMemo();
  private readonly storeSub: Subscription | null;
  private readonly blockDef: (type: string) => BlockDef | undefined;
  /** The catalogue alone: what the expanded graph's blocks are. */
  private readonly baseDef: (type: string) => BlockDef | undefined;
  private readonly heavy: HeavyRunner | undefined;
  private readonly streamedFilesHere: boolean;
  private readonly taskPerBlock: boolean;
  private readonly eager: boolean;
  private readonly readFile: (ref: string) => string | Promise<string>;
  private readonly readBytes: ((ref: string) => ByteSource | Promise<ByteSource>) | undefined;
  /** Evaluator rebuilds so far: opening a graph or Re-run (tests: edits and rewiring redefine in place). */
  rebuilds = 0;
  /** Above these a heavy run asks before it starts (run-estimate.ts); null: never. */
  runLimits: RunLimits | null;
  /** Runs over the limits waiting for the user's OK, by block id. */
  private readonly pending = new Map<string, PendingRun>();
  /** The largest run the user allowed per block (forgotten when another graph opens). */
  private readonly approved = new Map<string, Allowed>();
  /** The user allowed recorders and stimuli on any number of nodes in this graph (forgotten when another graph opens). */
  placementsAllowed = false;
  /** Emits the block ids whose pending question appeared or went (the app redraws). */
  readonly pending$ = new BehaviorSubject<readonly string[]>([]);

  constructor(
    private readonly source: GraphSource,
    opts: SessionOptions,
  ) {
    const base = opts.blockDef ?? catalogueDef;
    // The graph's own subgraph types are blocks too (their definitions are in the document).
    this.blockDef = graphLookup(() => this.source.graph, base);
    this.baseDef = base;
    this.heavy = opts.heavy;
    this.streamedFilesHere = opts.streamedFilesHere ?? false;
    this.taskPerBlock = opts.taskPerBlock ?? false;
    this.eager = opts.eager ?? true;
    this.readFile = opts.readText;
    this.readBytes = opts.readBytes;
    this.runLimits = opts.runLimits === undefined ? { ...DEFAULT_RUN_LIMITS } : opts.runLimits;
    this.paused = opts.paused ?? false;
    this.streaming = opts.streaming ?? false;
    this.sweepPool = opts.sweepPool;
    this.startReevaluated = opts.startReevaluated === true;
    this.storeSub = source.changes$?.subscribe((c) => this.apply(c)) ?? null;
    if (!this.paused) this.rebuild(source.graph);
  }

  private paused: boolean;
  private readonly streaming: boolean;
  private readonly sweepPool: Runner | undefined;
  private readonly startReevaluated: boolean;

  /** Start computing (after a paused start). */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.rebuild(this.source.graph);
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

  /** A block's parameter specs, those computed from its inputs (`paramsFrom`) included once known. */
  paramSpecs(id: string): ParamSpec[] {
    const ids = this.ev?.ids() ?? [];
    if (ids.includes(id)) return this.ev!.paramSpecs(id);
    const n = this.source.graph.nodes.find((x) => x.id === id);
    return (n && this.blockDef(n.type)?.params) ?? [];
  }

  stats(id: string): { computations: number; cancelled: number } {
    return this.ev?.stats(id) ?? { computations: 0, cancelled: 0 };
  }

  /** Resolves when every block of the graph has settled (done, error or waiting). */
  settled(): Promise<void> {
    // All blocks at once, and still so after the current task: a block reports 'done' just
    // before its output starts the next block, so one instant of "all settled" is not enough.
    // A muted block stays idle (it passes its input through without computing).
    const nodes = this.source.graph.nodes;
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
    this.rebuild(this.source.graph);
  }

  /**
   * Stop every running computation (the user's Stop): the blocks say they were stopped and
   * keep no result; Re-run or any edit computes again (finished results come from the memo).
   * Returns how many blocks were stopped.
   */
  stop(): number {
    // The expanded graph's blocks: an instance's state follows its inner blocks'.
    const running = this.flat.graph.nodes.filter((n) => this.status(n.id).state === 'running').map((n) => n.id);
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

  /**
   * The user's OK for a run that asked: it starts now (finished results upstream come from the
   * memo), or when the caller's change of the block starts it (`rerun: false`). The OK holds for
   * this block's runs up to this size; `always` lifts the node limit for the whole graph.
   */
  confirmRun(id: string, answer: RunAnswer = {}): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    const e = p.estimate;
    this.approved.set(id, { segmentSteps: e.segmentSteps, recordedBytes: e.recordedBytes, placed: Math.max(0, ...p.placed.map((x) => x.nodes)) });
    if (answer.always) this.placementsAllowed = true;
    this.setPending(id, null);
    if (answer.rerun !== false) this.rerun();
    return true;
  }

  /** Make the block worker die of an uncaught error mid-run (tests: the path of a real crash). */
  crashWorker(reason?: string): void {
    this.heavy?.crash?.(reason);
  }

  /**
   * The next output of a block (it and what it needs are computed if they were not). Rejects
   * when the graph could not be defined (a cycle, an unknown block type).
   */
  value(id: string): Promise<NodeOutput> {
    if (!this.ev) return Promise.reject(new Error(this.defineError ?? 'the session is paused'));
    const inst = this.flat.instances.get(id);
    if (!inst) return this.ev.value(id);
    // An instance's value: its inner blocks' that give its outputs.
    const ev = this.ev;
    const ports = Object.entries(inst.outputs);
    return Promise.all(ports.map(([, e]) => ev.value(e.node))).then((outs) => instanceOutput(ports.map(([p, e], k) => ({ port: p, from: e, output: outs[k] }))) ?? { ok: true, values: {} });
  }

  /** Why the graph could not be defined, or null. */
  defineError: string | null = null;

  dispose(): void {
    this.storeSub?.unsubscribe();
    this.teardown();
    this.heavy?.close();
  }

  // -------------------------------------------------------------------------------------------

  private apply(c: GraphChange): void {
    if (c.kind === 'open') {
      // An OK was for that graph's run: a graph opened again (link, library) asks again.
      this.approved.clear();
      this.placementsAllowed = false;
      for (const id of [...this.pending.keys()]) this.setPending(id, null);
    }
    if (this.paused) return;
    if (c.kind === 'open' || !this.ev) this.rebuild(c.graph);
    else if (c.kind === 'structure' || c.kind === 'params') this.redefine(c.graph);
  }

  /** Bring the evaluator to the new document in place: only what changed is redefined. */
  private redefine(graph: SessionGraph): void {
    const ev = this.ev!;
    try {
      this.flat = flattenGraph(graph, this.baseDef);
      ev.redefine(this.flat.graph);
    } catch (e) {
      // A cycle, an unknown block or subgraph: nothing runs until the graph is fixed.
      this.rebuild(graph);
      return;
    }
    this.memo.retain(this.flat.graph.nodes.map((n) => n.id));
    this.follow(ev, graph);
  }

  /** Mirror the evaluator's per-block streams into the session's (which outlive blocks and evaluators). */
  private follow(ev: GraphEvaluator, graph: SessionGraph): void {
    this.followInstances();
    graph = this.flat.graph;
    const ids = new Set(ev.ids());
    for (const [id, subs] of [...this.evSubs]) {
      if (ids.has(id)) continue;
      for (const x of subs) x.unsubscribe();
      this.evSubs.delete(id);
    }
    for (const n of graph.nodes) {
      if (this.evSubs.has(n.id)) continue;
      const s = this.statusSubject(n.id);
      const o = this.outputSubject(n.id);
      this.evSubs.set(n.id, [
        ev.status$(n.id).subscribe((x) => s.next(this.shownStatus(n.id, x))),
        ev.output$(n.id).subscribe((x) => o.next(x)),
      ]);
    }
  }

  /** Each instance's state and outputs, from its inner blocks' (at every depth). */
  private followInstances(): void {
    for (const x of this.instanceSubs) x.unsubscribe();
    this.instanceSubs = [];
    for (const inst of this.flat.instances.values()) {
      const s = this.statusSubject(inst.id);
      const o = this.outputSubject(inst.id);
      const blocks = inst.blocks;
      const ports = Object.entries(inst.outputs);
      this.instanceSubs.push(
        combineLatest(blocks.map((b) => this.statusSubject(b))).subscribe((all) => s.next(instanceStatus(blocks, all))),
        combineLatest(ports.map(([, e]) => this.outputSubject(e.node))).subscribe((outs) => o.next(instanceOutput(ports.map(([p, e], k) => ({ port: p, from: e, output: outs[k] }))))),
      );
    }
  }

  /**
   * A run held back for the user's OK is waiting (for the user), not failed; so are the blocks
   * below it, which the evaluator tells that it failed.
   */
  private shownStatus(id: string, x: NodeStatus): NodeStatus {
    if (x.state === 'error' && this.pending.get(id)?.message === x.message) return { state: 'waiting', message: x.message };
    if (x.state === 'waiting' && this.pending.size) {
      for (const p of this.pending.keys()) {
        if (x.message.includes(`block "${p}" failed`) || x.message.includes(`block "${p}" upstream failed`)) return { state: 'waiting', message: `waiting for "${p}": its run asks before it starts (select it to answer)` };
      }
    }
    return x;
  }

  private rebuild(graph: SessionGraph): void {
    this.teardown();
    this.rebuilds++;
    this.defineError = null;
    try {
      this.flat = flattenGraph(graph, this.baseDef);
    } catch (e) {
      // A subgraph that contains itself or is not defined: the graph cannot run.
      const message = e instanceof Error ? e.message : String(e);
      this.defineError = message;
      this.flat = { graph: { nodes: [], connections: [] }, instances: new Map() };
      for (const n of graph.nodes) this.statusSubject(n.id).next({ state: 'error', message });
      return;
    }
    const top = graph;
    graph = this.flat.graph;
    this.memo.retain(graph.nodes.map((n) => n.id));
    const heavy = this.heavy;
    const guardedHeavy: Runner | undefined =
      heavy &&
      // Asked a task later: the blocks upstream have then also given the session their outputs
      // (the question follows the model back through them to name the blocks placing parts).
      ((def, inputs, params, ctx) =>
        Promise.resolve().then(() => {
          // Replaced meanwhile by a newer edit: that run asks its own question.
          if (ctx.signal.aborted) throw new Error('run cancelled before it started');
          const ask = this.question(ctx.nodeId, def, inputs, params);
          if (ask) return Promise.reject(new Error(ask));
          return this.streamedFilesHere && def.params.some((p) => p.kind === 'file' && p.streamed) ? inProcess(def, inputs, params, ctx) : heavy(def, inputs, params, ctx);
        }));
    try {
      this.ev = new GraphEvaluator(graph, {
        blockDef: this.baseDef,
        readText: async (ref) => this.readFile(ref),
        ...(this.readBytes ? { readBytes: async (ref: string) => this.readBytes!(ref) } : {}),
        // An embedded file by its own name (a skeleton named "1734350788", not by its hash).
        fileName: (ref) => {
          const r = parseFileRef(ref);
          return r.kind === 'asset' ? (this.source.graph.assets?.[r.hash]?.name ?? ref) : ref;
        },
        heavyRunner: guardedHeavy,
        ...(this.taskPerBlock ? { lightRunner: inOwnTask } : {}),
        memo: this.memo,
        streaming: this.streaming,
        sweepRunner: this.sweepPool,
        startReevaluated: this.startReevaluated,
        ask: (id, def, inputs, params) => this.runsQuestionFor(id, def, inputs, params),
        // `inst.param` in a sweep: the inner parameters the instance's exposed one sets.
        expandOverride: (o) => innerParams(this.source.graph, this.flat.instances, o.node, o.param)?.map((t) => ({ ...t, value: o.value })) ?? null,
      });
    } catch (e) {
      this.ev = null;
      const message = e instanceof Error ? e.message : String(e);
      this.defineError = message;
      for (const n of top.nodes) this.statusSubject(n.id).next({ state: 'error', message });
      return;
    }
    this.follow(this.ev, top);
    if (this.eager) this.ev.start();
  }

  /**
   * The question to ask instead of starting this heavy run, or null to start it: a run over
   * the limits asks unless the user allowed one at least as large for this block.
   */
  /**
   * A sweep's or fit's question: its points (or run budget) times the run it repeats, against the
   * same limits as one run; asked once, then allowed up to what the user allowed.
   */
  private runsQuestionFor(id: string, def: BlockDef, inputs: Record<string, unknown>, params: Params): string | null {
    if (!this.runLimits) return null;
    const tr = inputs.traces as TracesValue | undefined;
    if (!tr || tr.kind !== 'traces') return null;
    let runs: number;
    if (def.type === 'fit') runs = Number(params.maxEvaluations);
    else {
      try {
        runs = sweepPoints(String(params.parameters ?? ''), params.mode === 'paired' ? 'paired' : 'grid').points.length;
      } catch {
        return null; // the block says what is wrong with its text
      }
    }
    if (!(runs >= 1)) return null;
    const e = estimateRuns(runs, tr, def.type !== 'fit');
    const q = runsQuestion(e, runs, `${def.title} '${id}'`, this.runLimits);
    const ok = this.approved.get(id);
    if (!q || (ok && e.segmentSteps <= ok.segmentSteps && e.recordedBytes <= ok.recordedBytes)) {
      this.setPending(id, null);
      return null;
    }
    this.setPending(id, { estimate: e, message: q, placed: [], recordEvery: null });
    return q;
  }

  private question(id: string, def: BlockDef, inputs: Record<string, unknown>, params: Params): string | null {
    if (!this.runLimits) return null;
    let e: RunEstimate | null = null;
    let placements: Placement[] = [];
    try {
      e = estimateRun(def.runs, inputs, params);
      const model = def.runs === 'model' ? Object.values(inputs).find(isModel) : undefined;
      if (model && this.runLimits.placedNodes !== undefined && !this.placementsAllowed) placements = this.placements(id, model);
    } catch {
      e = null; // the block itself reports what is wrong with its inputs
    }
    const q = e && runQuestion(e, def.runs, this.runLimits, placements);
    const ok = this.approved.get(id);
    if (!e || !q || (ok && e.segmentSteps <= ok.segmentSteps && e.recordedBytes <= ok.recordedBytes && q.placed.every((p) => p.nodes <= ok.placed))) {
      this.setPending(id, null);
      return null;
    }
    this.setPending(id, { estimate: e, message: q.message, placed: q.placed, recordEvery: q.recordEvery, placedLimit: this.runLimits.placedNodes });
    return q.message;
  }

  /**
   * The recorders and stimuli each block upstream of a run placed: the chain of model blocks is
   * followed back from the run's input through the blocks' current outputs. When the chain does not
   * end in the model the run was given (not known yet), the model's totals.
   */
  private placements(runId: string, model: ModelValue): Placement[] {
    const g = this.flat.graph;
    const chain: ModelStep[] = [];
    let at = runId;
    let made: ModelValue | null = model;
    for (let k = 0; made && k <= g.nodes.length; k++) {
      const wires = g.connections.filter((c) => c.to.node === at);
      const into = wires.map((c) => ({ c, v: this.portValue(c.from.node, c.from.port) }));
      if (k === 0) {
        const w = into.find((x) => x.v === model);
        if (!w) return placementTotals(model);
        at = w.c.from.node;
        continue;
      }
      const input = into.map((x) => x.v).find(isModel) ?? null;
      const node = g.nodes.find((n) => n.id === at);
      chain.push({ id: at, title: node?.title || this.blockDef(node?.type ?? '')?.title || (node?.type ?? at), input, output: made });
      at = input ? (into.find((x) => x.v === input)?.c.from.node ?? '') : '';
      made = input;
    }
    return placementsOf(chain.reverse());
  }

  private portValue(id: string, port: string): unknown {
    const o = this.output(id);
    return o?.ok ? o.values[port] : undefined;
  }

  private setPending(id: string, p: PendingRun | null): void {
    if (p) this.pending.set(id, p);
    else if (!this.pending.delete(id)) return;
    this.pending$.next([...this.pending.keys()]);
  }

  private teardown(): void {
    for (const x of this.instanceSubs) x.unsubscribe();
    this.instanceSubs = [];
    for (const subs of this.evSubs.values()) for (const s of subs) s.unsubscribe();
    this.evSubs.clear();
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

const isModel = (v: unknown): v is ModelValue => (v as { kind?: unknown } | null)?.kind === 'model';

/** File parameters in the browser: embedded assets only (paths are the CLI's). */
export function readBrowserFile(ref: string, graph: Graph): string {
  const r = parseFileRef(ref);
  if (r.kind === 'asset') return readAssetText(graph, ref);
  if (r.kind === 'path') throw new Error(`"${ref}" is a path on disk, which only the command line reads: drop the file on the page (or choose it in the inspector) to embed it`);
  if (r.kind === 'invalid') throw new Error(r.reason);
  throw new Error(`no file "${ref}"`);
}

/** File parameters in the browser as bytes: an embedded file's bytes, given in chunks (no parse of one big string). */
export function readBrowserBytes(ref: string, graph: Graph): ByteSource {
  const r = parseFileRef(ref);
  if (r.kind === 'asset') return bytesSource(readAssetBytes(graph, ref));
  readBrowserFile(ref, graph);
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
