/**
 * The block editor: a Rete v2 view of the GraphStore's document. The store is the only truth:
 * every change (the user's, undo/redo, another document opened) arrives on `store.changes$`
 * and is reconciled into Rete; what the user does in Rete (drag, wire, menu, keys) becomes a
 * store command. Wires the store refuses are never drawn, and the reason is toasted.
 *
 * This file only composes: each behaviour is an extension in `extensions/` that takes what it
 * needs and returns its `destroy`; the handle's destroy calls them in reverse order.
 */
import type { Observable } from 'rxjs';
import { NodeEditor } from 'rete';
import { AreaExtensions, AreaPlugin } from 'rete-area-plugin';
import { ConnectionPlugin } from 'rete-connection-plugin';
import { MinimapPlugin } from 'rete-minimap-plugin';
import type { NodeStatus } from '../dataflow/evaluator.ts';
import type { GraphStore } from '../dataflow/store.ts';
import type { Schemes } from './block-node.ts';
import { defineElements } from './elements.ts';
import { BLOCK_MIME } from './palette.ts';
import type { AreaExtra, Destroy } from './extensions/types.ts';
import { destroyAll } from './extensions/listen.ts';
import { canvas } from './extensions/canvas.ts';
import { createRender, onBlockResized } from './extensions/render.ts';
import { minimapPerFrame } from './extensions/minimap-per-frame.ts';
import { selection as selectionExtension } from './extensions/selection.ts';
import { probe as probeExtension } from './extensions/probe.ts';
import { viewSync } from './extensions/view-sync.ts';
import { wiring } from './extensions/wiring.ts';
import { nodeDrag } from './extensions/node-drag.ts';
import { bandSelect } from './extensions/band-select.ts';
import { backgroundClick } from './extensions/background-click.ts';
import { blockCommands } from './extensions/commands.ts';
import { clipboard as clipboardExtension } from './extensions/clipboard.ts';
import { layout as layoutExtension } from './extensions/layout.ts';
import { contextMenu } from './extensions/context-menu.ts';
import { keyboard } from './extensions/keyboard.ts';
import { paletteDrop } from './extensions/palette-drop.ts';
import { addPopup, type AddPopupHandle } from './extensions/add-popup.ts';
import { groups as groupsExtension } from './extensions/groups.ts';
import { reroute } from './extensions/reroute.ts';
import { foldAndLod } from './extensions/fold-lod.ts';
import { gestureLayer } from './extensions/gesture-layer.ts';

export { BlockNode } from './block-node.ts';
export { parseFragment, fragmentText } from './fragment.ts';
export type { AreaExtra } from './extensions/types.ts';

export interface EditorOptions {
  /** Source of truth. */
  store: GraphStore;
  /** Per-block status (may be called for new ids after structure changes). */
  status$: (nodeId: string) => Observable<NodeStatus>;
  /** Last output value of a port, or undefined. */
  probe: (nodeId: string, port: string) => unknown;
  /** The app shows transient messages (data-testid="toast"); the editor's errors arrive here too. */
  toast: (message: string, kind?: 'info' | 'error') => void;
}

export interface EditorHandle {
  /** Selected block ids (the inspector follows the first). */
  readonly selected$: Observable<string[]>;
  select(ids: string[]): void;
  zoomToFit(): Promise<void>;
  /** Auto-arrange (ELK layered), applied with store.moveNodes as one undo step. */
  arrange(): Promise<void>;
  copySelection(): void;
  paste(): void;
  duplicateSelection(): void;
  deleteSelection(): void;
  /**
   * Add a block (right of the one selected block, wired from its output when they share a socket
   * type; else at the viewport centre; with `at`, its corner there), select it, return its id.
   */
  addBlock(type: string, at?: [number, number]): string;
  /** Open the add-block popup at a point on screen (client px). */
  openAddPopup(at: { x: number; y: number }): void;
  /** Frame the selected blocks as a group (Ctrl+G); its id, or null when nothing is selected. */
  groupSelection(): string | null;
  /** Open the probe popover on a block (first output port unless given). */
  probe(nodeId: string, port?: string): void;
  /** Resolves when the view shows the store's current document. */
  flush(): Promise<void>;
  destroy(): void;
}

/** The drag-and-drop type of palette entries (value: the block type). */
export { BLOCK_MIME };

export async function createEditor(container: HTMLElement, opts: EditorOptions): Promise<EditorHandle> {
  const { store, toast } = opts;
  defineElements();
  /** Every extension's destroy, in order of creation. */
  const destroys: Destroy[] = [];
  function add<T extends { destroy: Destroy }>(ext: T): T {
    destroys.push(ext.destroy);
    return ext;
  }

  const dom = add(canvas(container));

  const editor = new NodeEditor<Schemes>();
  const area = new AreaPlugin<Schemes, AreaExtra>(container);
  const connection = new ConnectionPlugin<Schemes, AreaExtra>();
  const render = createRender(editor);
  const minimap = new MinimapPlugin<Schemes>({ boundViewport: true });
  editor.use(area);
  area.use(connection);
  area.use(render.plugin);
  area.use(minimap);
  AreaExtensions.simpleNodesOrder(area);
  // Destroys run in reverse: the area goes after every extension below, which still find it while they clean up.
  destroys.push(() => area.destroy());
  add(minimapPerFrame(minimap, container));

  const selection = add(selectionExtension({ container, editor, area, store }));
  const probe = add(probeExtension({ container, editor, area, read: opts.probe, toast }));
  const view = add(viewSync({ editor, area, store, status$: opts.status$, selection, probe, onResize: onBlockResized(area, render.sockets), showHint: dom.showHint, toast }));
  let popup: AddPopupHandle | null = null;
  destroys.push(wiring({ container, editor, connection, store, view, toast, droppedOnNothing: (from) => popup?.droppedOnNothing(from) }));
  destroys.push(nodeDrag({ area, store, selection }));
  const band = add(bandSelect({ container, editor, area, selection }));
  destroys.push(backgroundClick({ area, selection, bandActive: band.active, closeProbe: probe.close }));
  const commands = blockCommands({ container, area, store, selection, toast });
  const clipboard = add(clipboardExtension({ store, selection }));
  const layout = add(layoutExtension({ container, editor, area, store, flush: view.flush }));
  destroys.push(contextMenu({ container, area, store, selection, commands, duplicateSelection: clipboard.duplicateSelection, openProbe: (id) => probe.open(id) }));
  destroys.push(keyboard({ container, store, selection, clipboard, commands, probe, zoomToFit: layout.zoomToFit }));
  destroys.push(paletteDrop({ container, area, addBlock: commands.addBlock, toast }));
  popup = add(addPopup({ container, area, store, commands, selection }));
  const groups = add(groupsExtension({ container, editor, area, store, selection, wires: render.wires }));
  destroys.push(reroute({ editor, area, store, wires: render.wires, sockets: render.sockets }));
  destroys.push(foldAndLod({ container, area, store }));
  destroys.push(gestureLayer(area));

  await view.schedule();

  return {
    selected$: selection.selected$,
    select: (ids) => selection.set(ids),
    zoomToFit: layout.zoomToFit,
    arrange: layout.arrange,
    copySelection: clipboard.copySelection,
    paste: clipboard.paste,
    duplicateSelection: clipboard.duplicateSelection,
    deleteSelection: commands.deleteSelection,
    addBlock: commands.addAfterSelection,
    openAddPopup: (at) => popup?.open(at),
    groupSelection: groups.groupSelection,
    probe: (id, port) => {
      void view.flush().then(() => probe.open(id, port));
    },
    flush: view.flush,
    destroy: destroyAll(destroys),
  };
}
