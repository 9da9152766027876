/**
 * The reactive evaluator: a graph of blocks turned into RxJS streams. Each block's output is
 * derived from its inputs' outputs and its parameter stream, shared (one computation per
 * change however many readers), recomputed only when an input value or a parameter really
 * changed, and cancelled (latest wins) when a newer input arrives mid-computation: the old
 * computation's AbortSignal fires and it stops. Every block has a status stream (idle,
 * waiting for an input, running with progress, done with its time, error with its message).
 */
import { BehaviorSubject, combineLatest, EMPTY, distinctUntilChanged, map, Observable, observeOn, of, queueScheduler, shareReplay, subscribeOn, switchMap, type MonoTypeOperatorFunction, type Subscription } from 'rxjs';
import { REEVALUATED, type BlockDef, type ComputeContext, type Inputs, type ParamOverride, type ParamSpec, type Params } from '../../nodes/types.ts';
import type { ByteSource } from '../core/byte-source.ts';
import { CoreError } from '../core/errors.ts';
import { sameValue } from './equality.ts';
import type { GraphNode } from './graph.ts';
import { readParams } from './params.ts';
import { upstreamOf } from './upstream.ts';

/** The part of a graph document the evaluator needs. */
export interface EvalGraph {
  /** Params as stored (plain values, or `{ value, unit }` that the one reader converts). */
  nodes: Array<{ id: string; type: string; params: Record<string, unknown>; bypass?: boolean }>;
  connections: Array<{ from: { node: string; port: string }; to: { node: string; port: string } }>;
}

export type NodeStatus =
  | { state: 'idle' }
  | { state: 'waiting'; message: string }
  | { state: 'running'; progress: number }
  | { state: 'done'; ms: number; warnings?: string[] }
  | { state: 'error'; message: string };

/** The `warnings` strings of each value of a record (values carry their own, see nodes/values.ts). */
function warningsOf(values: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const v of Object.values(values)) {
    const w = v !== null && typeof v === 'object' ? (v as { warnings?: unknown }).warnings : undefined;
    if (Array.isArray(w)) for (const x of w) if (typeof x === 'string') out.push(x);
  }
  return out;
}

/**
 * 'done', with the warnings this block added: those of its outputs that none of its inputs
 * already carried (values pass their warnings on downstream; each is shown where it arose).
 */
function doneStatus(ms: number, inputs: Record<string, unknown>, values: Record<string, unknown>): NodeStatus {
  const upstream = new Set(warningsOf(inputs));
  const own = [...new Set(warningsOf(values))].filter((w) => !upstream.has(w));
  return own.length ? { state: 'done', ms, warnings: own } : { state: 'done', ms };
}

/**
 * A block's output: its values by port, or why there are none. `partial` (fraction done, 0–1):
 * what a computation still going has so far (a streamed run's traces, or a plot drawn from
 * them); only blocks that declare `streams` compute on it, the others wait for the final value.
 */
export type NodeOutput = { ok: true; values: Record<string, unknown>; partial?: number } | { ok: false; message: string; origin: string };

/** Runs a block's compute, in this thread or elsewhere (the worker runs heavy blocks). */
export type Runner = (def: BlockDef, inputs: Inputs, params: Params, ctx: ComputeContext) => Promise<Record<string, unknown>>;

