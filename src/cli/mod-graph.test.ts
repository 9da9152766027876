/**
 * The CLI with own mechanisms: `blocks --mod` lists a file's parameters; a graph whose embedded
 * .mod does not compile fails that block with the file's name, line and column (never the
 * asset's hash), and the rest of the graph still runs.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { REPO } from '../../tools/neuron/case.ts';

const BIN = resolve(REPO, 'bin/neurowire.mjs');

function nw(args: string[]): { code: number | null; err: string; out: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

describe('neurowire with .mod files', () => {
  it('blocks insert-mechanism --mod lists the file\'s PARAMETERs with units, defaults and help', () => {
    const r = nw(['blocks', 'insert-mechanism', '--mod', resolve(REPO, 'examples/mod/cahva.mod')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^insert-mechanism \(model\)/);
    expect(r.out).toMatch(/parameters from cahva\.mod:\n {4}gbar = 0\.0001 S\/cm² \[per segment: a number or an expression of d, x, y, z, diam, label\]: peak conductance/);
    expect(r.out).toMatch(/\n {4}q10 = 2\.3: GLOBAL PARAMETER of cahva/);
    // Without --mod: the default mechanism's (pas) parameters.
    expect(nw(['blocks', 'insert-mechanism']).out).toMatch(/parameters of its default mechanism:\n {4}g = 0\.0000480769\d+ S\/cm²/);
    expect(nw(['blocks', 'select', '--mod', 'x.mod']).code).toBe(2);
    const missing = nw(['blocks', 'insert-mechanism', '--mod', '/nonexistent/x.mod']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read the \.mod file/);
  });

  it('an embedded .mod that does not compile fails its block as file:line:col; blocks not downstream still run', () => {
    const graph = JSON.parse(readFileSync(resolve(REPO, 'examples/active-dendrites.graph.json'), 'utf8'));
    const na = graph.nodes.find((n: { id: string }) => n.id === 'na');
    const text = graph.assets[na.params.mod.slice('asset:'.length)].data.replace('BREAKPOINT {', 'BREAKPOINT { x = (1 +');
    const hash = createHash('sha256').update(text, 'utf8').digest('hex');
    graph.assets[hash] = { name: 'na.mod', mime: 'text/plain', encoding: 'utf8', data: text };
    na.params.mod = `asset:${hash}`;
    const dir = mkdtempSync(resolve(tmpdir(), 'nw-modgraph-'));
    writeFileSync(resolve(dir, 'g.json'), JSON.stringify(graph));
    const r = nw(['run', resolve(dir, 'g.json'), '--out', resolve(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/block "na" \(insert-mechanism\) failed: na\.mod:\d+:\d+: /);
    expect(r.err).not.toMatch(/asset:[0-9a-f]{64}/);
    const summary = JSON.parse(readFileSync(resolve(dir, 'out/summary.json'), 'utf8'));
    expect(summary.blocks.labels.ok).toBe(true); // the node table does not depend on the mechanism
    expect(summary.blocks.run.ok).toBe(false);
  });
});
