/**
 * The block editor: a Rete v2 view of the GraphStore's document. The store is the only truth:
 * every change (the user's, undo/redo, another document opened) arrives on `store.changes$`
 * and is reconciled into Rete; what the user does in Rete (drag, wire, menu, keys) becomes a
 * store command. Wires the store refuses are never drawn, and the reason is toasted.
 */
import { html, render as litRender } from 'lit';
import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import { NodeEditor } from 'rete';
import { AreaExtensions, AreaPlugin, Drag } from 'rete-area-plugin';
import { ClassicFlow, ConnectionPlugin, getSourceTarget, type SocketData } from 'rete-connection-plugin';
import { LitPlugin, Presets as LitPresets, type LitArea2D } from '@retejs/lit-plugin';
import { ContextMenuPlugin, type ContextMenuExtra } from 'rete-context-menu-plugin';
import type { Item } from 'rete-context-menu-plugin/_types/types';
import { MinimapPlugin, type MinimapExtra } from 'rete-minimap-plugin';
import { getDOMSocketPosition } from 'rete-render-utils';
import { ArrangeAppliers, AutoArrangePlugin, Presets as ArrangePresets } from 'rete-auto-arrange-plugin';
import type { NodeStatus } from '../dataflow/evaluator.ts';
import type { Connection, Graph, GraphNode } from '../dataflow/graph.ts';
import type { GraphFragment, GraphStore } from '../dataflow/store.ts';
import { BLOCKS, blockDef } from '../../nodes/index.ts';
import { BlockNode, Wire, type Schemes } from './block-node.ts';
import { defineElements } from './elements.ts';
import { probeModel } from './probe-model.ts';
import { probeTemplate } from './probe-view.ts';
import { connectionKey, diffGraph } from './reconcile.ts';
import { CATEGORY_LABELS, socketColor } from './sockets.ts';
import { EDITOR_CSS } from './styles.ts';
import { estimateNodeSize, keyBelongsToField, shortcut, type EditorAction } from './view-model.ts';
import { groupBlocks } from './palette-model.ts';
import { fragmentText, parseFragment } from './fragment.ts';
import { BLOCK_MIME } from './palette.ts';

export { BlockNode } from './block-node.ts';
export { parseFragment, fragmentText } from './fragment.ts';

export interface EditorOptions {
  /** Source of truth. */
  store: GraphStore;
  /** Per-block status (may be called for new ids after structure changes). */
  status$: (nodeId: string) => Observable<NodeStatus>;
  /** Last output value of a port, or undefined. */
  probe: (nodeId: string, port: string) => unknown;
  /** The app shows transient messages (data-testid="toast"). */
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
  /** Add a block (at the viewport centre when `at` is omitted, else with its corner there), select it, return its id. */
  addBlock(type: string, at?: [number, number]): string;
  /** Open the probe popover on a block (first output port unless given). */
  probe(nodeId: string, port?: string): void;
  /** Resolves when the view shows the store's current document. */
  flush(): Promise<void>;
  destroy(): void;
}

/** The drag-and-drop type of palette entries (value: the block type). */
export { BLOCK_MIME };

type AreaExtra = LitArea2D<Schemes> | ContextMenuExtra | MinimapExtra;

const MENU_CLIPBOARD_OFFSET = 40;