export interface EvaluatorOptions {
  /** Block definitions by type. */
  blockDef: (type: string) => BlockDef | undefined;
  /** Reads file parameters. */
  readText: (ref: string) => Promise<string>;
  /** Reads file parameters as streamed bytes (ComputeContext.readBytes), where the host can. */
  readBytes?: (ref: string) => Promise<ByteSource>;
  /** The name a file reference goes by (ComputeContext.fileName). */
  fileName?: (ref: string) => string;
  /** Where heavy blocks run (default: here). */
  heavyRunner?: Runner;
  /** How the other blocks run here (default: at once, in the same task as the input that arrived). */
  lightRunner?: Runner;
  /**
   * Results kept across evaluators: the app builds a new evaluator when wires change, and a
   * block whose type, params and input values (by reference) are those of a remembered run
   * gives that run's values again instead of recomputing.
   */
  memo?: ComputeMemo;
  /**
   * Ask long computations for their partial results (ComputeContext.partial) and pass them to
   * the blocks that draw them (`streams`). The app does; the CLI and tests by default do not.
   */
  streaming?: boolean;
  /** Where the heavy blocks of a sweep's points run (a pool of workers); default: heavyRunner. */
  sweepRunner?: Runner;
  /**
   * Give a `reevaluated` input (a sweep's, a fit's) REEVALUATED as soon as the block feeding it
   * has its own inputs, so that the points run beside that block's own computation (the CLI).
   * Off in the app, whose memo recognises a block's inputs by reference across evaluators.
   */
  startReevaluated?: boolean;
  /**
   * Asked before a block that evaluates many runs (`sweeps`: a sweep, a fit) starts: a question
   * for the user (the block then fails with it until it is answered) or null to go ahead.
   */
  ask?: (id: string, def: BlockDef, inputs: Inputs, params: Params) => string | null;
  /**
   * A swept parameter of a block that is not in this graph: the parameters it stands for (a
   * subgraph instance's exposed parameter is its inner blocks'; see subgraph.ts), or null.
   */
  expandOverride?: (o: ParamOverride) => ParamOverride[] | null;
}

/** Remembered block results by node id (see EvaluatorOptions.memo). */
export class ComputeMemo {
  private readonly entries = new Map<string, Array<{ type: string; params: Params; inputs: Inputs; values: Record<string, unknown>; ms: number }>>();
  /** @param perNode how many results to keep per block (2 makes undo/redo of an edit instant). */
  constructor(private readonly perNode = 2) {}

  get(id: string, type: string, inputs: Inputs, params: Params): { values: Record<string, unknown>; ms: number } | null {
    for (const e of this.entries.get(id) ?? []) {
      if (e.type !== type || !sameValue(e.params, params)) continue;
      const keys = Object.keys(inputs);
      if (keys.length === Object.keys(e.inputs).length && keys.every((k) => e.inputs[k] === inputs[k])) return e;
    }
    return null;
  }

  set(id: string, type: string, inputs: Inputs, params: Params, values: Record<string, unknown>, ms: number): void {
    const list = this.entries.get(id) ?? [];
    list.unshift({ type, params, inputs, values, ms });
    list.length = Math.min(list.length, this.perNode);
    this.entries.set(id, list);
  }

  /** Forget blocks no longer in the graph. */
  retain(ids: Iterable<string>): void {
    const keep = new Set(ids);
    for (const id of [...this.entries.keys()]) if (!keep.has(id)) this.entries.delete(id);
  }
}

/** A memo that reads another's results and keeps its own apart (a sweep's points must not push the graph's results out). */
class ReadThroughMemo extends ComputeMemo {
  constructor(private readonly base: ComputeMemo) {
    super(2);
  }

  override get(id: string, type: string, inputs: Inputs, params: Params): { values: Record<string, unknown>; ms: number } | null {
    return super.get(id, type, inputs, params) ?? this.base.get(id, type, inputs, params);
  }
}

/** Levels of a chain of blocks between two hand-offs to the trampoline (see `define`). */
const RELAY_EVERY = 32;

/** Compute a block here, in this thread. */
export const inProcess: Runner = async (def, inputs, params, ctx) => def.compute(inputs, params, ctx);

/** A block's parameters after the one reader: the values its compute gets, or why there are none. */
type ReadParams = { ok: true; params: Params; raw: Record<string, unknown> } | { ok: false; message: string };

function sameRead(a: ReadParams, b: ReadParams): boolean {
  if (a.ok && b.ok) return sameValue(a.params, b.params);
  return !a.ok && !b.ok && a.message === b.message;
}

/** The wire into each input port of a block (null: unconnected), by port order. */
type Wiring = ReadonlyArray<EvalGraph['connections'][number] | null>;

