import { describe, expect, it } from 'vitest';
import { GRAPH_VERSION, type JsonObject, type JsonValue } from './graph.ts';
import { migrate, MIGRATIONS } from './migrate.ts';
import { serializeGraph } from './serialize.ts';
import { FAKE_BLOCKS } from './test-kit.ts';
import { parseGraph } from './validate.ts';

/** Freeze a JSON value all the way down: any write by a migration then throws. */
function deepFreeze<T extends JsonValue>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** The draft format: blocks/kind/x/y/label/muted, edges as "block.port" strings, title at the top. */
const V0: JsonObject = {
  format: 'neurowire-graph',
  version: 0,
  title: 'Soma voltage',
  description: 'draft graph',
  blocks: [
    { id: 'load', kind: 'load-skeleton', x: 0, y: 10, params: { units: '8 nm voxels', swc: 'data/da1.swc' } },
    { id: 'model', kind: 'compartment-model', x: 200, y: 10, label: 'Model', params: { res: { value: 8, unit: 'nm' } } },
    { id: 'run', kind: 'run', x: 400, y: 10, muted: false, params: { tstop: 50 } },
  ],
  edges: [
    { from: 'load.neuron', to: 'model.neuron' },
    { from: 'model.model', to: 'run.model' },
  ],
};

const V1: JsonObject = {
  format: 'neurowire-graph',
  version: 1,
  meta: { title: 'Soma voltage', description: 'draft graph' },
  nodes: [
    { id: 'load', type: 'load-skeleton', position: [0, 10], params: { units: '8 nm voxels', swc: 'data/da1.swc' } },
    { id: 'model', type: 'compartment-model', title: 'Model', position: [200, 10], params: { res: { value: 8, unit: 'nm' } } },
    { id: 'run', type: 'run', bypass: false, position: [400, 10], params: { tstop: 50 } },
  ],
  connections: [
    { from: { node: 'load', port: 'neuron' }, to: { node: 'model', port: 'neuron' } },
    { from: { node: 'model', port: 'model' }, to: { node: 'run', port: 'model' } },
  ],
  assets: {},
};

describe('migrations', () => {
  it('form a contiguous chain from 0 to the current version', () => {
    expect(MIGRATIONS.map((m) => [m.from, m.to])).toEqual(Array.from({ length: GRAPH_VERSION }, (_, k) => [k, k + 1]));
  });

  it('upgrade version 0 to 1, and 1 to 2 (only the version changes: 2 adds the optional "subgraphs")', () => {
    expect(MIGRATIONS[0].up(V0)).toEqual(V1);
    const r = migrate(V0);
    expect(r).toEqual({ ok: true, doc: { ...V1, version: 2 }, from: 0 });
    expect(migrate(V1)).toEqual({ ok: true, doc: { ...V1, version: 2 }, from: 1 });
  });

  it('refuse a version 1 file that claims subgraphs', () => {
    expect(migrate({ ...V1, subgraphs: [] })).toEqual({ ok: false, message: 'cannot upgrade this version 1 graph: version 1 file has a "subgraphs" section, which version 1 does not have; set "version": 2 if it was written for subgraphs' });
  });

  it('never change their input, and share nothing with it', () => {
    const input = deepFreeze(structuredClone(V0));
    const before = JSON.stringify(input);
    const r = migrate(input);
    expect(JSON.stringify(input)).toBe(before);
    if (!r.ok) throw new Error(r.message);
    (r.doc.nodes as Array<{ params: { units: string } }>)[0].params.units = 'nm';
    expect(JSON.stringify(input)).toBe(before);
    // The step itself is pure too (migrate deep-copies, but a step must not rely on it).
    expect(() => MIGRATIONS[0].up(input)).not.toThrow();
  });

  it('leave a current-version document as it is (a copy)', () => {
    const V2 = { ...V1, version: 2 };
    const r = migrate(V2);
    expect(r).toEqual({ ok: true, doc: V2, from: 2 });
    if (r.ok) expect(r.doc).not.toBe(V2);
  });

  it('refuse a graph from a newer NeuroWire', () => {
    expect(migrate({ ...V1, version: 3 })).toEqual({ ok: false, message: 'this graph was made by a newer NeuroWire: version 3, this one reads up to 2. Update NeuroWire to open it.' });
    expect(parseGraph(JSON.stringify({ ...V1, version: 3 }), FAKE_BLOCKS)).toEqual({
      graph: null,
      issues: [{ severity: 'error', message: 'this graph was made by a newer NeuroWire: version 3, this one reads up to 2. Update NeuroWire to open it.' }],
    });
  });

  it('refuse a missing or malformed version', () => {
    const { version: _v, ...noVersion } = V1;
    expect(migrate(noVersion)).toEqual({ ok: false, message: 'the graph has no "version"' });
    expect(migrate({ ...V1, version: '1' })).toEqual({ ok: false, message: `the graph's "version" must be a whole number, got "1"` });
    expect(migrate({ ...V1, version: 0.5 })).toEqual({ ok: false, message: `the graph's "version" must be a whole number, got 0.5` });
    expect(migrate({ version: 1 })).toEqual({ ok: false, message: 'not a NeuroWire graph: it has no "format": "neurowire-graph"' });
  });

  it('say which version 0 edge they cannot read', () => {
    const bad = { ...V0, edges: [{ from: 'load.neuron', to: 'model.neuron' }, { from: 'modelmodel', to: 'run.model' }] };
    expect(migrate(bad)).toEqual({ ok: false, message: 'cannot upgrade this version 0 graph: version 0 edge #2: "from" must be "block.port", got "modelmodel"' });
  });

  it('leave a version 0 file without blocks for the decoder to report', () => {
    const { blocks: _b, ...noBlocks } = V0;
    expect(parseGraph(JSON.stringify(noBlocks), FAKE_BLOCKS).issues.map((i) => i.message)).toEqual([
      'the graph has no "nodes" list',
      "connection load.neuron → model.neuron: there is no block 'load'",
      "connection load.neuron → model.neuron: there is no block 'model'",
      "connection model.model → run.model: there is no block 'model'",
      "connection model.model → run.model: there is no block 'run'",
    ]);
  });

  it('let parseGraph read a version 0 file as the same graph as its version 1 form', () => {
    const old = parseGraph(JSON.stringify(V0), FAKE_BLOCKS);
    const cur = parseGraph(JSON.stringify(V1), FAKE_BLOCKS);
    expect(old.graph).not.toBeNull();
    expect(old.graph).toEqual(cur.graph);
    expect(old.issues).toEqual([]);
    expect(old).toMatchObject({ fromVersion: 0 });
    expect(cur).toMatchObject({ fromVersion: 1 });
    expect(serializeGraph(old.graph!)).toBe(serializeGraph(cur.graph!));
  });
});
