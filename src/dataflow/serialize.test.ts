import { describe, expect, it } from 'vitest';
import { addAsset } from './assets.ts';
import type { Graph } from './graph.ts';
import { serializeGraph } from './serialize.ts';
import { chain, FAKE_BLOCKS } from './test-kit.ts';
import { parseGraph } from './validate.ts';

const EXPECTED = `{
  "format": "neurowire-graph",
  "version": 2,
  "meta": {
    "title": "Soma voltage",
    "created": "2026-01-02T03:04:05.000Z"
  },
  "nodes": [
    {
      "id": "load",
      "type": "load-skeleton",
      "position": [0, 0],
      "params": {
        "swc": "asset:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "units": "8 nm voxels"
      }
    },
    {
      "id": "soma",
      "type": "set-soma",
      "position": [200, 0],
      "params": {
        "node": 20
      }
    },
    {
      "id": "model",
      "type": "compartment-model",
      "position": [400, 0],
      "params": {
        "res": 10
      }
    },
    {
      "id": "run",
      "type": "run",
      "comment": "half a second",
      "bypass": false,
      "position": [600, 0],
      "params": {
        "tstop": { "value": 0.5, "unit": "s" }
      }
    },
    {
      "id": "plot",
      "type": "plot-traces",
      "title": "Voltage",
      "position": [800, 0],
      "params": {}
    }
  ],
  "connections": [
    { "from": { "node": "load", "port": "neuron" }, "to": { "node": "soma", "port": "neuron" } },
    { "from": { "node": "soma", "port": "neuron" }, "to": { "node": "model", "port": "neuron" } },
    { "from": { "node": "model", "port": "model" }, "to": { "node": "run", "port": "model" } },
    { "from": { "node": "run", "port": "traces" }, "to": { "node": "plot", "port": "traces" } }
  ],
  "assets": {
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad": {
      "name": "a.swc",
      "mime": "text/plain",
      "encoding": "utf8",
      "data": "abc"
    }
  }
}
`;

async function sample(): Promise<Graph> {
  const g = chain();
  g.meta = { created: '2026-01-02T03:04:05.000Z', title: 'Soma voltage' };
  g.nodes[0].params.swc = await addAsset(g, 'a.swc', 'text/plain', 'abc');
  Object.assign(g.nodes[3], { bypass: false, comment: 'half a second' });
  return g;
}

describe('serializeGraph', () => {
  it('writes fields in a fixed order, parameters sorted, one wire per line', async () => {
    expect(serializeGraph(await sample())).toBe(EXPECTED);
  });

  it('does not depend on the order things were set in', async () => {
    const g = await sample();
    const shuffled: Graph = {
      assets: g.assets,
      connections: g.connections,
      // Every object's keys reversed: the text must come out the same.
      nodes: g.nodes.map((x) => ({ ...(Object.fromEntries(Object.entries(x).reverse()) as typeof x), params: Object.fromEntries(Object.entries(x.params).reverse()) })),
      meta: { title: 'Soma voltage', created: '2026-01-02T03:04:05.000Z' },
      version: 2,
      format: 'neurowire-graph',
    };
    expect(serializeGraph(shuffled)).toBe(EXPECTED);
  });

  it('round-trips through parseGraph', async () => {
    const r = parseGraph(EXPECTED, FAKE_BLOCKS);
    expect(r.issues).toEqual([]);
    expect(r.graph).toEqual(await sample());
    expect(serializeGraph(r.graph!)).toBe(EXPECTED);
  });

  it('round-trips odd values: text with quotes and line breaks, negative and fractional numbers, lists', () => {
    const g = chain();
    g.nodes[4].params.title = 'V "soma"\nµm, 8 nm';
    g.nodes[4].comment = '∆V → plot';
    g.nodes[1].params.node = [-1, 2, 3];
    g.nodes[2].position = [-12.5, 1e-7];
    g.nodes[2].params.res = { value: 8, unit: 'nm' };
    const text = serializeGraph(g);
    const back = parseGraph(text, FAKE_BLOCKS);
    expect(back.graph).toEqual(g);
    expect(serializeGraph(back.graph!)).toBe(text);
    expect(text).toContain('"node": [-1, 2, 3]');
  });

  it('writes an empty graph', () => {
    expect(serializeGraph({ format: 'neurowire-graph', version: 2, nodes: [], connections: [], assets: {} })).toBe(
      '{\n  "format": "neurowire-graph",\n  "version": 2,\n  "nodes": [],\n  "connections": [],\n  "assets": {}\n}\n',
    );
  });
});