interface NodeState {
  def: BlockDef;
  /** Params as the graph stores them; the one reader turns them into what compute gets. */
  raw: BehaviorSubject<Record<string, unknown>>;
  bypass: BehaviorSubject<boolean>;
  /** Which upstream output feeds each input: replaced in place when wires change. */
  wiring: BehaviorSubject<Wiring>;
  status: BehaviorSubject<NodeStatus>;
  output: Observable<NodeOutput>;
  /** Levels below the graph's sources when the block was defined (see RELAY_EVERY). */
  level: number;
  computations: number;
  cancelled: number;
  /** The parameters its `paramsFrom` gave last (none until its inputs were there). */
  dynamicSpecs: ParamSpec[];
  /** Keeps the block live once `start()` was called. */
  live: Subscription | null;
  /** Its inputs, parameters and mute as they change (what starts a computation). */
  trigger: Observable<[PortValue[], ReadParams, boolean]>;
}

/**
 * The one graph runner's core. Blocks are defined once and then redefined in place (as
 * Observable's runtime redefines a variable): a parameter edit updates that block's parameter
 * stream, a wiring change swaps only the affected blocks' input streams, and everything else
 * keeps its value. Parameters go through the one reader (`readParams` of params.ts) before
 * compute: a parameter error is the block's output value, never a call of its compute.
 */
export class GraphEvaluator {
  private readonly nodes = new Map<string, NodeState>();
  private readonly opts: EvaluatorOptions;
  private started = false;
  /** The graph as last defined (a sweep evaluates parts of it at other parameter values). */
  private graph: EvalGraph = { nodes: [], connections: [] };

  constructor(graph: EvalGraph, opts: EvaluatorOptions) {
    this.opts = opts;
    this.redefine(graph);
  }

  /**
   * Bring the running graph to `graph`: blocks added, removed or retyped are (un)defined,
   * blocks whose wires changed get new input streams, changed params and mute flags are
   * passed on. Results that depend on nothing that changed are kept. Throws naming a cycle or
   * an unknown block type (then nothing was changed).
   */
  redefine(graph: EvalGraph): void {
    const order = topoOrder(graph);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    for (const id of order) {
      const type = byId.get(id)!.type;
      if (!this.opts.blockDef(type)) throw new CoreError('input', `block "${id}": unknown block type "${type}"`);
    }
    // Wires by the block they go into (a lookup per input, not a scan of every wire).
    const into = new Map<string, EvalGraph['connections']>();
    for (const c of graph.connections) {
      const list = into.get(c.to.node);
      if (list) list.push(c);
      else into.set(c.to.node, [c]);
    }
    this.graph = graph;
    for (const [id, st] of [...this.nodes]) {
      const n = byId.get(id);
      if (!n || n.type !== st.def.type) this.undefine(id);
    }
    // Upstream before downstream: a block's wiring refers to its sources' states.
    for (const id of order) {
      const node = byId.get(id)!;
      const wiring = Object.keys(this.opts.blockDef(node.type)!.inputs).map((port) => (into.get(id) ?? []).find((x) => x.to.port === port) ?? null);
      for (const w of wiring) if (w && !this.nodes.has(w.from.node)) throw new CoreError('input', `block "${id}": an input comes from unknown block "${w.from.node}"`);
      const st = this.nodes.get(id);
      if (!st) {
        this.define(node, wiring);
        continue;
      }
      if (!sameWiring(st.wiring.value, wiring)) st.wiring.next(wiring);
      if (st.bypass.value !== (node.bypass === true)) st.bypass.next(node.bypass === true);
      if (!sameValue(st.raw.value as Params, node.params as Params)) st.raw.next(node.params);
    }
  }

