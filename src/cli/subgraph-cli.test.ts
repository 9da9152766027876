/**
 * `neurowire run` on graphs with subgraphs: the tutorial with a Repeat block writes the flat
 * tutorial's files byte for byte, `--set` reaches an instance's exposed parameter, and a graph
 * naming an unknown subgraph is exit 2 with the message.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
const EXAMPLES = resolve(REPO, 'examples');

function run(graph: string, sets: string[] = []): { status: number | null; stderr: string; dir: string } {
  const dir = mkdtempSync(resolve(tmpdir(), 'nw-subgraph-'));
  const r = spawnSync(process.execPath, [resolve(REPO, 'bin/neurowire.mjs'), 'run', graph, '--out', dir, '--no-worker', ...sets.flatMap((s) => ['--set', s])], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, dir };
}

describe('neurowire run with subgraphs', () => {
  it('the Repeat tutorial gives the flat tutorial’s run.csv byte for byte; --set on the repeat’s exposed gmax equals the flat graph’s four gmax', { timeout: 120_000 }, () => {
    const flat = run(resolve(EXAMPLES, 'compartment-tutorial.graph.json'));
    const rep = run(resolve(EXAMPLES, 'compartment-tutorial-repeat.graph.json'));
    expect([flat.status, rep.status]).toEqual([0, 0]);
    const csv = (d: string) => readFileSync(resolve(d, 'run.csv'));
    expect(csv(rep.dir).equals(csv(flat.dir))).toBe(true);
    const repSet = run(resolve(EXAMPLES, 'compartment-tutorial-repeat.graph.json'), ['rounds.gmax=0.05']);
    const flatSet = run(resolve(EXAMPLES, 'compartment-tutorial.graph.json'), [1, 2, 3, 4].map((k) => `syn_${k}.gmax=0.05`));
    expect([repSet.status, flatSet.status]).toEqual([0, 0]);
    expect(csv(repSet.dir).equals(csv(flatSet.dir))).toBe(true);
    expect(csv(repSet.dir).equals(csv(rep.dir))).toBe(false);
  });

  it('names an unknown subgraph (exit 2)', () => {
    const g = JSON.parse(readFileSync(resolve(EXAMPLES, 'compartment-tutorial-repeat.graph.json'), 'utf8'));
    g.nodes.find((n: { id: string }) => n.id === 'rounds').type = 'repeat:no-such-round';
    const dir = mkdtempSync(resolve(tmpdir(), 'nw-subgraph-bad-'));
    writeFileSync(resolve(dir, 'bad.graph.json'), JSON.stringify(g));
    const r = run(resolve(dir, 'bad.graph.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("block 'rounds': unknown subgraph 'no-such-round' (this graph defines 'synapse-round')");
  });
});
