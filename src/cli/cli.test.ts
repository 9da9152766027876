/** The CLI's exit codes and messages for bad input (run as a user would, through bin/neurowire.mjs). */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { REPO } from '../../tools/neuron/case.ts';

const BIN = resolve(REPO, 'bin/neurowire.mjs');
const EX = resolve(REPO, 'examples/point-network.graph.json');

function nw(args: string[]): { code: number | null; err: string; out: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

function tmp(name: string, text: string): string {
  const p = resolve(mkdtempSync(resolve(tmpdir(), 'nw-cli-')), name);
  writeFileSync(p, text);
  return p;
}

describe('neurowire CLI', () => {
  it('validate accepts the examples; blocks lists the catalogue with units', () => {
    expect(nw(['validate', EX]).code).toBe(0);
    const b = nw(['blocks']);
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/set-properties \(model\) model:model, where:selection\? → model:model/);
    expect(b.out).toMatch(/Ra = 266\.1 Ω·cm/);
  });

  it('exit 2 for malformed JSON (with line and column), a newer version, an unknown block, a missing graph file', () => {
    const bad = nw(['run', tmp('bad.json', '{\n  "format": "neurowire-graph"\n  "version": 1\n}')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/line 3, column 3/);
    const g = JSON.parse(readFileSync(EX, 'utf8'));
    const newer = nw(['run', tmp('newer.json', JSON.stringify({ ...g, version: 7 }))]);
    expect(newer.code).toBe(2);
    expect(newer.err).toMatch(/newer NeuroWire: version 7/);
    const unknown = nw(['validate', tmp('unknown.json', JSON.stringify({ ...g, nodes: [...g.nodes, { id: 'x', type: 'warp-drive', params: {}, position: [0, 0] }] }))]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/'x'.*warp-drive/);
    expect(nw(['run', '/no/such/graph.json']).code).toBe(2);
  });

  it('exit 2 for --set naming a missing block, a missing parameter, a bad value or a missing file', () => {
    const out = mkdtempSync(resolve(tmpdir(), 'nw-out-'));
    const a = nw(['run', EX, '--out', out, '--set', 'nope.x=1']);
    expect([a.code, a.err]).toEqual([2, expect.stringMatching(/no block "nope"/)]);
    const b = nw(['run', EX, '--out', out, '--set', 'run.speed=1']);
    expect([b.code, b.err]).toEqual([2, expect.stringMatching(/block "run" \(run-network\) has no parameter "speed"/)]);
    const c = nw(['run', EX, '--out', out, '--set', 'run.duration=fast']);
    expect([c.code, c.err]).toEqual([2, expect.stringMatching(/"fast" is not a number/)]);
    const d = nw(['run', EX, '--out', out, '--set', 'edges.source=file', '--set', 'edges.file=/no/such.csv']);
    expect([d.code, d.err]).toEqual([2, expect.stringMatching(/block "edges" \(edge-list\): parameter "file" names a file that does not exist/)]);
    // A value with a unit is converted by the one reader; a unit of the wrong quantity is refused in its words.
    const f = nw(['run', EX, '--out', out, '--set', 'run.duration=2parsec']);
    expect([f.code, f.err]).toEqual([2, expect.stringMatching(/block 'run' \(run-network\): parameter 'duration' is a time in ms; 'parsec' is not a unit NeuroWire converts/)]);
    const e = nw(['frobnicate']);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/usage:/);
  });

  it('exit 1 when a block fails, naming it; the summary records the failure', () => {
    const out = mkdtempSync(resolve(tmpdir(), 'nw-out-'));
    const r = nw(['run', EX, '--out', out, '--set', 'stim_a.neurons=Z']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/block "stim_a" \(stimulus\) failed: .*Z/);
    const summary = JSON.parse(readFileSync(resolve(out, 'summary.json'), 'utf8'));
    expect(summary.blocks.stim_a.ok).toBe(false);
    expect(summary.blocks.run.ok).toBe(false);
  });

  it('--set takes a number with its unit and an enum alias, as the inspector and graph files do', () => {
    const out = mkdtempSync(resolve(tmpdir(), 'nw-out-'));
    const r = nw(['run', EX, '--out', out, '--set', 'run.duration=0.3s', '--set', 'run.dt=100us']);
    expect(r.code).toBe(0);
    const csv = readFileSync(resolve(out, 'run.spikes.csv'), 'utf8');
    // 300 ms of network time: spikes, all before 300 ms.
    const times = csv.trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    expect(times.length).toBeGreaterThan(5);
    expect(Math.max(...times)).toBeLessThan(300);
    expect(Math.max(...times)).toBeGreaterThan(200);
  });
});
