/**
 * Wires the user draws, moves and removes. A new wire is a store command; one the store
 * refuses is never drawn and the reason is toasted. While a wire is dragged, sockets it cannot
 * reach fade. A wire picked off an input and dropped on nothing is removed; refused, it stays.
 * A new wire dropped on nothing is handed to `droppedOnNothing` (the add-block popup).
 */
import { ClassicFlow, getSourceTarget, type ConnectionPlugin, type SocketData } from 'rete-connection-plugin';
import type { Connection } from '../../dataflow/graph.ts';
import type { GraphStore } from '../../dataflow/store.ts';
import type { Schemes } from '../block-node.ts';
import { connectionKey } from '../reconcile.ts';
import { watch } from './listen.ts';
import type { AreaExtra, Destroy, Editor } from './types.ts';
import type { ViewSync } from './view-sync.ts';

export function wiring(deps: {
  container: HTMLElement;
  editor: Editor;
  connection: ConnectionPlugin<Schemes, AreaExtra>;
  store: GraphStore;
  view: Pick<ViewSync, 'schedule' | 'isOwnRemoval' | 'forgetWire'>;
  toast: (message: string, kind?: 'info' | 'error') => void;
  /** A new wire (not one picked off an input) was dropped where there is no socket. */
  droppedOnNothing?: (from: SocketData) => void;
}): Destroy {
  const { container, editor, connection, store, view } = deps;
  /** A wire the user is dragging off an input: still in the store until the drag ends. */
  let detached: Connection | null = null;
  let picking = false;
  let refused = false;
  let on = true;
  const hasWire = (c: Connection) => store.graph.connections.some((x) => connectionKey(x) === connectionKey(c));

  function makeWire(a: SocketData, b: SocketData): boolean {
    if (!on) return false;
    const st = getSourceTarget(a, b);
    if (!st) return false;
    const [s, t] = st;
    const c: Connection = { from: { node: s.nodeId, port: s.key }, to: { node: t.nodeId, port: t.key } };
    const check = store.canConnect(c);
    if (!check.ok) {
      refused = true;
      deps.toast(check.reason, 'error');
      return false;
    }
    const old = detached;
    detached = null;
    if (old && connectionKey(old) === connectionKey(c)) {
      // Dropped back where it was: nothing changes, draw it again.
      void view.schedule();
      return true;
    }
    // Moving a wire from one input to another is one step.
    store.transaction(() => {
      if (old && hasWire(old)) store.disconnect(old);
      store.connect(c);
    });
    if (old) void view.schedule();
    return true;
  }

  function markCompatible(from: SocketData): void {
    const node = editor.getNode(from.nodeId);
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

  connection.addPreset(
    () =>
      new ClassicFlow<Schemes, never[]>({
        canMakeConnection: (from, to) => Boolean(getSourceTarget(from, to)),
        makeConnection: (from, to) => makeWire(from, to),
      }),
  );

  const offs: Destroy[] = [
    // A wire the user removed in Rete (picked off its input, or deleted).
    watch(editor, (s) => {
      if (s.type !== 'connectionremoved' || view.isOwnRemoval(s.data.id)) return;
      const w = s.data;
      view.forgetWire(w.id);
      const c: Connection = { from: { node: w.source, port: w.sourceOutput }, to: { node: w.target, port: w.targetInput } };
      if (picking) detached = c;
      else if (hasWire(c)) store.disconnect(c);
    }),
    watch(connection, (s) => {
      if (s.type === 'connectionpick') {
        picking = true;
        refused = false;
        markCompatible(s.data.socket);
      } else if (s.type === 'connectiondrop') {
        picking = false;
        unmarkCompatible();
        const old = detached;
        detached = null;
        if (old) {
          if (refused) void view.schedule();
          else if (hasWire(old)) store.disconnect(old);
        } else if (!s.data.created && !s.data.socket && !refused && on) {
          deps.droppedOnNothing?.(s.data.initial);
        }
        refused = false;
      }
    }),
  ];

  return () => {
    on = false;
    for (const off of offs) off();
    unmarkCompatible();
  };
}
