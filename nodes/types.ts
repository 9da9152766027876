/**
 * What a block is: data (sockets, typed parameters with units, defaults, ranges, help) plus a
 * pure `compute`. The editor, the inspector, the CLI and the graph validator all read these
 * definitions; nothing about a block is written twice.
 */
import type { ValueOf, SocketType } from './values.ts';
import type { ByteSource } from '../src/core/byte-source.ts';

export type BlockCategory = 'skeleton' | 'model' | 'stimulus' | 'record' | 'run' | 'plot' | 'network';

interface ParamBase {
  /** Name in the graph file and in `--set block.name=value`. */
  name: string;
  /** Label shown in the inspector. */
  label: string;
  /** One or two sentences for the inspector's help. */
  help: string;
  /** Shown in the inspector only when another parameter has one of these values. */
  visibleWhen?: { param: string; equals: Array<string | number | boolean> };
}

export type ParamSpec =
  | (ParamBase & {
      kind: 'number';
      /** Unit in NEURON's conventions (µm, ms, mV, Ω·cm, µF/cm², S/cm², nA, µS, °C, Hz), or '' for dimensionless. */
      unit: string;
      default: number;
      min?: number;
      max?: number;
      /**
       * The slider's ends in the inspector: the typical values (an onset 0–1000 ms in a run of
       * 1000 ms), narrower than min/max, which bound what the field accepts. Absent: min/max, or
       * [min, 4 × default] for a one-sided range (src/ui/slider-range.ts).
       */
      softMin?: number;
      softMax?: number;
      /** true: min/max are exclusive. */
      exclusive?: boolean;
      /** Slider step in the inspector. */
      step?: number;
      /** Whole numbers only. */
      integer?: boolean;
      /** The parameter may be left empty (null). */
      optional?: boolean;
      /**
       * A per-segment quantity (a mechanism's RANGE parameter, cm, Ra): besides a number it takes
       * an expression of the segment, text such as "0.0002 * exp(d / 323)" (src/core/cable/segment-expr.ts).
       */
      perSegment?: boolean;
    })
  | (ParamBase & {
      kind: 'string';
      default: string;
      optional?: boolean;
      /** Values the inspector offers (the text may still be anything). */
      suggestions?: readonly string[];
      /** Several lines (a sweep's or fit's parameters): a text area, applied when it loses focus. */
      multiline?: boolean;
      /**
       * A table: the text is CSV with a header of these columns, and the inspector edits it as a
       * grid (rows added and removed, cells edited, rows pasted from a spreadsheet).
       */
      columns?: readonly string[];
    })
  | (ParamBase & {
      kind: 'enum';
      options: readonly string[];
      default: string;
      /**
       * Other spellings accepted for an option (graph files, `--set`): alias → option. Compared
       * ignoring case, spaces, underscores and hyphens ("8nm", "8 nm" and "voxels" for '8 nm voxels').
       */
      aliases?: Readonly<Record<string, string>>;
    })
  | (ParamBase & { kind: 'boolean'; default: boolean })
  /** A file: an embedded asset (by hash), a path (CLI, relative to the graph file) or a built-in source. */
  | (ParamBase & {
      kind: 'file';
      accept: readonly string[];
      default: string;
      optional?: boolean;
      /**
       * The block reads the file as a stream (ComputeContext.readBytes) into bounded columns,
       * never as one string: the CLI holds it to the streamed-file cap (16 GiB by default)
       * instead of the whole-file one (256 MiB).
       */
      streamed?: true;
    })
  /** Node ids of the skeleton (a list of integers). */
  | (ParamBase & { kind: 'node-ids'; default: number[]; optional?: boolean });

export type ParamValue = number | string | boolean | number[] | null;
export type Params = Record<string, ParamValue>;

export interface SocketSpec {
  type: SocketType;
  label: string;
  /** An input that may stay unconnected. */
  optional?: boolean;
  /**
   * The block evaluates the graph behind this input again at other parameter values
   * (ComputeContext.evaluateInput) and needs only to know that it is ready: a runner that asks
   * for it (the CLI, EvaluatorOptions.startReevaluated) gives {@link REEVALUATED} as soon as the
   * block feeding it has its own inputs, so that a sweep's points run beside that block's run.
   */
  reevaluated?: boolean;
}

/** The value of a `reevaluated` input given before the block feeding it has computed (see SocketSpec). */
export const REEVALUATED: { readonly kind: 'reevaluated' } = Object.freeze({ kind: 'reevaluated' as const });