export async function createEditor(container: HTMLElement, opts: EditorOptions): Promise<EditorHandle> {
  const { store } = opts;
  defineElements();

  // -------------------------------------------------------------------------------------------
  // DOM: stylesheet, positioning, overlays

  const style = document.createElement('style');
  style.textContent = EDITOR_CSS;
  container.appendChild(style);
  container.classList.add('nw-editor-root');
  if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
  if (!container.hasAttribute('tabindex')) container.tabIndex = -1;
  container.style.outline = 'none';

  const hint = document.createElement('div');
  hint.className = 'nw-editor-hint';
  hint.textContent = 'Drag blocks here from the palette, or right-click for a menu.';
  container.appendChild(hint);

  // -------------------------------------------------------------------------------------------
  // Rete

  const editor = new NodeEditor<Schemes>();
  const area = new AreaPlugin<Schemes, AreaExtra>(container);
  const connection = new ConnectionPlugin<Schemes, AreaExtra>();
  const render = new LitPlugin<Schemes, AreaExtra>();
  const contextMenu = new ContextMenuPlugin<Schemes>({ items: (context) => menuItems(context) });
  const minimap = new MinimapPlugin<Schemes>({ boundViewport: true });
  const arranger = new AutoArrangePlugin<Schemes, AreaExtra>();

  // Wires end at the edge of the socket's dot.
  const sockets = getDOMSocketPosition<Schemes, AreaExtra>({ offset: (p, _node, side) => ({ x: p.x + (side === 'input' ? -6 : 6), y: p.y }) });
  render.addPreset(
    LitPresets.classic.setup<Schemes, LitArea2D<Schemes>>({
      socketPositionWatcher: sockets as never,
      customize: {
        node: (data) => (props) => html`<nw-block .data=${data.payload} .emit=${props.emit}></nw-block>`,
        socket: (data) => () => html`<nw-socket .data=${data.payload}></nw-socket>`,
        connection: (data) => (props) => {
          const color = wireColor(data.payload);
          return html`<svg style="overflow: visible; position: absolute; pointer-events: none; width: 9999px; height: 9999px" data-testid="wire">
            <path d=${props.path} fill="none" stroke=${color} stroke-width="3" stroke-linecap="round" style="pointer-events: auto; cursor: pointer" opacity=${data.payload.isPseudo ? 0.6 : 0.9}></path>
          </svg>`;
        },
      },
    }) as never,
  );
  render.addPreset(LitPresets.contextMenu.setup({ delay: 300 }) as never);
  render.addPreset(LitPresets.minimap.setup({ size: 110 }) as never);

  connection.addPreset(
    () =>
      new ClassicFlow<Schemes, never[]>({
        canMakeConnection: (from, to) => Boolean(getSourceTarget(from, to)),
        makeConnection: (from, to) => makeWire(from, to),
      }),
  );
  arranger.addPreset(ArrangePresets.classic.setup());

  editor.use(area);
  area.use(connection);
  area.use(render);
  area.use(contextMenu as never);
  area.use(minimap as never);
  area.use(arranger as never);
  AreaExtensions.simpleNodesOrder(area);

  // Shift-drag on the background draws a selection band instead of panning.
  area.area.setDragHandler(
    new Drag({
      down: (e) => !(e.pointerType === 'mouse' && e.button !== 0) && !e.shiftKey,
      move: () => true,
    }),
  );

  // -------------------------------------------------------------------------------------------
  // View state (what is drawn) and reconciliation

  const drawn = new Map<string, GraphNode>();
  const wires = new Set<string>();
  /** Wire removals the editor does itself (not the user's): not sent to the store. */
  const ownRemovals = new Set<string>();
  const statusSubs = new Map<string, Subscription>();
  const selection = new BehaviorSubject<string[]>([]);
  let destroyed = false;

  function nodeOf(id: string): BlockNode | undefined {
    return editor.getNode(id);
  }

  function wireColor(c: Wire): string {
    const from = nodeOf(c.source);
    const type = from?.def.outputs[c.sourceOutput]?.type;
    return type ? socketColor(type) : '#8a93a3';
  }

  function onResize(node: BlockNode): void {
    void area.emit({ type: 'noderesized', data: { id: node.id, size: { width: node.width, height: node.height } } }).then(() => refreshSockets(node.id));
  }

  /** Measure a block's sockets again (Rete re-measures only outputs on resize; a comment moves inputs too). */
  async function refreshSockets(id: string): Promise<void> {
    const list = sockets.sockets.snapshot().filter((s) => s.nodeId === id);
    await Promise.all(
      list.map(async (s) => {
        const p = await sockets.calculatePosition(id, s.side, s.key, s.element);
        if (p) s.position = p;
      }),
    );
    sockets.emitter.emit({ nodeId: id });
  }

  async function createNode(g: GraphNode): Promise<void> {
    const node = new BlockNode(g, blockDef(g.type));
    node.selected = selection.value.includes(g.id);
    node.onResize = onResize;
    node.onProbe = (n) => openProbe(n.id);
    await editor.addNode(node);
    await area.translate(node.id, { x: g.position[0], y: g.position[1] });
    drawn.set(g.id, g);
    if (node.known) {
      statusSubs.get(g.id)?.unsubscribe();
      statusSubs.set(
        g.id,
        opts.status$(g.id).subscribe((s) => {
          const n = nodeOf(g.id);
          if (!n || n !== node) return;
          n.status = s;
          void area.update('node', n.id);
          if (probeState?.id === n.id) renderProbe();
        }),
      );
    }
  }

  async function sync(graph: Graph): Promise<void> {
    const d = diffGraph({ nodes: drawn, connections: wires }, graph);
    for (const key of d.removeConnections) {
      wires.delete(key);
      if (editor.getConnection(key)) {
        ownRemovals.add(key);
        await editor.removeConnection(key);
        ownRemovals.delete(key);
      }
    }
    for (const id of d.removeNodes) {
      drawn.delete(id);
      statusSubs.get(id)?.unsubscribe();
      statusSubs.delete(id);
      if (probeState?.id === id) closeProbe();
      if (editor.getNode(id)) {
        // Any wire Rete still has on it (should be none) goes first.
        for (const c of editor.getConnections().filter((c) => c.source === id || c.target === id)) {
          ownRemovals.add(c.id);
          await editor.removeConnection(c.id);
          ownRemovals.delete(c.id);
          wires.delete(c.id);
        }
        await editor.removeNode(id);
      }
    }
    for (const g of d.addNodes) await createNode(g);
    for (const g of d.moveNodes) {
      drawn.set(g.id, g);
      nodeOf(g.id)?.update(g);
      await area.translate(g.id, { x: g.position[0], y: g.position[1] });
    }
    for (const g of d.updateNodes) {
      drawn.set(g.id, g);
      const n = nodeOf(g.id);
      if (!n) continue;
      n.update(g);
      await area.update('node', g.id);
    }
    // Nodes that changed in a way that is neither a move nor a visible update: keep their objects.
    for (const g of graph.nodes) if (drawn.get(g.id) !== g && drawn.has(g.id)) {
      drawn.set(g.id, g);
      nodeOf(g.id)?.update(g);
    }
    for (const c of d.addConnections) {
      const key = connectionKey(c);
      const from = nodeOf(c.from.node);
      const to = nodeOf(c.to.node);
      if (!from || !to || !from.outputs[c.from.port] || !to.inputs[c.to.port]) continue;
      const wire = new Wire(from, c.from.port, to, c.to.port);
      wire.id = key;
      await editor.addConnection(wire);
      wires.add(key);
    }
    // Selection: only blocks that exist.
    const keep = selection.value.filter((id) => drawn.has(id));
    if (keep.length !== selection.value.length) setSelection(keep);
    hint.style.display = graph.nodes.length ? 'none' : '';
  }

  let queue: Promise<void> = Promise.resolve();
  let pending = false;
  function scheduleSync(): Promise<void> {
    if (!pending) {
      pending = true;
      queue = queue
        .then(async () => {
          pending = false;
          if (!destroyed) await sync(store.graph);
        })
        .catch((e) => {
          pending = false;
          console.error('editor: could not show the graph', e);
        });
    }
    return queue;
  }
  async function flush(): Promise<void> {
    // A change may arrive while a sync runs: wait until the view is level with the store.
    for (let i = 0; i < 5; i++) {
      await queue;
      if (!pending) break;
    }
  }

  const subs: Subscription[] = [store.changes$.subscribe(() => void scheduleSync())];

  // -------------------------------------------------------------------------------------------
  // Wires made and removed by the user

  /** A wire the user is dragging off an input: still in the store until the drag ends. */
  let detached: Connection | null = null;
  let picking = false;
  let refused = false;
  const hasWire = (c: Connection) => store.graph.connections.some((x) => connectionKey(x) === connectionKey(c));

  function makeWire(a: SocketData, b: SocketData): boolean {
    const st = getSourceTarget(a, b);
    if (!st) return false;
    const [s, t] = st;
    const c: Connection = { from: { node: s.nodeId, port: s.key }, to: { node: t.nodeId, port: t.key } };
    const check = store.canConnect(c);
    if (!check.ok) {
      refused = true;
      opts.toast(check.reason, 'error');
      return false;
    }
    const old = detached;
    detached = null;
    if (old && connectionKey(old) === connectionKey(c)) {
      // Dropped back where it was: nothing changes, draw it again.
      void scheduleSync();
      return true;
    }
    // Moving a wire from one input to another is one step.
    store.transaction(() => {
      if (old && hasWire(old)) store.disconnect(old);
      store.connect(c);
    });
    if (old) void scheduleSync();
    return true;
  }

  editor.addPipe((ctx) => {
    if (ctx.type === 'connectionremoved') {
      const w = ctx.data;
      if (!ownRemovals.has(w.id)) {
        wires.delete(w.id);
        const c: Connection = { from: { node: w.source, port: w.sourceOutput }, to: { node: w.target, port: w.targetInput } };
        if (picking) detached = c;
        else if (hasWire(c)) store.disconnect(c);
      }
    }
    return ctx;
  });

  // While a wire is being drawn, sockets it cannot reach fade. A wire picked off an input and
  // dropped on nothing is removed; refused, it stays.
  connection.addPipe((ctx) => {
    if (ctx.type === 'connectionpick') {
      picking = true;
      refused = false;
      markCompatible(ctx.data.socket);
    } else if (ctx.type === 'connectiondrop') {
      picking = false;
      unmarkCompatible();
      const old = detached;
      detached = null;
      if (old) {
        if (refused) void scheduleSync();
        else if (hasWire(old)) store.disconnect(old);
      }
      refused = false;
    }
    return ctx;
  });

  function markCompatible(from: SocketData): void {
    const node = nodeOf(from.nodeId);
    const port = from.side === 'output' ? node?.def.outputs[from.key] : node?.def.inputs[from.key];
    if (!port) return;
    container.classList.add('nw-picking');
    for (const el of container.querySelectorAll<HTMLElement>('rete-ref.nw-socket')) {
      const ok = el.dataset.side !== from.side && el.dataset.type === port.type && el.dataset.node !== from.nodeId;
      el.classList.toggle('nw-compatible', ok);
      el.classList.toggle('nw-incompatible', !ok);
    }
  }

  function unmarkCompatible(): void {
    container.classList.remove('nw-picking');
    for (const el of container.querySelectorAll<HTMLElement>('rete-ref.nw-socket')) el.classList.remove('nw-compatible', 'nw-incompatible');
  }

  // -------------------------------------------------------------------------------------------
  // Selection, dragging, the selection band

  function setSelection(ids: readonly string[]): void {
    const next = [...new Set(ids)].filter((id) => store.node(id));
    const before = new Set(selection.value);
    const after = new Set(next);
    for (const id of new Set([...before, ...after])) {
      const n = nodeOf(id);
      if (!n) continue;
      const sel = after.has(id);
      if (n.selected !== sel) {
        n.selected = sel;
        void area.update('node', id);
      }
    }
    const same = next.length === selection.value.length && next.every((id, i) => id === selection.value[i]);
    if (!same) selection.next(next);
  }

  /** Modifier keys of the last pointerdown in the editor (Rete's node events do not carry them). */
  let lastMods = { add: false, shift: false };
  /** Where the context menu was opened (editor coordinates): blocks added from it go there. */
  const onContextMenuCapture = (e: MouseEvent) => {
    menuPoint = clientToArea(e.clientX, e.clientY);
  };
  container.addEventListener('contextmenu', onContextMenuCapture, true);
  const onPointerDownCapture = (e: PointerEvent) => {
    lastMods = { add: e.shiftKey || e.ctrlKey || e.metaKey, shift: e.shiftKey };
    container.focus({ preventScroll: true });
  };
  container.addEventListener('pointerdown', onPointerDownCapture, true);

  let dragging: string | null = null;
  let bgDown: { x: number; y: number } | null = null;

  area.addPipe((ctx) => {
    if (!ctx || typeof ctx !== 'object' || !('type' in ctx)) return ctx;
    switch (ctx.type) {
      case 'nodepicked': {
        const id = ctx.data.id;
        const sel = selection.value;
        if (lastMods.add) setSelection(sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id]);
        else if (!sel.includes(id)) setSelection([id]);
        dragging = id;
        break;
      }
      case 'nodetranslated': {
        const { id, position, previous } = ctx.data;
        if (id === dragging && selection.value.includes(id)) {
          const dx = position.x - previous.x;
          const dy = position.y - previous.y;
          for (const other of selection.value) {
            if (other === id) continue;
            const v = area.nodeViews.get(other);
            if (v) void area.translate(other, { x: v.position.x + dx, y: v.position.y + dy });
          }
        }
        if (probeState) positionProbe();
        break;
      }
      case 'nodedragged': {
        const id = ctx.data.id;
        if (dragging === id) endDrag(id);
        dragging = null;
        break;
      }
      case 'pointerdown':
        bgDown = { x: ctx.data.event.clientX, y: ctx.data.event.clientY };
        break;
      case 'pointerup':
        if (bgDown && Math.hypot(ctx.data.event.clientX - bgDown.x, ctx.data.event.clientY - bgDown.y) < 4 && !band) {
          if (!lastMods.add) setSelection([]);
          closeProbe();
        }
        bgDown = null;
        break;
      case 'contextmenu': {
        const c = ctx.data.context;
        if (c instanceof BlockNode && !selection.value.includes(c.id)) setSelection([c.id]);
        break;
      }
      case 'translated':
      case 'zoomed':
        if (probeState) positionProbe();
        break;
    }
    return ctx;
  });

  function endDrag(id: string): void {
    const ids = selection.value.includes(id) ? selection.value : [id];
    const moves: Array<{ id: string; position: [number, number] }> = [];
    let moved = false;
    for (const i of ids) {
      const v = area.nodeViews.get(i);
      const g = store.node(i);
      if (!v || !g) continue;
      const p: [number, number] = [Math.round(v.position.x), Math.round(v.position.y)];
      if (p[0] !== g.position[0] || p[1] !== g.position[1]) moved = true;
      moves.push({ id: i, position: p });
    }
    if (moved) store.moveNodes(moves);
    else if (!lastMods.add && selection.value.length > 1) setSelection([id]);
  }

  let band: { el: HTMLDivElement; x0: number; y0: number; x1: number; y1: number; add: boolean } | null = null;
  const onBandDown = (e: PointerEvent) => {
    if (!e.shiftKey || e.button !== 0) return;
    // Only on the background: nodes and sockets stop their pointerdown before it gets here.
    const r = container.getBoundingClientRect();
    const el = document.createElement('div');
    el.className = 'nw-band';
    container.appendChild(el);
    band = { el, x0: e.clientX - r.left, y0: e.clientY - r.top, x1: e.clientX - r.left, y1: e.clientY - r.top, add: e.ctrlKey || e.metaKey };
    drawBand();
    window.addEventListener('pointermove', onBandMove);
    window.addEventListener('pointerup', onBandUp);
  };
  const drawBand = () => {
    if (!band) return;
    const { el, x0, y0, x1, y1 } = band;
    el.style.left = `${Math.min(x0, x1)}px`;
    el.style.top = `${Math.min(y0, y1)}px`;
    el.style.width = `${Math.abs(x1 - x0)}px`;
    el.style.height = `${Math.abs(y1 - y0)}px`;
  };
  const onBandMove = (e: PointerEvent) => {
    if (!band) return;
    const r = container.getBoundingClientRect();
    band.x1 = e.clientX - r.left;
    band.y1 = e.clientY - r.top;
    drawBand();
  };
  const onBandUp = () => {
    window.removeEventListener('pointermove', onBandMove);
    window.removeEventListener('pointerup', onBandUp);
    if (!band) return;
    const b = band;
    b.el.remove();
    const r = container.getBoundingClientRect();
    const [ax0, ay0] = clientToArea(Math.min(b.x0, b.x1) + r.left, Math.min(b.y0, b.y1) + r.top);
    const [ax1, ay1] = clientToArea(Math.max(b.x0, b.x1) + r.left, Math.max(b.y0, b.y1) + r.top);
    const hit: string[] = [];
    for (const n of editor.getNodes()) {
      const v = area.nodeViews.get(n.id);
      if (!v) continue;
      const { x, y } = v.position;
      if (x < ax1 && x + n.width > ax0 && y < ay1 && y + n.height > ay0) hit.push(n.id);
    }
    setSelection(b.add ? [...selection.value, ...hit] : hit);
    // Let the pointerup that ends the band not count as a background click.
    setTimeout(() => (band = null), 0);
  };
  container.addEventListener('pointerdown', onBandDown);

  // -------------------------------------------------------------------------------------------
  // Coordinates

  /** Editor (area) coordinates of a point on screen. */
  function clientToArea(cx: number, cy: number): [number, number] {
    const r = area.area.content.holder.getBoundingClientRect();
    const k = area.area.transform.k;
    return [(cx - r.left) / k, (cy - r.top) / k];
  }

  function viewportCentre(): [number, number] {
    const r = container.getBoundingClientRect();
    return clientToArea(r.left + r.width / 2, r.top + r.height / 2);
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  function addBlock(type: string, at?: [number, number]): string {
    const def = blockDef(type);
    if (!def) {
      opts.toast(`there is no block type "${type}"`, 'error');
      throw new Error(`unknown block type "${type}"`);
    }
    let x: number;
    let y: number;
    if (at) {
      [x, y] = at;
    } else {
      const size = estimateNodeSize(def, {});
      const c = viewportCentre();
      x = c[0] - size.width / 2;
      y = c[1] - size.height / 2;
      // Not exactly on top of another block.
      const taken = (px: number, py: number) => store.graph.nodes.some((n) => Math.abs(n.position[0] - px) < 12 && Math.abs(n.position[1] - py) < 12);
      for (let k = 0; k < 20 && taken(Math.round(x), Math.round(y)); k++) {
        x += 30;
        y += 30;
      }
    }
    const id = store.addNode(type, [Math.round(x), Math.round(y)]);
    setSelection([id]);
    return id;
  }

  let clipboard: GraphFragment | null = null;
  let pasteCount = 0;

  function copySelection(): void {
    const ids = selection.value;
    if (!ids.length) return;
    clipboard = store.copy(ids);
    pasteCount = 0;
    try {
      void navigator.clipboard?.writeText(fragmentText(clipboard)).catch(() => undefined);
    } catch {
      // The system clipboard is optional.
    }
  }

  function pasteFragment(f: GraphFragment): void {
    pasteCount++;
    const ids = store.paste(f, [MENU_CLIPBOARD_OFFSET * pasteCount, MENU_CLIPBOARD_OFFSET * pasteCount]);
    if (ids.length) setSelection(ids);
  }

  function paste(): void {
    if (clipboard) {
      pasteFragment(clipboard);
      return;
    }
    // Another tab's copy, through the system clipboard (when the browser lets us read it).
    try {
      void navigator.clipboard
        ?.readText()
        .then((text) => {
          const f = parseFragment(text);
          if (f) {
            clipboard = f;
            pasteFragment(f);
          }
        })
        .catch(() => undefined);
    } catch {
      // Nothing to paste.
    }
  }

  function duplicateSelection(): void {
    const ids = selection.value;
    if (!ids.length) return;
    const out = store.paste(store.copy(ids), [MENU_CLIPBOARD_OFFSET, MENU_CLIPBOARD_OFFSET]);
    if (out.length) setSelection(out);
  }

  function deleteSelection(): void {
    const ids = selection.value;
    if (!ids.length) return;
    setSelection([]);
    store.removeNodes(ids);
  }

  function setMuted(ids: readonly string[], bypass: boolean): void {
    store.transaction(() => {
      for (const id of ids) if (store.node(id)) store.setBypass(id, bypass);
    });
  }

  async function zoomToFit(): Promise<void> {
    await flush();
    await nextFrame();
    if (!container.clientWidth || !container.clientHeight) return;
    const nodes = editor.getNodes();
    if (!nodes.length) {
      area.area.transform.x = container.clientWidth / 2;
      area.area.transform.y = container.clientHeight / 2;
      await area.area.zoom(1, 0, 0);
      return;
    }
    await AreaExtensions.zoomAt(area, nodes, { scale: 0.9 });
  }

  async function arrange(): Promise<void> {
    await flush();
    await nextFrame();
    const nodes = editor.getNodes();
    if (!nodes.length) return;
    const positions = new Map<string, [number, number]>();
    class Collect extends ArrangeAppliers.StandardApplier<Schemes, AreaExtra> {
      protected override async resizeNode(): Promise<boolean> {
        return true;
      }
      protected override async translateNode(id: string, x: number, y: number): Promise<boolean> {
        positions.set(id, [Math.round(x), Math.round(y)]);
        return true;
      }
    }
    await arranger.layout({
      applier: new Collect(),
      options: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.spacing.nodeNode': '40',
        'elk.layered.spacing.nodeNodeBetweenLayers': '70',
        'elk.edgeRouting': 'POLYLINE',
      },
    });
    if (!positions.size) return;
    // Keep the graph where it was: the arranged layout starts at the old top-left corner.
    const xs = nodes.map((n) => store.node(n.id)?.position[0] ?? 0);
    const ys = nodes.map((n) => store.node(n.id)?.position[1] ?? 0);
    const ox = Math.min(...xs);
    const oy = Math.min(...ys);
    const px = Math.min(...[...positions.values()].map((p) => p[0]));
    const py = Math.min(...[...positions.values()].map((p) => p[1]));
    store.moveNodes([...positions].filter(([id]) => store.node(id)).map(([id, p]) => ({ id, position: [p[0] - px + ox, p[1] - py + oy] as [number, number] })));
    await zoomToFit();
  }

  // -------------------------------------------------------------------------------------------
  // Context menu

  let menuPoint: [number, number] = [0, 0];

  function menuItems(context: unknown): { searchBar: boolean; list: Item[] } {
    if (context === 'root') {
      const at = menuPoint;
      // No search bar: Rete's menu search sees only the categories (the palette has a real search).
      return {
        searchBar: false,
        list: groupBlocks(BLOCKS).map((g) => ({
          label: CATEGORY_LABELS[g.category] ?? g.category,
          key: `cat-${g.category}`,
          handler: () => undefined,
          subitems: g.blocks.map((b) => ({ label: b.title, key: b.type, handler: () => void addBlock(b.type, [Math.round(at[0]), Math.round(at[1])]) })),
        })),
      };
    }
    if (context instanceof BlockNode) {
      const id = context.id;
      const ids = selection.value.includes(id) ? selection.value : [id];
      const g = store.node(id);
      const muted = Boolean(g?.bypass);
      const list: Item[] = [
        { label: ids.length > 1 ? `Duplicate ${ids.length} blocks` : 'Duplicate', key: 'duplicate', handler: () => (setSelection(ids), duplicateSelection()) },
        { label: ids.length > 1 ? `Delete ${ids.length} blocks` : 'Delete', key: 'delete', handler: () => (setSelection(ids), deleteSelection()) },
        { label: muted ? 'Unmute' : 'Mute', key: 'mute', handler: () => setMuted(ids, !muted) },
        {
          label: 'Comment…',
          key: 'comment',
          handler: () => {
            const text = window.prompt(`Comment on ${id}`, g?.comment ?? '');
            if (text !== null && store.node(id)) store.setComment(id, text.trim());
          },
        },
        {
          label: 'Rename…',
          key: 'rename',
          handler: () => {
            const text = window.prompt(`Title of ${id}`, context.title);
            if (text !== null && store.node(id)) store.setTitle(id, text.trim() === context.def.title ? '' : text.trim());
          },
        },
      ];
      if (Object.keys(context.def.outputs).length) list.push({ label: 'Probe', key: 'probe', handler: () => openProbe(id) });
      return { searchBar: false, list };
    }
    if (context instanceof Wire) {
      const c: Connection = { from: { node: context.source, port: context.sourceOutput }, to: { node: context.target, port: context.targetInput } };
      return { searchBar: false, list: [{ label: 'Delete wire', key: 'delete-wire', handler: () => store.disconnect(c) }] };
    }
    return { searchBar: false, list: [] };
  }

  // -------------------------------------------------------------------------------------------
  // Probe popover

  let probeState: { id: string; port: string; el: HTMLDivElement } | null = null;

  function openProbe(id: string, port?: string): void {
    const node = nodeOf(id);
    if (!node) return;
    const ports = Object.keys(node.def.outputs);
    if (!ports.length) {
      opts.toast(`${id} has no outputs to probe`);
      return;
    }
    const chosen = port && ports.includes(port) ? port : ports[0];
    if (!probeState) {
      const el = document.createElement('div');
      el.className = 'nw-probe';
      el.dataset.testid = 'probe';
      // Clicks and wheel inside the popover are not the editor's.
      for (const t of ['pointerdown', 'wheel', 'dblclick', 'contextmenu']) el.addEventListener(t, (e) => e.stopPropagation());
      container.appendChild(el);
      probeState = { id, port: chosen, el };
    } else {
      probeState.id = id;
      probeState.port = chosen;
    }
    probeState.el.dataset.node = id;
    renderProbe();
    positionProbe();
  }

  function renderProbe(): void {
    if (!probeState) return;
    const node = nodeOf(probeState.id);
    if (!node) return closeProbe();
    const { id, port } = probeState;
    let value: unknown;
    try {
      value = opts.probe(id, port);
    } catch (e) {
      value = undefined;
      console.warn('probe failed', e);
    }
    const model =
      value === undefined && node.status.state !== 'done'
        ? { kind: 'none' as const, summary: node.status.state === 'error' || node.status.state === 'waiting' ? node.status.message : node.status.state === 'running' ? 'running…' : 'no value yet' }
        : probeModel(value);
    probeState.el.dataset.port = port;
    litRender(
      probeTemplate({
        nodeId: id,
        title: node.title,
        ports: Object.entries(node.def.outputs).map(([key, s]) => ({ key, label: s.label, type: s.type })),
        port,
        model,
        onPort: (p) => openProbe(id, p),
        onClose: () => closeProbe(),
      }),
      probeState.el,
    );
  }

  function positionProbe(): void {
    if (!probeState) return;
    const view = area.nodeViews.get(probeState.id);
    if (!view) return;
    const r = container.getBoundingClientRect();
    const nr = view.element.getBoundingClientRect();
    const el = probeState.el;
    const w = el.offsetWidth || 260;
    const h = el.offsetHeight || 160;
    let left = nr.right - r.left + 10;
    if (left + w > r.width - 4) left = Math.max(4, nr.left - r.left - w - 10);
    const top = Math.min(Math.max(4, nr.top - r.top), Math.max(4, r.height - h - 4));
    el.style.left = `${Math.round(left)}px`;
    el.style.top = `${Math.round(top)}px`;
  }

  function closeProbe(): void {
    if (!probeState) return;
    litRender(html``, probeState.el);
    probeState.el.remove();
    probeState = null;
  }

  // -------------------------------------------------------------------------------------------
  // Keyboard

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.defaultPrevented || destroyed) return;
    const origin = (e.composedPath()[0] ?? e.target) as (Element & { isContentEditable?: boolean; type?: string }) | null;
    const action = shortcut(e);
    if (!action || keyBelongsToField(action, origin)) return;
    if (!container.isConnected) return;
    if (run(action)) e.preventDefault();
  };

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
        if (!selection.value.length) return false;
        const text = window.getSelection()?.toString();
        if (text) return false; // the user is copying text from the page
        copySelection();
        return true;
      }
      case 'paste':
        paste();
        return true;
      case 'duplicate':
        if (!selection.value.length) return false;
        duplicateSelection();
        return true;
      case 'delete':
        if (!selection.value.length) return false;
        deleteSelection();
        return true;
      case 'zoom-to-fit':
        void zoomToFit();
        return true;
      case 'select-all':
        if (!container.contains(document.activeElement) && document.activeElement !== container) return false;
        setSelection(store.graph.nodes.map((n) => n.id));
        return true;
      case 'escape':
        if (probeState) closeProbe();
        else if (selection.value.length) setSelection([]);
        else return false;
        return true;
    }
  }
  document.addEventListener('keydown', onKeyDown);

  // -------------------------------------------------------------------------------------------
  // Drops from the palette

  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes(BLOCK_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer?.getData(BLOCK_MIME);
    if (!type) return;
    e.preventDefault();
    e.stopPropagation();
    const [x, y] = clientToArea(e.clientX, e.clientY);
    if (blockDef(type)) addBlock(type, [Math.round(x - 20), Math.round(y - 14)]);
    else opts.toast(`there is no block type "${type}"`, 'error');
  };
  container.addEventListener('dragover', onDragOver);
  container.addEventListener('drop', onDrop);

  // -------------------------------------------------------------------------------------------

  await scheduleSync();

  return {
    selected$: selection.asObservable(),
    select: (ids) => setSelection(ids),
    zoomToFit,
    arrange,
    copySelection,
    paste,
    duplicateSelection,
    deleteSelection,
    addBlock,
    probe: (id, port) => {
      void flush().then(() => openProbe(id, port));
    },
    flush,
    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      for (const s of subs) s.unsubscribe();
      for (const s of statusSubs.values()) s.unsubscribe();
      statusSubs.clear();
      selection.complete();
      closeProbe();
      document.removeEventListener('keydown', onKeyDown);
      container.removeEventListener('pointerdown', onPointerDownCapture, true);
      container.removeEventListener('contextmenu', onContextMenuCapture, true);
      container.removeEventListener('pointerdown', onBandDown);
      container.removeEventListener('dragover', onDragOver);
      container.removeEventListener('drop', onDrop);
      area.destroy();
      style.remove();
      hint.remove();
      container.classList.remove('nw-editor-root', 'nw-picking');
    },
  };
}

function nextFrame(): Promise<void> {
  return new Promise((res) => {
    const t = setTimeout(res, 50);
    requestAnimationFrame(() => {
      clearTimeout(t);
      res();
    });
  });
}
