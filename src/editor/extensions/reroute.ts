/**
 * Reroute points on wires: double-click a wire (or Alt-click it) to add one where you clicked,
 * drag a point to move it (one undo step when released), double-click (or Alt-click) a point to
 * delete it. The points are the connection's `via` in the document; the wire is drawn through
 * them by render.ts.
 */
import type { Connection } from '../../dataflow/graph.ts';
import type { GraphStore } from '../../dataflow/store.ts';
import type { Wire } from '../block-node.ts';
import { connectionKey } from '../reconcile.ts';
import { insertVia, type Point } from '../wire-path.ts';
import { clientToArea } from './coordinates.ts';
import { listen } from './listen.ts';
import type { SocketWatcher, WireHooks } from './render.ts';
import type { Area, Destroy, Editor } from './types.ts';

function connectionOf(w: Wire): Connection {
  return { from: { node: w.source, port: w.sourceOutput }, to: { node: w.target, port: w.targetInput } };
}

export function reroute(deps: { editor: Editor; area: Area; store: GraphStore; wires: WireHooks; sockets: SocketWatcher }): Destroy {
  const { editor, area, store, wires, sockets } = deps;
  /** Reroute points by wire key, as the store has them (rebuilt when the document changes). */
  let byKey = new Map<string, readonly Point[]>();
  /** A point being dragged: the wire's points as they are drawn meanwhile. */
  const live = new Map<string, Point[]>();

  function index(): Map<string, readonly Point[]> {
    const m = new Map<string, readonly Point[]>();
    for (const c of store.graph.connections) if (c.via?.length) m.set(connectionKey(c), c.via);
    return m;
  }
  byKey = index();

  wires.via = (w) => live.get(w.id) ?? byKey.get(w.id) ?? [];

  /** Where a wire leaves or enters a block now (editor px), from the measured socket. */
  function socketPoint(nodeId: string, side: 'input' | 'output', key: string): Point | null {
    const end = wires.endAt(nodeId, side);
    if (end) return end;
    const view = area.nodeViews.get(nodeId);
    const s = sockets.sockets.snapshot().find((x) => x.nodeId === nodeId && x.side === side && x.key === key);
    if (!view || !s?.position) return null;
    return [view.position.x + s.position.x, view.position.y + s.position.y];
  }

  wires.onWire = (w, e) => {
    const add = e.type === 'dblclick' || (e.type === 'pointerdown' && e.altKey && e.button === 0);
    if (!add) return;
    e.stopPropagation();
    e.preventDefault();
    const a = socketPoint(w.source, 'output', w.sourceOutput);
    const b = socketPoint(w.target, 'input', w.targetInput);
    if (!a || !b) return;
    const p = clientToArea(area, e.clientX, e.clientY);
    store.setVia(connectionOf(w), insertVia(a, wires.via(w), b, [Math.round(p[0]), Math.round(p[1])]));
  };

  wires.onReroute = (w, i, e) => {
    e.stopPropagation();
    e.preventDefault();
    const via = wires.via(w);
    if (e.type === 'dblclick' || (e.type === 'pointerdown' && e.altKey)) {
      store.setVia(connectionOf(w), via.filter((_, k) => k !== i));
      return;
    }
    if (e.type !== 'pointerdown' || e.button !== 0) return;
    const start = clientToArea(area, e.clientX, e.clientY);
    const from = via[i];
    let pts: Point[] = [...via];
    const move = (ev: PointerEvent) => {
      const p = clientToArea(area, ev.clientX, ev.clientY);
      pts = via.map((q, k) => (k === i ? ([Math.round(from[0] + p[0] - start[0]), Math.round(from[1] + p[1] - start[1])] as const) : q));
      live.set(w.id, pts);
      void area.update('connection', w.id);
    };
    const up = () => {
      offMove();
      offUp();
      live.delete(w.id);
      if (pts.some((p, k) => p !== via[k])) store.setVia(connectionOf(w), pts);
      else void area.update('connection', w.id);
    };
    const offMove = listen(window, 'pointermove', move);
    const offUp = listen(window, 'pointerup', up);
  };

  const sub = store.changes$.subscribe(() => {
    const next = index();
    const changed = new Set<string>();
    for (const [k, v] of next) if (byKey.get(k) !== v) changed.add(k);
    for (const k of byKey.keys()) if (!next.has(k)) changed.add(k);
    byKey = next;
    for (const k of changed) if (editor.getConnection(k)) void area.update('connection', k);
  });

  return () => {
    sub.unsubscribe();
    wires.via = () => [];
    wires.onWire = () => undefined;
    wires.onReroute = () => undefined;
  };
}
