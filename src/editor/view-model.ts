/**
 * What a block shows besides its sockets: the status line, a one-line summary of the parameter
 * that names what the block does, and its size (zoom-to-fit, auto-arrange and the minimap need
 * it before the browser has measured the block).
 */
import type { NodeStatus } from '../dataflow/evaluator.ts';
import type { GraphNode, JsonValue } from '../dataflow/graph.ts';
import type { BlockDef } from '../../nodes/types.ts';

export type StatusState = NodeStatus['state'];

export interface StatusView {
  state: StatusState;
  /** The text of the status line. */
  text: string;
  /** 0–1 for a running block, else null. */
  progress: number | null;
  /** Warnings the block's result carries (a guessed soma, implausible units, …), in words. */
  warnings?: string[];
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

export function statusView(s: NodeStatus): StatusView {
  switch (s.state) {
    case 'idle':
      return { state: 'idle', text: 'idle', progress: null };
    case 'waiting':
      return { state: 'waiting', text: s.message, progress: null };
    case 'running': {
      const p = Number.isFinite(s.progress) ? Math.min(1, Math.max(0, s.progress)) : 0;
      return { state: 'running', text: `${Math.round(p * 100)} %`, progress: p };
    }
    case 'done':
      return s.warnings?.length
        ? { state: 'done', text: `done · ${formatMs(s.ms)} · ⚠ ${s.warnings.length === 1 ? s.warnings[0] : `${s.warnings.length} warnings`}`, progress: null, warnings: s.warnings }
        : { state: 'done', text: `done · ${formatMs(s.ms)}`, progress: null };
    case 'error':
      return { state: 'error', text: s.message, progress: null };
  }
}

/** Parameters that say what a block of its type is doing, best first. */
const SUMMARY_PARAMS = ['label', 'title', 'mechanism', 'mode', 'model', 'what', 'metric', 'source'];

function shortValue(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.startsWith('asset:') ? 'embedded file' : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length ? (v.length <= 4 ? v.join(', ') : `${v.slice(0, 3).join(', ')}, … (${v.length})`) : '';
  if (typeof v.value === 'number' && typeof v.unit === 'string') return `${v.value} ${v.unit}`;
  return '';
}

/** `label: soma` for a recorder, `mechanism: hh` … or '' when the block has no such parameter. */
export function paramSummary(node: Pick<GraphNode, 'params'>, def: Pick<BlockDef, 'params'>): string {
  for (const name of SUMMARY_PARAMS) {
    const spec = def.params.find((p) => p.name === name);
    if (!spec) continue;
    const value = name in node.params ? node.params[name] : (spec.default as JsonValue);
    // A .mod file names the mechanism when the field is left at its default.
    const fromMod = name === 'mechanism' && !(name in node.params) && typeof node.params.mod === 'string' && node.params.mod !== '';
    const text = fromMod ? 'from its .mod file' : shortValue(value);
    if (text) {
      const s = `${name}: ${text}`;
      return s.length > 40 ? `${s.slice(0, 39)}…` : s;
    }
  }
  return '';
}

/** Layout constants shared by the CSS (styles.ts) and the size estimate. */
export const NODE_WIDTH = 220;
export const HEADER_HEIGHT = 44;
export const ROW_HEIGHT = 22;
export const STATUS_HEIGHT = 28;
export const LINE_HEIGHT = 16;

/** The block's size before it is measured (the editor replaces it with the measured one). */
export function estimateNodeSize(def: Pick<BlockDef, 'inputs' | 'outputs'>, node: Pick<GraphNode, 'comment'>, summary = ''): { width: number; height: number } {
  const rows = Math.max(Object.keys(def.inputs).length, Object.keys(def.outputs).length);
  const commentLines = node.comment ? Math.min(3, Math.ceil(node.comment.length / 34)) : 0;
  const height = HEADER_HEIGHT + (summary ? LINE_HEIGHT + 2 : 0) + (commentLines ? commentLines * LINE_HEIGHT + 6 : 0) + rows * ROW_HEIGHT + 8 + STATUS_HEIGHT;
  return { width: NODE_WIDTH, height };
}

// ---------------------------------------------------------------------------------------------
// Keyboard

export type EditorAction = 'undo' | 'redo' | 'copy' | 'paste' | 'duplicate' | 'delete' | 'zoom-to-fit' | 'escape' | 'select-all';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The editor command of a key press, or null. */
export function shortcut(e: KeyLike): EditorAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.altKey) return null;
  if (mod) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y' && !e.shiftKey) return 'redo';
    if (e.shiftKey) return null;
    if (key === 'c') return 'copy';
    if (key === 'v') return 'paste';
    if (key === 'd') return 'duplicate';
    if (key === 'a') return 'select-all';
    return null;
  }
  if (key === 'Delete' || key === 'Backspace') return 'delete';
  if (key === 'Escape') return 'escape';
  if (key === 'f' && !e.shiftKey) return 'zoom-to-fit';
  return null;
}

/** Whether the element is a form field (input of any kind, select, textarea) or editable text. */
export function isFormField(el: { tagName?: string; isContentEditable?: boolean } | null | undefined): boolean {
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toUpperCase();
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || Boolean(el.isContentEditable);
}

/**
 * Whether the editor leaves a key alone because of where focus is: always in text fields; in
 * other form fields (a slider, a checkbox) only undo/redo still work, since they have none of
 * their own.
 */
export function keyBelongsToField(action: EditorAction, el: { tagName?: string; isContentEditable?: boolean; type?: string } | null | undefined): boolean {
  if (isTextTarget(el)) return true;
  if (action === 'undo' || action === 'redo') return false;
  return isFormField(el);
}

/** Whether keys typed in this element are text (then the editor leaves them alone). */
export function isTextTarget(el: { tagName?: string; isContentEditable?: boolean; type?: string } | null | undefined): boolean {
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const t = (el.type ?? 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color', 'file', 'image'].includes(t);
  }
  return Boolean(el.isContentEditable);
}

/** True when two statuses draw the same (a block is not drawn again for an equal status). */
export function sameStatus(a: NodeStatus, b: NodeStatus): boolean {
  if (a === b) return true;
  if (a.state !== b.state) return false;
  const x = a as Partial<Record<'message' | 'progress' | 'ms', unknown>> & { warnings?: string[] };
  const y = b as Partial<Record<'message' | 'progress' | 'ms', unknown>> & { warnings?: string[] };
  if (x.message !== y.message || x.progress !== y.progress || x.ms !== y.ms) return false;
  const wa = x.warnings ?? [];
  const wb = y.warnings ?? [];
  return wa.length === wb.length && wa.every((w, i) => w === wb[i]);
}
