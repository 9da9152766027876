/**
 * Representative hostile graph files through the real command line (`bin/neurowire.mjs run
 * <file> --out <dir> --no-worker`, as a user runs it): the process exits within 30 s with
 * 0 (ran), 1 (a block failed, in words) or 2 (invalid graph), never 3 (internal error), a
 * signal or a stack trace; a run writes summary.json with one entry per block of the file and
 * nothing outside --out; no local file's content is quoted back.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../src/dataflow/graph.ts';
import { baseGraphs } from './base-graphs.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = resolve(REPO, 'bin/neurowire.mjs');
/** A run that has not exited by then counts as a hang. */
const TIME_LIMIT_MS = 30_000;

type Doc = JsonObject & { nodes: JsonObject[]; connections: JsonObject[]; assets: JsonObject };
const bases = new Map(baseGraphs().map((b) => [b.name, b.doc]));

function base(name: string): Doc {
  const d = bases.get(name);
  if (!d) throw new Error(`no base graph ${name}`);
  return structuredClone(d) as Doc;
}

function node(d: Doc, id: string): JsonObject {
  const n = d.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no block ${id}`);
  return n;
}

function params(d: Doc, id: string): JsonObject {
  return node(d, id).params as JsonObject;
}

function rename(d: Doc, from: string, to: string): Doc {
  node(d, from).id = to;
  for (const c of d.connections) for (const end of [c.from, c.to] as JsonObject[]) if (end.node === from) end.node = to;
  return d;
}

function withParam(name: string, id: string, param: string, v: JsonValue): Doc {
  const d = base(name);
  params(d, id)[param] = v;
  return d;
}

interface Case {
  name: string;
  text: string;
  /** Exit statuses that are right for this file. */
  codes: number[];
}

const json = (d: Doc) => JSON.stringify(d, null, 2);

function cases(): Case[] {
  const tut = 'compartment-tutorial';
  const net = 'point-network';
  const out: Case[] = [
    { name: 'the base graph runs', text: json(base(tut)), codes: [0] },
    { name: 'truncated JSON', text: json(base(tut)).slice(0, 900), codes: [2] },
    { name: 'unknown block type', text: json((() => ((d) => ((node(d, 'hh').type = 'warp-drive'), d))(base(tut)))()), codes: [2] },
    { name: 'dt = -1', text: json(withParam(tut, 'run', 'dt', -1)), codes: [2] },
    { name: 'tstop as the text "NaN"', text: json(withParam(tut, 'run', 'tstop', 'NaN')), codes: [2] },
    { name: 'dt = 1e-300 (a run that cannot finish)', text: json(withParam(tut, 'run', 'dt', 1e-300)), codes: [1, 2] },
    { name: 'a block named __proto__', text: json(rename(base(tut), 'run', '__proto__')), codes: [0, 2] },
    { name: 'blocks named constructor and hasOwnProperty', text: json(rename(rename(base(net), 'raster', 'constructor'), 'rates', 'hasOwnProperty')), codes: [0, 2] },
    { name: 'a 300-character block id', text: json(rename(base(tut), 'run', 'r'.repeat(300))), codes: [0, 2] },
    { name: 'a recorder labelled __proto__', text: json(withParam(tut, 'rec_soma', 'label', '__proto__')), codes: [0] },
    { name: 'a recorder labelled t', text: json(withParam(tut, 'rec_soma', 'label', 't')), codes: [1, 2] },
    { name: 'a stimulus labelled hasOwnProperty', text: json(withParam(net, 'stim_a', 'label', 'hasOwnProperty')), codes: [0] },
    {
      name: 'neurons named __proto__ and hasOwnProperty in an embedded edge list',
      text: json(
        (() => {
          const d = base('point-network+assets');
          const [hash] = Object.keys(d.assets);
          (d.assets[hash] as JsonObject).data = 'source,target,weight\n__proto__,hasOwnProperty,0.5\nhasOwnProperty,constructor,1\n';
          params(d, 'stim_a').neurons = '__proto__';
          params(d, 'stim_b').neurons = 'hasOwnProperty';
          return d;
        })(),
      ),
      codes: [0],
    },
    { name: 'a bypassed point network', text: json((() => ((d) => ((node(d, 'net').bypass = true), d))(base(net)))()), codes: [1] },
    { name: 'an asset reference to a missing hash', text: json(withParam('compartment-tutorial+assets', 'load', 'swc', `asset:${'ab'.repeat(32)}`)), codes: [2] },
    {
      name: 'a 4 MB binary asset used as the skeleton',
      text: json(
        (() => {
          const d = base('compartment-tutorial+assets');
          const h = 'cd'.repeat(32);
          const bytes = Buffer.alloc(4 << 20);
          for (let k = 0; k < bytes.length; k++) bytes[k] = (k * 2654435761) >>> 24;
          d.assets[h] = { name: 'x.swc', mime: 'application/octet-stream', encoding: 'base64', data: bytes.toString('base64') };
          params(d, 'load').swc = `asset:${h}`;
          return d;
        })(),
      ),
      codes: [1, 2],
    },
    { name: 'nesting 100,000 levels deep', text: json(base(tut)).replace('"meta": {', `"deep": ${'['.repeat(100000)}${']'.repeat(100000)}, "meta": {`), codes: [2] },
    { name: 'a version from the future', text: json({ ...base(tut), version: 99 } as Doc), codes: [2] },
    {
      name: 'a version 0 draft',
      text: JSON.stringify({
        format: 'neurowire-graph',
        version: 0,
        blocks: base(net).nodes.map(({ type, position, ...n }) => ({ ...n, kind: type ?? null, x: (position as number[])[0], y: (position as number[])[1] })),
        edges: base(net).connections.map((c) => ({ from: `${(c.from as JsonObject).node}.${(c.from as JsonObject).port}`, to: `${(c.to as JsonObject).node}.${(c.to as JsonObject).port}` })),
      }),
      codes: [0],
    },
    {
      name: 'a cycle',
      text: json(
        (() => {
          const d = base(tut);
          d.connections.push({ from: { node: 'hh', port: 'model' }, to: { node: 'props', port: 'model' } });
          return d;
        })(),
      ),
      codes: [2],
    },
    { name: 'two blocks with one id', text: json(rename(base(tut), 'rec_axon', 'rec_soma')), codes: [0, 2] },
    {
      name: 'a NaN coordinate in the embedded SWC',
      text: json(
        (() => {
          const d = base('compartment-tutorial+assets');
          for (const a of Object.values(d.assets) as JsonObject[]) if (String(a.name).endsWith('.swc')) a.data = String(a.data).replace(/\n(\d+) (\d+) \S+/, '\n$1 $2 NaN');
          return d;
        })(),
      ),
      codes: [1, 2],
    },
    {
      name: 'a coordinate of 1e308 in the embedded SWC',
      text: json(
        (() => {
          const d = base('compartment-tutorial+assets');
          for (const a of Object.values(d.assets) as JsonObject[]) {
            if (!String(a.name).endsWith('.swc')) continue;
            const lines = String(a.data).split('\n');
            const cells = lines[502].split(' ');
            cells[4] = '1e308';
            lines[502] = cells.join(' ');
            a.data = lines.join('\n');
          }
          return d;
        })(),
      ),
      codes: [1, 2],
    },
    {
      name: 'wires into the ports __proto__ and hasOwnProperty',
      text: json(
        (() => {
          const d = base(net);
          (d.connections[d.connections.length - 1].to as JsonObject).port = '__proto__';
          (d.connections[0].from as JsonObject).port = 'hasOwnProperty';
          return d;
        })(),
      ),
      codes: [2],
    },
    { name: 'the skeleton read from /etc/passwd', text: json(((d) => ((params(d, 'load').source = 'file'), (params(d, 'load').swc = '/etc/passwd'), d))(base(tut))), codes: [2] },
    { name: 'an edge list read from ../../../../etc/passwd', text: json(((d) => ((params(d, 'edges').file = '../../../../etc/passwd'), d))(base('point-network+assets'))), codes: [2] },
    { name: 'a chain of 300 background-noise blocks', text: json(chain(base(net), 'net', 'network', 'background-noise', 300, false)), codes: [0] },
    { name: 'a chain of 20,000 bypassed reroot blocks', text: json(chain(base(tut), 'load', 'neuron', 'reroot', 20000, true)), codes: [0, 2] },
    {
      name: '50,000 copies of one wire',
      text: json(
        (() => {
          const d = base(net);
          for (let k = 0; k < 50000; k++) d.connections.push(structuredClone(d.connections[0]));
          return d;
        })(),
      ),
      codes: [2],
    },
  ];
  return out;
}

/** `n` blocks of a cheap type between `from` and what it fed (deep dependency chains). */
function chain(d: Doc, from: string, port: string, type: string, n: number, bypass: boolean): Doc {
  const outs = d.connections.filter((c) => (c.from as JsonObject).node === from);
  let prev = from;
  for (let k = 0; k < n; k++) {
    const id = `chain${k}`;
    d.nodes.push({ id, type, params: type === 'background-noise' ? { frequency: 0.001 } : {}, position: [0, 0], ...(bypass ? { bypass: true } : {}) });
    d.connections.push({ from: { node: prev, port }, to: { node: id, port } });
    prev = id;
  }
  for (const c of outs) (c.from as JsonObject).node = prev;
  return d;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('hostile graph files through the neurowire CLI', () => {
  const all = cases();
  it('has about 20 representative cases', () => expect(all.length).toBeGreaterThanOrEqual(20));

  for (const c of all) {
    it(
      `${c.name}: exits ${c.codes.join(' or ')}, in words, writing only into --out`,
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'nw-fuzz-cli-'));
        dirs.push(dir);
        writeFileSync(join(dir, 'g.graph.json'), c.text);
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [BIN, 'run', 'g.graph.json', '--out', 'out', '--no-worker'], { cwd: dir, encoding: 'utf8', timeout: TIME_LIMIT_MS, maxBuffer: 64 << 20 });
        const s = ((performance.now() - t0) / 1000).toFixed(1);
        const err = r.stderr ?? '';
        const tail = err.split('\n').slice(-6).join('\n');
        expect(r.error?.message ?? null, `did not exit within ${TIME_LIMIT_MS / 1000} s`).toBeNull();
        expect(r.signal, `killed by a signal after ${s} s`).toBeNull();
        expect(c.codes, `exit ${r.status} after ${s} s:\n${tail}`).toContain(r.status);
        expect(err).not.toMatch(/internal error/i);
        expect(err).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
        expect(err).not.toMatch(/root:.*:0:0:/);
        // Words the file did not hold are the program's values leaking into a message.
        for (const w of ['undefined', '[object Object]']) if (!c.text.includes(w)) expect(err, `stderr shows '${w}'`).not.toContain(w);
        // Nothing written beside the graph file but the output folder.
        expect(readdirSync(dir).sort()).toEqual(existsSync(join(dir, 'out')) ? ['g.graph.json', 'out'] : ['g.graph.json']);
        if (r.status === 0 || r.status === 1) {
          const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as { blocks: Record<string, unknown> };
          const doc = JSON.parse(c.text) as { nodes?: unknown[]; blocks?: unknown[] };
          const n = (doc.nodes ?? doc.blocks ?? []).length;
          expect(Object.keys(summary.blocks), 'summary.json has one entry per block').toHaveLength(n);
        }
      },
      TIME_LIMIT_MS + 30_000,
    );
  }
});