  private define(node: EvalGraph['nodes'][number], wiring: Wiring): void {
    const { id } = node;
    const def = this.opts.blockDef(node.type)!;
    const ports = Object.keys(def.inputs);
    // Levels below the graph's sources: subscriptions and values travel down a chain
    // synchronously, a few dozen stack frames per block, so every RELAY_EVERY levels they are
    // handed to RxJS's trampoline (queueScheduler), which keeps the stack flat on chains of
    // thousands of blocks and changes nothing in graphs less deep than that.
    let level = 0;
    for (const w of wiring) if (w) level = Math.max(level, this.nodes.get(w.from.node)!.level + 1);
    const st: NodeState = {
      def,
      raw: new BehaviorSubject(node.params),
      bypass: new BehaviorSubject(node.bypass === true),
      wiring: new BehaviorSubject(wiring),
      status: new BehaviorSubject<NodeStatus>({ state: 'idle' }),
      output: of(),
      level,
      computations: 0,
      cancelled: 0,
      dynamicSpecs: [],
      live: null,
      trigger: of(),
    };
    this.nodes.set(id, st);
    const inputs$ = st.wiring.pipe(switchMap((w) => (w.length ? combineLatest(w.map((c, k) => this.portStream(id, st, ports[k], c))) : of<PortValue[]>([]))));
    const read$ = st.raw.pipe(
      map((raw): ReadParams => {
        const { params, issues } = readParams({ id, type: def.type, params: raw as GraphNode['params'] }, def);
        const errors = issues.filter((i) => i.severity === 'error');
        return errors.length ? { ok: false, message: errors.map((e) => e.message).join('; ') } : { ok: true, params, raw };
      }),
      // A block with parameters from its inputs reads its stored params again on each change.
      distinctUntilChanged((a, b) => sameRead(a, b) && (!def.paramsFrom || !a.ok || !b.ok || sameValue(a.raw as Params, b.raw as Params))),
    );
    const relay: MonoTypeOperatorFunction<NodeOutput> = level % RELAY_EVERY === RELAY_EVERY - 1 ? (s) => s.pipe(subscribeOn(queueScheduler), observeOn(queueScheduler)) : (s) => s;
    st.trigger = combineLatest([inputs$, read$, st.bypass.pipe(distinctUntilChanged())]).pipe(
      // Same input values (by reference or content), same params, same mute: nothing to do.
      distinctUntilChanged(([i1, p1, b1], [i2, p2, b2]) => p1 === p2 && b1 === b2 && i1.length === i2.length && i1.every((v, k) => samePort(v, i2[k]))),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    st.output = st.trigger.pipe(
      switchMap(([ins, p, bypass]) => this.compute(id, bypass, st, ports, ins, p)),
      // A new output equal to the previous one stops propagation here.
      distinctUntilChanged(sameOutput),
      relay,
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    if (this.started) st.live = st.output.subscribe();
  }

  private undefine(id: string): void {
    const st = this.nodes.get(id);
    if (!st) return;
    st.live?.unsubscribe();
    // Completing the sources ends the block's streams; a computation in flight is aborted.
    st.wiring.complete();
    st.raw.complete();
    st.bypass.complete();
    this.nodes.delete(id);
  }

  /** The value on one input port: the upstream block's value on the wired port. */
  private portStream(id: string, st: NodeState, port: string, c: Wiring[number]): Observable<PortValue> {
    if (!c) return of<PortValue>({ present: false, why: st.def.inputs[port].optional ? null : `input "${port}" is not connected` });
    const up = this.nodes.get(c.from.node)!;
    if (this.opts.startReevaluated && st.def.inputs[port].reevaluated) {
      // Ready when the block feeding it has its inputs and readable parameters (its own result is not needed).
      return up.trigger.pipe(
        map(([ins, read]): PortValue => {
          const missing = ins.find((v): v is Extract<PortValue, { present: false }> => !v.present && v.why !== null);
          if (missing) return { present: false, why: `input "${port}" is missing: ${missing.why}`, origin: missing.origin ?? c.from.node };
          if (!read.ok) return { present: false, why: `input "${port}" is missing: block "${c.from.node}" failed`, origin: c.from.node };
          return { present: true, value: REEVALUATED };
        }),
      );
    }
    return up.output.pipe(
      map((o): PortValue =>
        o.ok && !Object.hasOwn(up.def.outputs, c.from.port)
          ? // A port named 'constructor' or '__proto__' is a name: never Object's member as a value.
            { present: false, why: `input "${port}": block "${c.from.node}" has no output "${c.from.port}"`, origin: c.from.node }
          : o.ok
            ? { present: true, value: Object.hasOwn(o.values, c.from.port) ? o.values[c.from.port] : undefined, partial: o.partial }
            : { present: false, why: `input "${port}" is missing: ${o.origin === c.from.node ? `block "${c.from.node}" failed` : `block "${o.origin}" upstream failed`}`, origin: o.origin },
      ),
    );
  }

  private compute(id: string, bypass: boolean, st: NodeState, ports: string[], ins: PortValue[], read: ReadParams): Observable<NodeOutput> {
    const inputs: Inputs = {};
    ins.forEach((v, k) => {
      if (v.present) inputs[ports[k]] = v.value;
    });
    // The furthest a partial input got (undefined: every input is final).
    let partial: number | undefined;
    for (const v of ins) if (v.present && v.partial !== undefined) partial = Math.min(partial ?? 1, v.partial);
    if (bypass) {
      // A muted block passes its first input through unchanged on outputs of the same type.
      const values: Record<string, unknown> = {};
      for (const [port, spec] of Object.entries(st.def.outputs)) {
        const src = ports.find((p) => st.def.inputs[p].type === spec.type);
        if (src) values[port] = inputs[src];
      }
      st.status.next({ state: 'idle' });
      return of(partial === undefined ? { ok: true, values } : { ok: true, values, partial });
    }
    if (partial !== undefined && !st.def.streams) {
      // Not a block that draws runs in flight: it keeps its last output and computes once the run ends.
      st.status.next({ state: 'running', progress: 0 });
      return EMPTY;
    }
    // The block's own parameter error first: it is what the user can fix here.
    if (!read.ok) {
      st.status.next({ state: 'error', message: read.message });
      return of({ ok: false, message: read.message, origin: id });
    }
    const params = read.params;
    const missing = ins.map((v, k) => ({ v, port: ports[k] })).filter(({ v, port }) => !v.present && (v.why !== null || !st.def.inputs[port].optional));
    if (missing.length) {
      const first = missing[0].v as Extract<PortValue, { present: false }>;
      const message = missing.map((m) => (m.v as Extract<PortValue, { present: false }>).why).join('; ');
      st.status.next({ state: 'waiting', message });
      // Parameters that come from the block's file (a .mod's) can be shown while it waits for its inputs.
      if (st.def.paramsFrom) this.specsWhileWaiting(st, inputs, read.params, message);
      return of({ ok: false, message, origin: first.origin ?? id });
    }
    if (st.def.paramsFrom) return this.withDynamicParams(id, st, inputs, read);
    return this.run(id, st, inputs, params, partial);
  }

  /**
   * A waiting block's computed parameters, when they can be had without its inputs (a .mod
   * file's): kept for the inspector, and the waiting status sent again so that it redraws. A
   * block that needs its inputs for them just keeps the ones it had.
   */
  private specsWhileWaiting(st: NodeState, inputs: Inputs, params: Params, message: string): void {
    const def = st.def;
    Promise.resolve()
      .then(() => def.paramsFrom!(inputs, params, { readText: this.opts.readText, signal: new AbortController().signal }))
      .then(
        (specs) => {
          st.dynamicSpecs = specs;
          if (st.status.value.state === 'waiting') st.status.next({ state: 'waiting', message });
        },
        // The block's own file does not compile: that, not the missing input, is what to fix here.
        (e: unknown) => {
          if (e instanceof CoreError && st.status.value.state === 'waiting') st.status.next({ state: 'error', message: e.message });
        },
      );
  }

  /**
   * A block whose parameters depend on its inputs (`paramsFrom`): its specs are computed, the
   * node's stored params read against static + computed specs by the one reader, and only then
   * is it run. A parameter error is again the block's output.
   */
  private withDynamicParams(id: string, st: NodeState, inputs: Inputs, read: Extract<ReadParams, { ok: true }>): Observable<NodeOutput> {
    const def = st.def;
    return new Observable<ReadParams>((sub) => {
      const ac = new AbortController();
      Promise.resolve()
        .then(() => def.paramsFrom!(inputs, read.params, { readText: this.opts.readText, signal: ac.signal }))
        .then(
          (specs) => {
            st.dynamicSpecs = specs;
            const r = readParams({ id, type: def.type, params: read.raw as GraphNode['params'] }, { ...def, params: [...def.params, ...specs] });
            const errors = r.issues.filter((i) => i.severity === 'error');
            sub.next(errors.length ? { ok: false, message: errors.map((e) => e.message).join('; ') } : { ok: true, params: r.params, raw: read.raw });
            sub.complete();
          },
          (e: unknown) => {
            sub.next({ ok: false, message: e instanceof Error ? e.message : String(e) });
            sub.complete();
          },
        );
      return () => ac.abort();
    }).pipe(
      switchMap((r) => {
        if (r.ok) return this.run(id, st, inputs, r.params);
        st.status.next({ state: 'error', message: r.message });
        return of<NodeOutput>({ ok: false, message: r.message, origin: id });
      }),
    );
  }

  /**
   * Run a block's compute (or take the memo's result), reporting status and progress. With
   * `partial` (inputs from a computation still going, fraction done) its result is partial too:
   * not remembered, and the block stays 'running'.
   */
  private run(id: string, st: NodeState, inputs: Inputs, params: Params, partial?: number): Observable<NodeOutput> {
    const memo = partial === undefined ? this.opts.memo : undefined;
    const hit = memo?.get(id, st.def.type, inputs, params);
    if (hit) {
      st.status.next(doneStatus(hit.ms, inputs, hit.values));
      return of({ ok: true, values: hit.values });
    }
    const question = st.def.sweeps ? (this.opts.ask?.(id, st.def, inputs, params) ?? null) : null;
    if (question) {
      st.status.next({ state: 'error', message: question });
      return of({ ok: false, message: question, origin: id });
    }
    return new Observable<NodeOutput>((sub) => {
      const ac = new AbortController();
      const t0 = performance.now();
      let finished = false;
      st.computations++;
      st.status.next({ state: 'running', progress: partial ?? 0 });
      let progress = 0;
      const ctx: ComputeContext = {
        signal: ac.signal,
        nodeId: id,
        readText: this.opts.readText,
        ...(this.opts.readBytes ? { readBytes: this.opts.readBytes } : {}),
        ...(this.opts.fileName ? { fileName: this.opts.fileName } : {}),
        progress: (f) => {
          progress = Math.max(0, Math.min(1, f));
          if (!ac.signal.aborted) st.status.next({ state: 'running', progress });
        },
        partial: this.opts.streaming
          ? (values) => {
              if (!ac.signal.aborted && !finished) sub.next({ ok: true, values, partial: progress });
            }
          : undefined,
        evaluateInput: st.def.sweeps ? (port, overrides, signal) => this.evaluateUpstream(id, st, port, overrides, signal) : undefined,
      };
      const runner = st.def.heavy && this.opts.heavyRunner ? this.opts.heavyRunner : (this.opts.lightRunner ?? inProcess);
      runner(st.def, inputs, params, ctx).then(
        (values) => {
          finished = true;
          if (ac.signal.aborted) return;
          if (partial !== undefined) {
            sub.next({ ok: true, values, partial });
            sub.complete();
            return;
          }
          const ms = performance.now() - t0;
          memo?.set(id, st.def.type, inputs, params, values, ms);
          st.status.next(doneStatus(ms, inputs, values));
          sub.next({ ok: true, values });
          sub.complete();
        },
        (e: unknown) => {
          finished = true;
          if (ac.signal.aborted) return;
          const message = e instanceof Error ? e.message : String(e);
          st.status.next({ state: 'error', message });
          sub.next({ ok: false, message, origin: id });
          sub.complete();
        },
      );
      // Unsubscribed before the result: a newer input arrived (switchMap) or the graph closed.
      return () => {
        if (!finished) {
          st.cancelled++;
          ac.abort();
        }
      };
    });
  }


  /**
   * The value on input `port` of block `id` with the graph upstream of it evaluated at other
   * parameter values (a sweep's point): a separate evaluator over those blocks only, reading the
   * results this one remembers (unchanged blocks are not computed again) and keeping none.
   */
  private async evaluateUpstream(id: string, st: NodeState, port: string, overrides: ReadonlyArray<ParamOverride>, signal: AbortSignal): Promise<unknown> {
    const k = Object.keys(st.def.inputs).indexOf(port);
    const wire = k >= 0 ? st.wiring.value[k] : null;
    if (!wire) throw new CoreError('input', `input "${port}" is not connected`);
    const up = new Set<string>([wire.from.node, ...upstreamOf(this.graph, wire.from.node)]);
    const changed = new Map<string, Record<string, unknown>>();
    const expanded = overrides.flatMap((o) => (this.nodes.has(o.node) ? [o] : (this.opts.expandOverride?.(o) ?? [o])));
    for (const o of expanded) {
      const target = this.nodes.get(o.node);
      if (!target || !up.has(o.node)) throw new CoreError('input', `swept parameter "${o.node}.${o.param}": ${target ? `block "${o.node}" is not upstream of input "${port}"` : `there is no block "${o.node}"`}`);
      if (![...target.def.params, ...target.dynamicSpecs].some((p) => p.name === o.param)) throw new CoreError('input', `swept parameter "${o.node}.${o.param}": block "${o.node}" (${target.def.title}) has no parameter "${o.param}"`);
      changed.set(o.node, { ...(changed.get(o.node) ?? this.graph.nodes.find((n) => n.id === o.node)!.params), [o.param]: o.value });
    }
    // Only the changed blocks and what follows them are evaluated again; the blocks that feed
    // them from outside stand in as constants with their present values (this block's inputs
    // are computed, so theirs are too). A point then builds a few blocks, not the whole upstream.
    const affected = changed.size ? downstreamWithin(this.graph, [...changed.keys()], up) : up;
    const consts = new Map<string, BlockDef>();
    const constType = new Map<string, string>();
    for (const c of this.graph.connections) {
      if (!affected.has(c.to.node) || affected.has(c.from.node) || constType.has(c.from.node)) continue;
      const from = this.state(c.from.node);
      const out = await this.value(c.from.node);
      if (!out.ok) throw new CoreError('model', `block "${out.origin}": ${out.message}`);
      // A name no graph can use for a block of its own (graph types are checked against the catalogue).
      const type = `\u0000const:${consts.size}`;
      constType.set(c.from.node, type);
      consts.set(type, { type, title: from.def.title, category: from.def.category, description: from.def.description, inputs: {}, outputs: from.def.outputs, params: [], compute: () => out.values });
    }
    const sub: EvalGraph = {
      nodes: this.graph.nodes
        .filter((n) => affected.has(n.id) || constType.has(n.id))
        .map((n) => (constType.has(n.id) ? { id: n.id, type: constType.get(n.id)!, params: {} } : changed.has(n.id) ? { ...n, params: changed.get(n.id)! } : n)),
      connections: this.graph.connections.filter((c) => affected.has(c.to.node) && (affected.has(c.from.node) || constType.has(c.from.node))),
    };
    const base = this.opts.memo;
    const blockDef = (type: string) => consts.get(type) ?? this.opts.blockDef(type);
    const ev = new GraphEvaluator(sub, { ...this.opts, blockDef, memo: base ? new ReadThroughMemo(base) : undefined, heavyRunner: this.opts.sweepRunner ?? this.opts.heavyRunner, streaming: false });
    // Removed when the point ends: a sweep's signal outlives its many points (left in place, their
    // listeners piled up on it: Node's MaxListenersExceededWarning after 10 points).
    let onAbort: (() => void) | null = null;
    try {
      const out = await new Promise<NodeOutput>((resolve, reject) => {
        if (signal.aborted) return reject(new CoreError('aborted', 'sweep cancelled'));
        onAbort = () => reject(new CoreError('aborted', 'sweep cancelled'));
        signal.addEventListener('abort', onAbort, { once: true });
        ev.value(wire.from.node).then(resolve, reject);
      });
      if (!out.ok) throw new CoreError('model', out.origin === wire.from.node || out.origin === id ? out.message : `block "${out.origin}": ${out.message}`);
      return Object.hasOwn(out.values, wire.from.port) ? out.values[wire.from.port] : undefined;
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
      ev.dispose();
    }
  }

  private state(id: string): NodeState {
    const s = this.nodes.get(id);
    if (!s) throw new CoreError('input', `no block "${id}" in the graph`);
    return s;
  }

  /** Block ids currently defined. */
  ids(): string[] {
    return [...this.nodes.keys()];
  }

  /** The shared output stream of a block (subscribing starts the computation of it and what it needs). */
  output$(id: string): Observable<NodeOutput> {
    return this.state(id).output;
  }

  status$(id: string): Observable<NodeStatus> {
    return this.state(id).status;
  }

  /** Set one parameter of a block as a graph file would write it (downstream blocks recompute if its value changed). */
  setParam(id: string, name: string, value: unknown): void {
    const s = this.state(id);
    s.raw.next({ ...s.raw.value, [name]: value });
  }

  /** A block's parameters as the one reader gives them to compute (its defaults where one is unusable). */
  params(id: string): Params {
    const s = this.state(id);
    return readParams({ id, type: s.def.type, params: s.raw.value as GraphNode['params'] }, s.def).params;
  }

  /** A block's parameter specs: its definition's, then those its inputs gave (`paramsFrom`) last. */
  paramSpecs(id: string): ParamSpec[] {
    const s = this.state(id);
    return [...s.def.params, ...s.dynamicSpecs];
  }

  /** How many times a block's compute started, and how many of those were cancelled (for tests and the UI). */
  stats(id: string): { computations: number; cancelled: number } {
    const s = this.state(id);
    return { computations: s.computations, cancelled: s.cancelled };
  }

  /** Keep every block's output live (as the app does), blocks defined later included. */
  start(): void {
    this.started = true;
    for (const s of this.nodes.values()) s.live ??= s.output.subscribe();
  }

  /** The next output of a block, as a promise (for the CLI and tests). */
  value(id: string): Promise<NodeOutput> {
    return new Promise((resolve, reject) => {
      // A run's partial results are not its value: the final one is.
      const sub = this.state(id).output.subscribe({ next: (o) => o.ok && o.partial !== undefined ? undefined : (resolve(o), queueMicrotask(() => sub.unsubscribe())), error: reject });
    });
  }

  dispose(): void {
    this.started = false;
    for (const id of [...this.nodes.keys()]) this.undefine(id);
  }
}

/** `from` and every block downstream of them whose id is in `within`. */
function downstreamWithin(graph: EvalGraph, from: string[], within: ReadonlySet<string>): Set<string> {
  const seen = new Set(from.filter((id) => within.has(id)));
  const stack = [...seen];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const c of graph.connections) {
      if (c.from.node === cur && within.has(c.to.node) && !seen.has(c.to.node)) {
        seen.add(c.to.node);
        stack.push(c.to.node);
      }
    }
  }
  return seen;
}

