import { describe, expect, it } from 'vitest';
import { CoreError } from '../core/errors.ts';
import { absentAsset, addAsset, forgetAbsentAsset, noteAbsentAsset, pruneAssets, readAsset, readAssetBytes, readAssetText, referencedAssets, sha256Hex, unusedAssets, verifyAssets, withUsedAssets } from './assets.ts';
import { emptyGraph } from './graph.ts';
import { chain } from './test-kit.ts';

/** SHA-256("abc"), FIPS 180-2 appendix B.1. */
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('assets', () => {
  it('hash with SHA-256', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(ABC);
  });

  it('store text once, whatever the name or form it is given in', async () => {
    const g = emptyGraph();
    const r1 = await addAsset(g, 'a.swc', 'text/plain', 'abc');
    const r2 = await addAsset(g, 'copy.swc', 'text/plain', 'abc');
    const r3 = await addAsset(g, 'bytes.swc', 'application/octet-stream', new TextEncoder().encode('abc'));
    expect(r1).toBe(`asset:${ABC}`);
    expect(r2).toBe(r1);
    expect(r3).toBe(r1);
    expect(g.assets).toEqual({ [ABC]: { name: 'a.swc', mime: 'text/plain', encoding: 'utf8', data: 'abc' } });
    const r4 = await addAsset(g, 'b.swc', 'text/plain', 'abd');
    expect(r4).not.toBe(r1);
    expect(Object.keys(g.assets)).toHaveLength(2);
  });

  it('store bytes as base64 and read them back', async () => {
    const g = emptyGraph();
    const bytes = new Uint8Array(70000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 255;
    const ref = await addAsset(g, 'blob.bin', 'application/octet-stream', bytes);
    const a = g.assets[ref.slice('asset:'.length)];
    expect(a.encoding).toBe('base64');
    expect(a.data).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(readAsset(g, ref)).toEqual(bytes);
    expect(readAssetBytes(g, ref)).toEqual(bytes);
    expect(await sha256Hex(readAssetBytes(g, ref))).toBe(ref.slice(6));
    expect(() => readAssetText(g, ref)).toThrow("the embedded file 'blob.bin' is binary, not UTF-8 text");
  });

  it('read text as text, including UTF-8 stored as bytes', async () => {
    const g = emptyGraph();
    const t = await addAsset(g, 'units.txt', 'text/plain', 'µm\n');
    expect(readAsset(g, t)).toBe('µm\n');
    const b = await addAsset(g, 'units2.txt', 'text/plain', new TextEncoder().encode('5 µm'));
    expect(readAssetText(g, b)).toBe('5 µm');
    expect(readAssetBytes(g, t)).toEqual(new TextEncoder().encode('µm\n'));
  });

  it('say which reference is missing or malformed', () => {
    const g = emptyGraph();
    expect(() => readAsset(g, `asset:${ABC}`)).toThrow(new CoreError('input', 'the embedded file asset:ba7816bf8f01… is not in this graph'));
    expect(() => readAsset(g, 'data/a.swc')).toThrow("'data/a.swc' is not a reference to an embedded file (asset:<sha256>)");
  });

  it('find and prune the files no block uses', async () => {
    const g = chain();
    const used = await addAsset(g, 'da1.swc', 'text/plain', '1 1 0 0 0 1 -1\n');
    const old = await addAsset(g, 'old.swc', 'text/plain', 'old');
    const table = await addAsset(g, 'syn.csv', 'text/csv', 'connector_id,node_id\n');
    g.nodes[0].params.swc = used;
    g.nodes[0].params.synapses = table;
    expect(unusedAssets(g)).toEqual([old.slice(6)]);
    expect(pruneAssets(g)).toEqual([old.slice(6)]);
    expect(Object.keys(g.assets).sort()).toEqual([used.slice(6), table.slice(6)].sort());
    expect(pruneAssets(g)).toEqual([]);
  });

  it('detect content that no longer matches its hash', async () => {
    const g = emptyGraph();
    const ref = await addAsset(g, 'a.swc', 'text/plain', 'abc');
    expect(await verifyAssets(g)).toEqual([]);
    g.assets[ABC].data = 'abd';
    const issues = await verifyAssets(g);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', asset: ref.slice(6) });
    expect(issues[0].message).toMatch(/^embedded file 'a\.swc' does not match its hash \(stored as ba7816bf8f01…, content is [0-9a-f]{12}…\): it was edited or damaged$/);
  });

  it('a file left out of a shared link is named in the error of the block that needs it', () => {
    const g = emptyGraph();
    const hash = 'a'.repeat(64);
    g.nodes.push({ id: 'load', type: 'load-swc', params: { file: `asset:${hash}` }, position: [0, 0] });
    expect(referencedAssets(g)).toEqual([hash]);
    expect(() => readAssetText(g, `asset:${hash}`)).toThrow('the embedded file asset:aaaaaaaaaaaa… is not in this graph');
    noteAbsentAsset(hash, '722817260.swc', 'this link');
    expect(absentAsset(hash)).toEqual({ name: '722817260.swc', where: 'this link' });
    expect(() => readAssetText(g, `asset:${hash}`)).toThrow('722817260.swc is not in this link; drop it here (on the page) and the graph runs');
    forgetAbsentAsset(hash);
    expect(() => readAssetText(g, `asset:${hash}`)).toThrow('is not in this graph');
  });

  it('a copy with only the used files leaves the graph as it was', async () => {
    const g = emptyGraph();
    const used = await addAsset(g, 'used.swc', 'text/plain', 'u');
    await addAsset(g, 'unused.swc', 'text/plain', 'x');
    g.nodes.push({ id: 'load', type: 'load-swc', params: { file: used }, position: [0, 0] });
    const out = withUsedAssets(g);
    expect(Object.values(out.assets).map((a) => a.name)).toEqual(['used.swc']);
    expect(Object.keys(g.assets)).toHaveLength(2);
    expect(out.nodes).toBe(g.nodes);
  });
});
