/**
 * Copy, paste and duplicate blocks. The copy is kept here and also written to the system
 * clipboard as text, so that another tab can paste it.
 */
import type { GraphFragment, GraphStore } from '../../dataflow/store.ts';
import { fragmentText, parseFragment } from '../fragment.ts';
import type { Selection } from './selection.ts';
import type { Destroy } from './types.ts';

/** Each paste lands this far (editor px, right and down) from the previous one. */
export const PASTE_OFFSET_PX = 40;

export interface Clipboard {
  copySelection(): void;
  paste(): void;
  duplicateSelection(): void;
  destroy: Destroy;
}

export function clipboard(deps: { store: GraphStore; selection: Selection }): Clipboard {
  const { store, selection } = deps;
  let copied: GraphFragment | null = null;
  let pasteCount = 0;
  let destroyed = false;

  function copySelection(): void {
    const ids = selection.ids();
    if (!ids.length) return;
    copied = store.copy(ids);
    pasteCount = 0;
    try {
      void navigator.clipboard?.writeText(fragmentText(copied)).catch(() => undefined);
    } catch {
      // The system clipboard is optional.
    }
  }

  function pasteFragment(f: GraphFragment): void {
    pasteCount++;
    const ids = store.paste(f, [PASTE_OFFSET_PX * pasteCount, PASTE_OFFSET_PX * pasteCount]);
    if (ids.length) selection.set(ids);
  }

  function paste(): void {
    if (destroyed) return;
    if (copied) {
      pasteFragment(copied);
      return;
    }
    // Another tab's copy, through the system clipboard (when the browser lets us read it).
    try {
      void navigator.clipboard
        ?.readText()
        .then((text) => {
          const f = parseFragment(text);
          // The editor may have gone while the browser read the clipboard.
          if (f && !destroyed) {
            copied = f;
            pasteFragment(f);
          }
        })
        .catch(() => undefined);
    } catch {
      // Nothing to paste.
    }
  }

  function duplicateSelection(): void {
    const ids = selection.ids();
    if (!ids.length) return;
    const out = store.paste(store.copy(ids), [PASTE_OFFSET_PX, PASTE_OFFSET_PX]);
    if (out.length) selection.set(out);
  }

  return {
    copySelection,
    paste,
    duplicateSelection,
    destroy: () => {
      destroyed = true;
      copied = null;
    },
  };
}
