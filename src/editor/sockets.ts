/**
 * Colours of socket types and block categories: one colour per kind of value, so that a wire's
 * ends visibly match (and a mismatch is visible before the store refuses it).
 */
import type { BlockCategory } from '../../nodes/types.ts';
import type { SocketType } from '../../nodes/values.ts';

export const SOCKET_COLORS: Readonly<Record<SocketType, string>> = {
  neuron: '#2f8f46',
  selection: '#d89b00',
  model: '#2563c9',
  traces: '#8a3fc2',
  edges: '#8a5a3c',
  network: '#0f8b8d',
  spikes: '#d0433a',
  table: '#5b6b7a',
  figure: '#c23a7a',
};

/** Grey for a type the editor does not know (a newer graph, a typo in a hand-written file). */
export const UNKNOWN_SOCKET_COLOR = '#9aa3ad';

export function socketColor(type: string): string {
  return (SOCKET_COLORS as Record<string, string>)[type] ?? UNKNOWN_SOCKET_COLOR;
}

/** Palette and menu order of the categories. */
export const CATEGORY_ORDER: readonly BlockCategory[] = ['skeleton', 'model', 'stimulus', 'record', 'run', 'plot', 'network'];

export const CATEGORY_COLORS: Readonly<Record<BlockCategory, string>> = {
  skeleton: '#2f8f46',
  model: '#2563c9',
  stimulus: '#e07b00',
  record: '#7a56c9',
  run: '#c0392b',
  plot: '#c23a7a',
  network: '#0f8b8d',
};

export function categoryColor(category: string): string {
  return (CATEGORY_COLORS as Record<string, string>)[category] ?? UNKNOWN_SOCKET_COLOR;
}

export const CATEGORY_LABELS: Readonly<Record<BlockCategory, string>> = {
  skeleton: 'Skeleton',
  model: 'Model',
  stimulus: 'Stimulus',
  record: 'Record',
  run: 'Run',
  plot: 'Plot',
  network: 'Network',
};
