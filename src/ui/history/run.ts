/**
 * What the run history of a plot keeps: one {@link StoredRun} per complete run of a plot block
 * (a bounded copy of what it drew, see reduce.ts) and one {@link PlotSettings} per plot.
 *
 * History keys name the graph a run belongs to (graph-key.ts): `graph:<library id>` for a
 * graph in the library, `example:<name>` for an example not edited yet, `session:<n>` for a
 * graph that is neither (kept in memory only until the library gives it an id).
 */
import type { FigureValue } from '../../../nodes/values.ts';

export type FigureKind = FigureValue['figure'];

/** Runs kept per plot unless the user sets another number (pinned runs come on top). */
export const DEFAULT_LIMIT = 10;
/** The most runs a plot may be set to keep. */
export const MAX_LIMIT = 100;
/** Bytes of samples one stored run may take (x and y as float64: 16 bytes per point). */
export const RUN_BUDGET_BYTES = 2 * 1024 * 1024;
/** Bytes per stored point (x, y as float64). */
export const BYTES_PER_POINT = 16;

/** One complete run of a plot, as kept. */
export interface StoredRun {
  /** Unique among all runs of all plots. */
  id: string;
  /** History key of the graph (see above). */
  graph: string;
  /** The plot block's id. */
  plot: string;
  /** Run number within this plot's history (1, 2, …), never reused. */
  n: number;
  /** When the run's figure was complete (ms since 1970). */
  at: number;
  /** "run 3 · 14:02:11". */
  auto: string;
  /** The user's label ('' for none). */
  label: string;
  /** Drawn in grey under the current run (with keep lines, or when pinned). */
  visible: boolean;
  /** Never evicted by the limit; drawn grey dashed even without keep lines. */
  pinned: boolean;
  kind: FigureKind;
  title: string;
  /** The drawn option, bounded: axes (name, type, grid) and series with packed [x, y] data (reduce.ts). */
  option: Record<string, unknown>;
  /** Some series were reduced (min/max per column) or left out to fit the budget. */
  decimated: boolean;
  /** Points stored / points of the figure, over all its series. */
  points: { stored: number; full: number };
}

/** A plot's history settings (per graph key and plot). */
export interface PlotSettings {
  graph: string;
  plot: string;
  /** Runs kept (the newest; older pinned runs are kept too). */
  limit: number;
  /** Draw every visible run in grey under the current one ("keep lines"). */
  keep: boolean;
  /** The number the next run gets. */
  next: number;
}

/** "run 3 · 14:02:11". */
export function autoLabel(n: number, at: number): string {
  return `run ${n} · ${new Date(at).toLocaleTimeString(undefined, { hour12: false })}`;
}

/** What the list shows for a run: its label, else its automatic one. */
export const runName = (r: StoredRun): string => r.label || r.auto;
