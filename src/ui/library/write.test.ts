import { describe, expect, it } from 'vitest';
import { addAsset } from '../../dataflow/assets.ts';
import { emptyGraph } from '../../dataflow/graph.ts';
import { serializeGraph } from '../../dataflow/serialize.ts';
import { fileBase, graphToWrite } from './write.ts';

describe('what the library writes', () => {
  it('carries only the embedded files the graph uses: 7 embedded, 2 used → 2 written, the open graph unchanged', async () => {
    const g = emptyGraph({ title: 'old title' });
    const refs: string[] = [];
    // Seven different files of 200 kB, as a user dropping one skeleton after another.
    for (let k = 0; k < 7; k++) refs.push(await addAsset(g, `n${k}.swc`, 'text/plain', `# neuron ${k}\n${'1 1 0 0 0 1 -1\n'.repeat(13_000)}`));
    // The same content again under another name is stored once (by its hash).
    expect(await addAsset(g, 'copy-of-n0.swc', 'text/plain', `# neuron 0\n${'1 1 0 0 0 1 -1\n'.repeat(13_000)}`)).toBe(refs[0]);
    g.nodes.push({ id: 'load', type: 'load-swc', params: { file: refs[5] }, position: [0, 0] });
    g.nodes.push({ id: 'syn', type: 'load-synapses', params: { files: [refs[6]] }, position: [0, 0] });
    expect(Object.keys(g.assets)).toHaveLength(7);
    const out = graphToWrite(g, 'DA1 réseau');
    expect(Object.keys(out.assets).sort()).toEqual([refs[5], refs[6]].map((r) => r.slice('asset:'.length)).sort());
    expect(out.meta?.title).toBe('DA1 réseau');
    const before = serializeGraph(g).length;
    const after = serializeGraph(out).length;
    expect(after).toBeLessThan(before * 0.35);
    // The graph being edited keeps everything (undo may bring a file back).
    expect(Object.keys(g.assets)).toHaveLength(7);
    expect(g.meta?.title).toBe('old title');
  });

  it('file names from titles are safe: no path characters, no device names, accents dropped, length capped', () => {
    expect(fileBase('DA1 tutorial (renamed)')).toBe('DA1-tutorial-renamed');
    expect(fileBase('Réseau ∂V/∂t')).toBe('Reseau-V-t');
    expect(fileBase('../../etc/passwd')).toBe('etc-passwd');
    expect(fileBase('a\u0000b\nc')).toBe('a-b-c');
    expect(fileBase('CON')).toBe('CON-graph');
    expect(fileBase('nul')).toBe('nul-graph');
    expect(fileBase('   ')).toBe('graph');
    expect(fileBase('x'.repeat(300))).toHaveLength(80);
    expect(fileBase(`${'a'.repeat(79)} b`)).toBe('a'.repeat(79));
  });
});
