/**
 * The sizes of the workbench's resizable panes (inspector width, results height), in CSS px,
 * kept in localStorage so a reload opens the layout the user left. Pure apart from the Storage
 * given: the split handles (split-handle.ts) and the app call these.
 */

/** A resizable pane: where its size is kept and its smallest size. */
export interface PaneSpec {
  /** The localStorage key the size is kept under. */
  key: string;
  /** Smallest size (px) the pane may be dragged to. */
  min: number;
}

/** The panes; their default sizes are app.css's (a size here is one the user chose). */
export const PANES = {
  /** The inspector's width (px), right of the editor. */
  inspector: { key: 'neurowire.layout.inspector', min: 220 },
  /** The results area's height (px), under the editor and inspector. */
  results: { key: 'neurowire.layout.results', min: 140 },
} as const satisfies Record<string, PaneSpec>;

export type PaneName = keyof typeof PANES;
/** The sizes the user chose (null: the default of app.css). */
export type PaneSizes = Record<PaneName, number | null>;

/** A size kept within [min, max] (max wins when the window is too small for both), rounded to px. */
export function clampSize(size: number, min: number, max: number): number {
  if (!Number.isFinite(size)) return min;
  return Math.round(Math.max(Math.min(size, max), Math.min(min, max)));
}

/**
 * The new size of a pane that lies after its handle (right of a vertical bar, below a
 * horizontal one) when the handle moved by `delta` px from where the drag started: moving the
 * handle right / down makes the pane smaller.
 */
export function draggedSize(start: number, delta: number, min: number, max: number): number {
  return clampSize(start - delta, min, max);
}

/** The kept sizes (null for what was never kept, was reset or is unreadable). */
export function loadPaneSizes(storage: Pick<Storage, 'getItem'> | null): PaneSizes {
  const out = {} as PaneSizes;
  for (const [name, spec] of Object.entries(PANES) as Array<[PaneName, PaneSpec]>) {
    let v = NaN;
    try {
      const text = storage?.getItem(spec.key);
      v = text ? Number(text) : NaN;
    } catch {
      // Storage refused (privacy mode): defaults.
    }
    out[name] = Number.isFinite(v) && v >= spec.min ? Math.round(v) : null;
  }
  return out;
}

/** Keep one pane's size (a refused storage is not an error: the size holds for this visit). */
export function savePaneSize(storage: Pick<Storage, 'setItem' | 'removeItem'> | null, name: PaneName, size: number | null): void {
  try {
    if (size === null) storage?.removeItem(PANES[name].key);
    else storage?.setItem(PANES[name].key, String(Math.round(size)));
  } catch {
    // As above.
  }
}
