import { CoreError } from '../errors.ts';

/** Columns of a skeleton's node table; every array has one entry per node (row). */
export interface SkeletonColumns {
  /** Node ids as in the source file (any integers, not necessarily contiguous or ordered). */
  id: Int32Array;
  /** Row index of the parent node, -1 for a root. */
  parent: Int32Array;
  /** Coordinates (µm after unit conversion; source units before). */
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  /** Radius, same unit as the coordinates. */
  radius: Float64Array;
  /** SWC type code, kept as read (1 soma, 2 axon, 3 basal, 4 apical, 0 undefined, 5+ custom). */
  type: Int32Array;
  /** Compartment label per node as an index into `labelNames`; 0 is "unlabelled". */
  label: Uint8Array;
}

export interface SkeletonMeta {
  /** Human-readable length unit of x, y, z, radius (e.g. 'µm', 'nm', '8 nm voxel'). */
  units: string;
  /** Row of the soma node, or -1 if none is set. */
  soma: number;
  /** Names for `label` codes; index 0 is always ''. */
  labelNames: readonly string[];
  /** Free-form name (file name, body id). */
  name: string;
}

/**
 * An immutable neuron skeleton: a forest of nodes stored as typed-array columns, with the
 * topology (children, traversal order) derived once and cached. Rows keep the order of the
 * source file, which fixes the order of children everywhere ("file order").
 */
export class Skeleton {
  readonly id: Int32Array;
  readonly parent: Int32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly radius: Float64Array;
  readonly type: Int32Array;
  readonly label: Uint8Array;
  readonly units: string;
  readonly soma: number;
  readonly labelNames: readonly string[];
  readonly name: string;

  private _rowOf?: Map<number, number>;
  private _childStart?: Int32Array;
  private _childList?: Int32Array;
  private _order?: Int32Array;

  constructor(cols: SkeletonColumns, meta: Partial<SkeletonMeta> = {}) {
    const n = cols.id.length;
    for (const [k, a] of Object.entries(cols)) {
      if ((a as ArrayLike<number>).length !== n) {
        throw new CoreError('input', `skeleton column ${k} has ${(a as ArrayLike<number>).length} rows, expected ${n}`);
      }
    }
    this.id = cols.id;
    this.parent = cols.parent;
    this.x = cols.x;
    this.y = cols.y;
    this.z = cols.z;
    this.radius = cols.radius;
    this.type = cols.type;
    this.label = cols.label;
    this.units = meta.units ?? 'µm';
    this.soma = meta.soma ?? -1;
    this.labelNames = meta.labelNames ?? [''];
    this.name = meta.name ?? '';
  }

  /** Number of nodes. */
  get size(): number {
    return this.id.length;
  }

  /** Copy with some columns or metadata replaced (columns not given are shared, never mutated). */
  with(cols: Partial<SkeletonColumns>, meta: Partial<SkeletonMeta> = {}): Skeleton {
    return new Skeleton(
      {
        id: cols.id ?? this.id,
        parent: cols.parent ?? this.parent,
        x: cols.x ?? this.x,
        y: cols.y ?? this.y,
        z: cols.z ?? this.z,
        radius: cols.radius ?? this.radius,
        type: cols.type ?? this.type,
        label: cols.label ?? this.label,
      },
      {
        units: meta.units ?? this.units,
        soma: meta.soma ?? this.soma,
        labelNames: meta.labelNames ?? this.labelNames,
        name: meta.name ?? this.name,
      },
    );
  }

  /** Row index of node `id`, or -1. */
  rowOf(id: number): number {
    if (!this._rowOf) {
      const m = new Map<number, number>();
      for (let i = 0; i < this.id.length; i++) m.set(this.id[i], i);
      this._rowOf = m;
    }
    return this._rowOf.get(id) ?? -1;
  }

  /** Row index of node `id`; throws a clear error if the skeleton has no such node. */
  requireRow(id: number, what = 'node'): number {
    const r = this.rowOf(id);
    if (r < 0) throw new CoreError('node-not-found', `${what} ${id} does not exist in skeleton${this.name ? ` ${this.name}` : ''}`, { node: id });
    return r;
  }