/** What a compute function may use besides its inputs and params. */
export interface ComputeContext {
  /** Aborted when a newer input arrives or the graph is closed: stop and throw. */
  signal: AbortSignal;
  /** Report progress 0–1 of long computations. */
  progress(fraction: number): void;
  /** Read a file parameter's content (embedded asset, path, or built-in) as text. */
  readText(ref: string): Promise<string>;
  /**
   * The same file as bytes, streamed (no whole-file string: big edge lists, binary formats),
   * where the host can (the CLI streams from disk, the app gives embedded files' bytes).
   */
  readBytes?(ref: string): Promise<ByteSource>;
  /** The name a file parameter's file goes by (an embedded file's own name, not its hash); the reference when unknown. */
  fileName?(ref: string): string;
  /** Id of the block being computed (for messages). */
  nodeId: string;
  /**
   * Where a long computation may send what it has so far (a run's traces as they grow), when
   * someone is listening (the app; the CLI is not). The values must be those of a finished
   * compute, marked as partial in the value itself (`TracesValue.partial`), and their typed
   * arrays may only grow by appending from one call to the next (the worker sends only the
   * new samples). Blocks downstream that declare `streams` draw them; others wait for the end.
   */
  partial?(values: Record<string, unknown>): void;
  /**
   * Blocks that declare `sweeps`: the value on their input `port` when the graph upstream of
   * it is evaluated with some parameters set otherwise (one point of a sweep). Blocks that do
   * not depend on a changed parameter give their results again; heavy blocks run on the
   * sweep's pool of workers. Rejects with the failing block's message; `signal` cancels it.
   */
  evaluateInput?(port: string, overrides: ReadonlyArray<ParamOverride>, signal: AbortSignal): Promise<unknown>;
}

/** One parameter of one block set to another value (a point of a sweep). */
export interface ParamOverride {
  node: string;
  param: string;
  value: ParamValue;
}

export type Inputs = Record<string, unknown>;

/**
 * A block type. `I` maps input socket names to the value kinds they accept, `O` the outputs.
 * compute returns one value per output socket (or throws a CoreError for the user).
 */
export interface BlockDef {
  type: string;
  title: string;
  category: BlockCategory;
  /** One sentence for the palette. */
  description: string;
  /**
   * What the block is in NEURON's Python and navis (`h.finitialize(v_init); h.continuerun(tstop)`,
   * `navis run_simulation`), for the help panel: one line of text, shown as text.
   */
  equivalents?: string;
  /**
   * The NEURON and navis names of what the block does (`IntFire4`, `h.finitialize`,
   * `navis.read_swc`, `add_voltage_record`): the block search finds the block by them.
   */
  aliases?: readonly string[];
  /**
   * Ready-made settings the add-block popup offers besides the block itself ("Select nodes ·
   * soma"): a name, a sentence, and the parameters the block is added with.
   */
  presets?: ReadonlyArray<{ name: string; description: string; params: Params }>;
  inputs: Record<string, SocketSpec>;
  outputs: Record<string, SocketSpec>;
  params: ParamSpec[];
  /** Runs in the worker (simulations, whole-skeleton analyses). */
  heavy?: boolean;
  /** A sink (plot, table): the CLI writes its output to files. */
  sink?: boolean;
  /**
   * Computes on partial inputs too (a run's traces while it runs; see ComputeContext.partial),
   * giving partial outputs; a block without it waits for its inputs' final values. For cheap
   * blocks that draw (plots, the morphology view).
   */
  streams?: boolean;
  /** Evaluates the graph upstream of an input at other parameter values (ComputeContext.evaluateInput): a sweep or a fit. */
  sweeps?: boolean;
  /** Facts of the block's result for the CLI's summary.json (a fit's best parameters), merged into its entry. */
  summary?(values: Record<string, unknown>): Record<string, unknown>;
  /**
   * The value this block passes on is its whole effect (a skeleton, a selection, a declarative
   * model or network), so the NEURON export, which rebuilds that value, exports the block too.
   * A block without it upstream of a run makes the export refuse, naming it.
   */
  exportable?: boolean;
  /**
   * A run block: it simulates the value of this kind on its input. The export writes the run
   * itself, and the app asks before a run larger than its limits.
   */
  runs?: 'model' | 'network';
  /**
   * Node ids picked in the morphology view are written into this parameter of the selected
   * block (a node-ids parameter).
   */
  picksNodes?: string;
  /** The app shows this block's figure in the morphology view (neuron, colours, time bar) rather than a plot panel. */
  shownIn?: 'morphology-view';
  /**
   * Parameters that depend on the block's inputs or files (a mechanism's, from its .mod file):
   * computed once the inputs are there, then read by the same reader as `params` (defaults,
   * units, ranges, one wording) and passed to compute with them. `params` holds the static ones,
   * already read. Graph files store both kinds side by side by name.
   */
  paramsFrom?(inputs: Inputs, params: Params, ctx: Pick<ComputeContext, 'readText' | 'signal'>): ParamSpec[] | Promise<ParamSpec[]>;
  compute(inputs: Inputs, params: Params, ctx: ComputeContext): Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** A value of a socket type, for block authors: `In<'neuron'>`. */
export type In<T extends SocketType> = ValueOf<T>;
