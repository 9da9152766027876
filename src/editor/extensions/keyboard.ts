/**
 * Keyboard shortcuts (undo, redo, copy, paste, duplicate, delete, fit, select all, Escape).
 * Keys typed into a field are the field's; a key the editor acts on is consumed. A pointerdown
 * in the editor focuses it, so that Ctrl+A means the blocks, not the page.
 */
import type { GraphStore } from '../../dataflow/store.ts';
import { keyBelongsToField, shortcut, type EditorAction } from '../view-model.ts';
import type { BlockCommands } from './commands.ts';
import type { Clipboard } from './clipboard.ts';
import { listen } from './listen.ts';
import type { Probe } from './probe.ts';
import type { Selection } from './selection.ts';
import type { Destroy } from './types.ts';

export function keyboard(deps: {
  container: HTMLElement;
  store: GraphStore;
  selection: Selection;
  clipboard: Pick<Clipboard, 'copySelection' | 'paste' | 'duplicateSelection'>;
  commands: Pick<BlockCommands, 'deleteSelection'>;
  probe: Pick<Probe, 'openOn' | 'close'>;
  zoomToFit: () => Promise<void>;
}): Destroy {
  const { container, store, selection, clipboard, commands, probe } = deps;

  /** Runs a keyboard action; true when it did something (the key is then consumed). */
  function run(action: EditorAction): boolean {
    switch (action) {
      case 'undo':
        store.undo();
        return true;
      case 'redo':
        store.redo();
        return true;
      case 'copy': {
        if (!selection.ids().length) return false;
        const text = window.getSelection()?.toString();
        if (text) return false; // the user is copying text from the page
        clipboard.copySelection();
        return true;
      }
      case 'paste':
        clipboard.paste();
        return true;
      case 'duplicate':
        if (!selection.ids().length) return false;
        clipboard.duplicateSelection();
        return true;
      case 'delete':
        if (!selection.ids().length) return false;
        commands.deleteSelection();
        return true;
      case 'zoom-to-fit':
        void deps.zoomToFit();
        return true;
      case 'select-all':
        if (!container.contains(document.activeElement) && document.activeElement !== container) return false;
        selection.set(store.graph.nodes.map((n) => n.id));
        return true;
      case 'escape':
        if (probe.openOn() !== null) probe.close();
        else if (selection.ids().length) selection.set([]);
        else return false;
        return true;
    }
  }

  const offs: Destroy[] = [
    listen(
      container,
      'pointerdown',
      () => {
        container.focus({ preventScroll: true });
      },
      true,
    ),
    listen(document, 'keydown', (e) => {
      if (e.defaultPrevented) return;
      const origin = (e.composedPath()[0] ?? e.target) as (Element & { isContentEditable?: boolean; type?: string }) | null;
      const action = shortcut(e);
      if (!action || keyBelongsToField(action, origin)) return;
      if (!container.isConnected) return;
      if (run(action)) e.preventDefault();
    }),
  ];

  return () => {
    for (const off of offs) off();
  };
}
