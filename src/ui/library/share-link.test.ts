import { describe, expect, it } from 'vitest';
import { emptyGraph, type Graph } from '../../dataflow/graph.ts';
import { serializeGraph } from '../../dataflow/serialize.ts';
import { decodeShare, encodeShare, fromBase64Url, SHARE_ASSET_LIMIT, toBase64Url } from './share-link.ts';

function graphWithAssets(sizes: number[]): Graph {
  const g = emptyGraph({ title: 'shared ∂V/∂t' });
  g.nodes.push({ id: 'run', type: 'run', params: { tstop: 100 }, position: [0, 0] });
  sizes.forEach((n, i) => {
    const hash = String(i).repeat(64).slice(0, 64);
    g.assets[hash] = { name: `file${i}.swc`, mime: 'text/plain', encoding: 'utf8', data: 'x'.repeat(n) };
  });
  return g;
}

describe('share links', () => {
  it('base64url round trip of every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const s = toBase64Url(bytes);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Array.from(fromBase64Url(s))).toEqual(Array.from(bytes));
    expect(() => fromBase64Url('ab+c')).toThrow();
  });

  it('a graph goes through the URL fragment unchanged and compressed', async () => {
    const g = graphWithAssets([1000]);
    const { fragment, omitted } = await encodeShare(g);
    expect(omitted).toEqual([]);
    expect(fragment).toMatch(/^g=[A-Za-z0-9_-]+$/);
    expect(fragment.length).toBeLessThan(serializeGraph(g).length / 2);
    expect(await decodeShare(`#${fragment}`)).toEqual({ ok: true, text: serializeGraph(g), omitted: [] });
  });

  it('links made before hashes were kept still name their left-out files; a malformed hash is ignored', async () => {
    const { fragment } = await encodeShare(graphWithAssets([10]));
    expect(await decodeShare(`${fragment}&omit=a%20b.swc,c.csv`)).toMatchObject({ ok: true, omitted: [{ name: 'a b.swc', hash: null }, { name: 'c.csv', hash: null }] });
    expect(await decodeShare(`${fragment}&omit=a.swc&sha=XYZ`)).toMatchObject({ ok: true, omitted: [{ name: 'a.swc', hash: null }] });
    // Names are shown in messages: one line, bounded, however the link was written.
    const hostile = await decodeShare(`${fragment}&omit=${encodeURIComponent(`evil\n<img src=x onerror=alert(1)>\u2028${'x'.repeat(500)}.swc`)}`);
    const name = (hostile as { omitted: Array<{ name: string }> }).omitted[0].name;
    expect(name).toMatch(/^evil\?<img src=x onerror=alert\(1\)>\?x+…$/);
    expect(name).toHaveLength(118);
    const many = await decodeShare(`${fragment}&omit=${Array.from({ length: 5000 }, (_, i) => `f${i}.swc`).join(',')}`);
    expect((many as { omitted: unknown[] }).omitted).toHaveLength(100);
  });

  it('files too large for a URL are left out, largest first, and the link names them', async () => {
    const g = graphWithAssets([10, SHARE_ASSET_LIMIT, 20_000, 50_000]);
    const { fragment, omitted } = await encodeShare(g);
    expect(omitted.map((o) => o.name)).toEqual(['file1.swc', 'file3.swc']);
    const d = await decodeShare(fragment);
    // Named, with the content hash kept so that a dropped file is recognised by its content.
    expect(d).toMatchObject({ ok: true, omitted: [{ name: 'file1.swc', hash: '1'.repeat(64) }, { name: 'file3.swc', hash: '3'.repeat(64) }] });
    const text = (d as { text: string }).text;
    expect(text).toContain('file0.swc');
    expect(text).toContain('file2.swc');
    expect(text).not.toContain('file1.swc');
  });

  it('a damaged or cut link says so; a fragment without a graph is not a share', async () => {
    const { fragment } = await encodeShare(graphWithAssets([5000]));
    expect(await decodeShare('#example=x')).toBeNull();
    // Cut inside the packed graph at a whole number of base64 quads (a cut elsewhere is a bad character count, said as such).
    const g = fragment.indexOf('g=') + 2;
    const end = fragment.indexOf('&', g) < 0 ? fragment.length : fragment.indexOf('&', g);
    expect(await decodeShare(fragment.slice(0, g + Math.floor((end - g) / 8) * 4))).toMatchObject({ ok: false, message: expect.stringContaining('cut short') });
    expect(await decodeShare('g=@@@')).toMatchObject({ ok: false, message: expect.stringContaining('damaged') });
  });
});