function sameWiring(a: Wiring, b: Wiring): boolean {
  return a.length === b.length && a.every((x, k) => (x === null ? b[k] === null : b[k] !== null && x.from.node === b[k]!.from.node && x.from.port === b[k]!.from.port));
}

type PortValue = { present: true; value: unknown; partial?: number } | { present: false; why: string | null; origin?: string };

function samePort(a: PortValue, b: PortValue): boolean {
  if (a.present !== b.present) return false;
  if (a.present && b.present) return a.value === b.value && a.partial === b.partial;
  return !a.present && !b.present && a.why === b.why;
}

function sameOutput(a: NodeOutput, b: NodeOutput): boolean {
  if (a.ok !== b.ok) return false;
  if (a.ok && b.ok) return a.partial === b.partial && sameValue(a.values, b.values);
  return !a.ok && !b.ok && a.message === b.message && a.origin === b.origin;
}

/** Node ids in topological order; throws naming a cycle. */
export function topoOrder(graph: EvalGraph): string[] {
  const ids = graph.nodes.map((n) => n.id);
  const indeg = new Map(ids.map((id) => [id, 0]));
  const next = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const c of graph.connections) {
    if (!indeg.has(c.from.node) || !indeg.has(c.to.node)) continue;
    indeg.set(c.to.node, indeg.get(c.to.node)! + 1);
    next.get(c.from.node)!.push(c.to.node);
  }
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const out: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    out.push(id);
    for (const m of next.get(id)!) {
      indeg.set(m, indeg.get(m)! - 1);
      if (indeg.get(m) === 0) queue.push(m);
    }
  }
  if (out.length !== ids.length) {
    const left = ids.filter((id) => !out.includes(id));
    throw new CoreError('input', `the graph has a cycle through blocks ${left.join(', ')}`);
  }
  return out;
}
