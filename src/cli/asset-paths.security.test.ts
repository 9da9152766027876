/**
 * The rules for files a graph may read (asset-paths.ts), in process: folder, links, kinds of
 * file, the size cap, and reads that stay bounded when a file's size lies (/proc).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { checkAssetPath, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_STREAM_BYTES, maxFileBytes, maxStreamBytes, readAssetPath, readBoundedText, type PathPolicy } from './asset-paths.ts';

function folder(): { root: string; g: string; policy: PathPolicy } {
  const root = mkdtempSync(resolve(tmpdir(), 'nw-asset-'));
  const g = resolve(root, 'g');
  mkdirSync(resolve(g, 'sub'), { recursive: true });
  writeFileSync(resolve(g, 'a.swc'), '1 1 0 0 0 1 -1\n');
  writeFileSync(resolve(root, 'out.swc'), 'outside\n');
  return { root, g, policy: { graphDir: g, allowPaths: false, maxBytes: 1000, userPaths: new Set() } };
}

describe('checkAssetPath', () => {
  it('inside the folder: plain, ./, sub/.., a link to a file inside', () => {
    const { g, policy } = folder();
    symlinkSync('a.swc', resolve(g, 'sub', 'l.swc'));
    for (const ref of ['a.swc', './a.swc', 'sub/../a.swc']) expect(checkAssetPath(ref, policy)).toEqual({ ok: true, path: resolve(g, 'a.swc'), bytes: 15 });
    // A relative link resolves against its own folder: sub/a.swc does not exist.
    expect(checkAssetPath('sub/l.swc', policy)).toEqual({ ok: false, reason: `names a file that does not exist: ${resolve(g, 'sub/l.swc')}` });
    symlinkSync('../a.swc', resolve(g, 'sub', 'up.swc'));
    expect(checkAssetPath('sub/up.swc', policy)).toMatchObject({ ok: true, path: resolve(g, 'a.swc') });
  });

  it('outside: absolute, .. out, a link out; decided before the file is looked at', () => {
    const { root, g, policy } = folder();
    const outside = "outside the graph's folder; pass --allow-paths to allow it";
    expect(checkAssetPath('/etc/passwd', policy)).toEqual({ ok: false, reason: `names /etc/passwd, ${outside}` });
    expect(checkAssetPath('../out.swc', policy)).toEqual({ ok: false, reason: `names ${resolve(root, 'out.swc')}, ${outside}` });
    // A file that does not exist outside is "outside", not "does not exist": no probing of other folders.
    expect(checkAssetPath('../../no/such/file', policy)).toMatchObject({ ok: false, reason: expect.stringContaining(outside) });
    symlinkSync(resolve(root, 'out.swc'), resolve(g, 'link.swc'));
    expect(checkAssetPath('link.swc', policy)).toEqual({ ok: false, reason: `names ${resolve(g, 'link.swc')}, a link to ${resolve(root, 'out.swc')}, ${outside}` });
    // --allow-paths and the user's own --set paths lift the folder rule.
    expect(checkAssetPath('../out.swc', { ...policy, allowPaths: true })).toMatchObject({ ok: true, path: resolve(root, 'out.swc') });
    expect(checkAssetPath(resolve(root, 'out.swc'), { ...policy, userPaths: new Set([resolve(root, 'out.swc')]) })).toMatchObject({ ok: true });
    expect(checkAssetPath('link.swc', { ...policy, allowPaths: true })).toMatchObject({ ok: true, path: resolve(root, 'out.swc') });
  });

  it('only regular files within the cap, whatever --allow-paths says', () => {
    const { g, policy } = folder();
    const free = { ...policy, allowPaths: true };
    expect(checkAssetPath('/dev/zero', free)).toEqual({ ok: false, reason: 'names /dev/zero, which is a device, not a file' });
    expect(checkAssetPath('sub', policy)).toEqual({ ok: false, reason: `names ${resolve(g, 'sub')}, which is a folder, not a file` });
    writeFileSync(resolve(g, 'big.swc'), 'x'.repeat(1001));
    expect(checkAssetPath('big.swc', policy)).toEqual({ ok: false, reason: `names ${resolve(g, 'big.swc')}, which is 1001 bytes, more than the limit of 1000 bytes (NEUROWIRE_MAX_FILE_BYTES)` });
    expect(checkAssetPath('big.swc', { ...policy, maxBytes: 1001 })).toMatchObject({ ok: true, bytes: 1001 });
    expect(checkAssetPath('asset:00', policy)).toMatchObject({ ok: false });
  });
});

describe('reading', () => {
  it('readAssetPath reads text inside the folder and refuses without reading outside', () => {
    const { policy } = folder();
    expect(readAssetPath('a.swc', policy)).toBe('1 1 0 0 0 1 -1\n');
    expect(() => readAssetPath('../out.swc', policy)).toThrow(/^the path names .*out\.swc, outside the graph's folder/);
  });

  it('a file whose size lies (/proc reports 0 bytes) is still read at most to the cap', () => {
    if (!existsSync('/proc/self/status')) return; // Linux only
    expect(checkAssetPath('/proc/self/status', { graphDir: '/', allowPaths: true, maxBytes: 10, userPaths: new Set() })).toMatchObject({ ok: true, bytes: 0 });
    expect(() => readBoundedText('/proc/self/status', 10)).toThrow(/\/proc\/self\/status is more than the limit of 10 bytes/);
    expect(readBoundedText('/proc/self/status', 1 << 20)).toMatch(/^Name:/);
  });

  it('NEUROWIRE_MAX_FILE_BYTES: default 256 MiB, a positive integer, anything else refused', () => {
    expect(maxFileBytes({})).toBe(DEFAULT_MAX_FILE_BYTES);
    expect(DEFAULT_MAX_FILE_BYTES).toBe(268_435_456);
    // A streamed file (an edge list) has its own cap, 16 GiB: FlyWire's 538 MB CSV is under it.
    expect([maxStreamBytes({}), DEFAULT_MAX_STREAM_BYTES]).toEqual([17_179_869_184, 17_179_869_184]);
    expect(maxStreamBytes({ NEUROWIRE_MAX_STREAM_BYTES: '4096' })).toBe(4096);
    expect(maxFileBytes({ NEUROWIRE_MAX_FILE_BYTES: '4096' })).toBe(4096);
    for (const bad of ['0', '-1', '1.5', 'lots', '1e400']) expect(maxFileBytes({ NEUROWIRE_MAX_FILE_BYTES: bad })).toEqual({ error: expect.stringContaining(`got "${bad}"`) });
  });
});
