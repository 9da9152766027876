/**
 * Where wires end on sockets, measured in batches. Rete's DOM watcher measures each socket as it
 * is drawn (offsetLeft/offsetTop up to the block), and each measurement after a DOM write forces
 * a layout of the whole editor: opening a 300-block graph did ~600 full layouts (~2 s, most of
 * the open time in bench/editor-300.ts). Here the sockets drawn within a frame are measured
 * together at the next animation frame, after all the writes, so a frame costs one layout. Its
 * position store is indexed by block, so looking a socket up does not scan every socket.
 */
import { BaseSocketPosition } from 'rete-render-utils';
import type { BaseSchemes } from 'rete';

type Side = 'input' | 'output';
interface Position {
  x: number;
  y: number;
}
interface SocketPayload {
  element: HTMLElement;
  side: Side;
  key: string;
  nodeId: string;
  position: Position;
}
type Storage = BaseSocketPosition<BaseSchemes, unknown>['sockets'];

/** The storage Rete's watcher uses, with an index by block (same interface). */
class IndexedSockets {
  readonly elements = new Map<HTMLElement, SocketPayload[]>();
  private readonly byNode = new Map<string, Set<SocketPayload>>();

  getPosition(data: { nodeId: string; key: string; side: Side }): Position | null {
    let found: SocketPayload | undefined;
    for (const s of this.byNode.get(data.nodeId) ?? []) if (s.side === data.side && s.key === data.key) found = s;
    return found?.position ?? null;
  }

  add(data: SocketPayload): void {
    const existing = this.elements.get(data.element) ?? [];
    for (const old of existing) if (old.nodeId === data.nodeId && old.key === data.key && old.side === data.side) this.byNode.get(old.nodeId)?.delete(old);
    this.elements.set(data.element, [...existing.filter((n) => !(n.nodeId === data.nodeId && n.key === data.key && n.side === data.side)), data]);
    let set = this.byNode.get(data.nodeId);
    if (!set) this.byNode.set(data.nodeId, (set = new Set()));
    set.add(data);
  }

  remove(element: HTMLElement): void {
    for (const s of this.elements.get(element) ?? []) {
      const set = this.byNode.get(s.nodeId);
      set?.delete(s);
      if (set && !set.size) this.byNode.delete(s.nodeId);
    }
    this.elements.delete(element);
  }

  snapshot(): SocketPayload[] {
    return [...this.elements.values()].flat();
  }

  /** The sockets of one block (what a resize re-measures). */
  ofNode(nodeId: string): SocketPayload[] {
    return [...(this.byNode.get(nodeId) ?? [])];
  }
}

interface Pending {
  nodeId: string;
  side: Side;
  key: string;
  element: HTMLElement;
  resolve: (p: Position | null) => void;
  tries: number;
}

/** Frames a socket that cannot be measured yet (not laid out) is retried before it gives up. */
const MAX_TRIES = 120;

export class BatchedSocketPosition<Schemes extends BaseSchemes, K> extends BaseSocketPosition<Schemes, K> {
  private pending: Pending[] = [];
  private frame = 0;
  readonly indexed = new IndexedSockets();

  /** @param offset moves the measured centre (where the wire attaches), per side. */
  constructor(private readonly offset: (p: Position, nodeId: string, side: Side) => Position) {
    super();
    this.sockets = this.indexed as unknown as Storage;
  }

  calculatePosition(nodeId: string, side: Side, key: string, element: HTMLElement): Promise<Position | null> {
    return new Promise((resolve) => {
      this.pending.push({ nodeId, side, key, element, resolve, tries: 0 });
      if (this.frame === 0) this.frame = requestAnimationFrame(() => this.measureAll());
    });
  }

  private measureAll(): void {
    this.frame = 0;
    const list = this.pending;
    this.pending = [];
    const later: Pending[] = [];
    // Reads only: the first forces one layout, the rest read the same one.
    for (const p of list) {
      const view = this.area?.nodeViews.get(p.nodeId);
      const pos = view && p.element.isConnected ? centreIn(p.element, view.element) : null;
      if (pos) p.resolve(this.offset(pos, p.nodeId, p.side));
      else if (!p.element.isConnected || p.tries >= MAX_TRIES) p.resolve(null);
      else later.push({ ...p, tries: p.tries + 1 });
    }
    if (later.length) {
      this.pending.push(...later);
      if (this.frame === 0) this.frame = requestAnimationFrame(() => this.measureAll());
    }
  }
}

/** The centre of `child` relative to `parent` (editor px), or null when it is not laid out. */
function centreIn(child: HTMLElement, parent: HTMLElement): Position | null {
  if (!child.offsetParent) return null;
  let x = child.offsetLeft + child.offsetWidth / 2;
  let y = child.offsetTop + child.offsetHeight / 2;
  let el = child.offsetParent as HTMLElement | null;
  while (el && el !== parent) {
    x += el.offsetLeft + el.clientLeft;
    y += el.offsetTop + el.clientTop;
    el = el.offsetParent as HTMLElement | null;
  }
  return el === parent ? { x, y } : null;
}
