/**
 * The results area's tabs: with more than TAB_THRESHOLD result panels, a tab per result block
 * plus "All" (every panel, as without tabs); with fewer, no tabs. Pure.
 */

/** More panels than this get tabs. */
export const TAB_THRESHOLD = 4;
export const ALL_TAB = '*all*';

export interface ResultTab {
  /** The result block's id, or ALL_TAB. */
  id: string;
  label: string;
}

/** The tabs for these result blocks (null: few enough to show them all without tabs). */
export function resultTabs(ids: readonly string[], labelOf: (id: string) => string): ResultTab[] | null {
  if (ids.length <= TAB_THRESHOLD) return null;
  return [{ id: ALL_TAB, label: `All (${ids.length})` }, ...ids.map((id) => ({ id, label: labelOf(id) }))];
}

/** The tab to show: the one chosen while it still exists, else All. */
export function activeTab(chosen: string, ids: readonly string[]): string {
  return ids.length > TAB_THRESHOLD && ids.includes(chosen) ? chosen : ALL_TAB;
}

/** Whether a result block's panel shows under the active tab. */
export function shownUnder(tab: string, id: string): boolean {
  return tab === ALL_TAB || tab === id;
}