  private buildChildren(): void {
    const n = this.size;
    const count = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) if (this.parent[i] >= 0) count[this.parent[i] + 1]++;
    for (let i = 0; i < n; i++) count[i + 1] += count[i];
    const list = new Int32Array(count[n]);
    const fill = count.slice(0, n);
    // Rows ascend, so children of each node end up in file order.
    for (let i = 0; i < n; i++) {
      const p = this.parent[i];
      if (p >= 0) list[fill[p]++] = i;
    }
    this._childStart = count;
    this._childList = list;
  }

  /** CSR child lists: children of row i are `childList[childStart[i] .. childStart[i+1])`, in file order. */
  get childStart(): Int32Array {
    if (!this._childStart) this.buildChildren();
    return this._childStart!;
  }

  get childList(): Int32Array {
    if (!this._childList) this.buildChildren();
    return this._childList!;
  }

  /** Number of children of row i. */
  childCount(i: number): number {
    const s = this.childStart;
    return s[i + 1] - s[i];
  }

  /** Children of row i (rows, file order). */
  children(i: number): Int32Array {
    const s = this.childStart;
    return this.childList.subarray(s[i], s[i + 1]);
  }

  /** Rows in depth-first pre-order from each root (roots in file order): parents before children. */
  get order(): Int32Array {
    if (!this._order) {
      const n = this.size;
      const out = new Int32Array(n);
      let k = 0;
      const stack: number[] = [];
      const start = this.childStart;
      const list = this.childList;
      for (let r = 0; r < n; r++) {
        if (this.parent[r] !== -1) continue;
        stack.push(r);
        while (stack.length) {
          const i = stack.pop()!;
          out[k++] = i;
          for (let c = start[i + 1] - 1; c >= start[i]; c--) stack.push(list[c]);
        }
      }
      if (k !== n) throw new CoreError('swc-structure', `skeleton has a cycle: ${n - k} nodes are not reachable from a root`);
      this._order = out;
    }
    return this._order;
  }

  /** Rows of roots (parent -1), in file order. */
  roots(): Int32Array {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.parent[i] === -1) out.push(i);
    return Int32Array.from(out);
  }

  /** Rows of leaves (no children), in file order. A lone root counts as a leaf. */
  leaves(): Int32Array {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.childCount(i) === 0) out.push(i);
    return Int32Array.from(out);
  }

  /** Rows of branch points (two or more children), in file order. */
  branchPoints(): Int32Array {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.childCount(i) >= 2) out.push(i);
    return Int32Array.from(out);
  }

  /** Euclidean length of the edge from row i to its parent (0 for a root). */
  edgeLength(i: number): number {
    const p = this.parent[i];
    if (p < 0) return 0;
    return Math.hypot(this.x[i] - this.x[p], this.y[i] - this.y[p], this.z[i] - this.z[p]);
  }

  /** Total cable length: the sum of all parent–child edge lengths (skeleton units). */
  cableLength(): number {
    let s = 0;
    for (let i = 0; i < this.size; i++) s += this.edgeLength(i);
    return s;
  }

  /** Name of the label of row i ('' if unlabelled). */
  labelOf(i: number): string {
    return this.labelNames[this.label[i]] ?? '';
  }
}

/** Copy node row `i` of `sk` into row `r` of `to`: everything but the parent, which the caller remaps. */
export function copyNode(to: SkeletonColumns, r: number, sk: Skeleton, i: number): void {
  to.id[r] = sk.id[i];
  to.x[r] = sk.x[i];
  to.y[r] = sk.y[i];
  to.z[r] = sk.z[i];
  to.radius[r] = sk.radius[i];
  to.type[r] = sk.type[i];
  to.label[r] = sk.label[i];
}

/** Allocate empty columns for n nodes. */
export function emptyColumns(n: number): SkeletonColumns {
  return {
    id: new Int32Array(n),
    parent: new Int32Array(n).fill(-1),
    x: new Float64Array(n),
    y: new Float64Array(n),
    z: new Float64Array(n),
    radius: new Float64Array(n),
    type: new Int32Array(n),
    label: new Uint8Array(n),
  };
}
