/**
 * A shared graph may not make `neurowire` read files outside the graph's folder, read anything
 * but a bounded regular file, or write outside --out; internal errors exit 3 in one line. Run as
 * a user would, through bin/neurowire.mjs; every command must end within a bounded time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { REPO } from '../../tools/neuron/case.ts';

const BIN = resolve(REPO, 'bin/neurowire.mjs');
const POINT = JSON.parse(readFileSync(resolve(REPO, 'examples/point-network.graph.json'), 'utf8')) as Graph;
const COMPARTMENT = JSON.parse(readFileSync(resolve(REPO, 'examples/compartment-tutorial.graph.json'), 'utf8')) as Graph;
/** Longest a command may take (ms): well above a normal run (~2 s through tsx), far below a hang. */
const LIMIT_MS = 60_000;
/** The edges the point-network example builds from its tutorial edge list, as a CSV file. */
const EDGES = 'source,target,weight\nA,C,0.5\nB,C,-1\n';

interface Graph {
  nodes: Array<{ id: string; type: string; params: Record<string, unknown> }>;
  connections: Array<{ from: { node: string }; to: { node: string } }>;
}

interface Result {
  code: number | null;
  err: string;
  out: string;
  ms: number;
}

function nw(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Result {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: opts.cwd, env: { ...process.env, ...opts.env }, timeout: LIMIT_MS, killSignal: 'SIGKILL' });
  const res = { code: r.status, err: r.stderr, out: r.stdout, ms: Date.now() - t0 };
  // A command killed by the timeout has status null: that is a hang, never a pass.
  expect(r.signal, `neurowire ${args.join(' ')} did not exit within ${LIMIT_MS} ms`).toBeNull();
  return res;
}

/** A fresh folder tree: root/ holds secret.csv (outside the graph) and g/ holds the graph and edges.csv. */
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function sandbox(): { root: string; g: string; secret: string } {
  const root = mkdtempSync(resolve(tmpdir(), 'nw-paths-'));
  roots.push(root);
  const g = resolve(root, 'g');
  mkdirSync(g);
  writeFileSync(resolve(g, 'edges.csv'), EDGES);
  // A valid edge list with a marker that must never be printed when the file is refused.
  const secret = resolve(root, 'secret.csv');
  writeFileSync(secret, 'source,target,weight\nA,SECRET_MARKER_C,0.5\nB,SECRET_MARKER_C,-1\n');
  return { root, g, secret };
}

/** The point-network example reading its edges from `file`, written as g/graph.json. */
function edgeGraph(g: string, file: string): string {
  const graph = structuredClone(POINT);
  graph.nodes.find((n) => n.id === 'edges')!.params = { source: 'file', file };
  const p = resolve(g, 'graph.json');
  writeFileSync(p, JSON.stringify(graph));
  return p;
}

/** Every file under `dir` (relative paths), for "nothing was written elsewhere". */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** A refusal: exit 2 from validate and from run, the message, and run wrote nothing at all. */
function expectRefused(graph: string, root: string, message: RegExp, extra: string[] = [], env: Record<string, string> = {}): Result {
  const before = tree(root);
  const v = nw(['validate', graph, ...extra], { env });
  expect(v.code).toBe(2);
  expect(v.err).toMatch(message);
  expect(v.err).not.toMatch(/: valid$/m);
  const out = resolve(root, 'out');
  const r = nw(['run', graph, '--out', out, ...extra], { env });
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/SECRET_MARKER|root:|internal error|\n\s+at /);
  // Refused before anything ran: no output folder, nothing new anywhere.
  expect(tree(root)).toEqual(before);
  const x = nw(['export', 'neuron', graph, '-o', resolve(root, 'model.py'), ...extra], { env });
  expect(x.code).toBe(2);
  expect(x.err).toMatch(message);
  expect(tree(root)).toEqual(before);
  return r;
}

const OUTSIDE = /block "edges" \(edge-list\): parameter "file" names .*, outside the graph's folder; pass --allow-paths to allow it/;

describe('files a graph may read', () => {
  it('an absolute path is refused, naming block, parameter and path; /etc/passwd is never quoted', () => {
    const { root, g } = sandbox();
    const r = expectRefused(edgeGraph(g, '/etc/passwd'), root, /block "edges" \(edge-list\): parameter "file" names \/etc\/passwd, outside the graph's folder; pass --allow-paths to allow it/);
    expect(r.err.split('\n').filter((l) => /names \/etc\/passwd/.test(l))).toHaveLength(1);
  });

  it('../ out of the graph folder is refused; ../ that stays inside is fine', () => {
    const { root, g } = sandbox();
    expectRefused(edgeGraph(g, '../secret.csv'), root, OUTSIDE);
    expectRefused(edgeGraph(g, 'sub/../../secret.csv'), root, OUTSIDE);
    mkdirSync(resolve(g, 'sub'));
    const ok = nw(['run', edgeGraph(g, 'sub/../edges.csv'), '--out', resolve(root, 'out')]);
    expect(ok.code).toBe(0);
    expect(readFileSync(resolve(root, 'out/run.spikes.csv'), 'utf8')).toMatch(/^label,t\nA,/);
  });

  it('a symbolic link out of the folder is refused (also a linked folder); a link inside it is followed', () => {
    const { root, g, secret } = sandbox();
    symlinkSync(secret, resolve(g, 'link.csv'));
    expectRefused(edgeGraph(g, 'link.csv'), root, /parameter "file" names .*link\.csv, a link to .*secret\.csv, outside the graph's folder; pass --allow-paths/);
    symlinkSync(root, resolve(g, 'up'));
    expectRefused(edgeGraph(g, 'up/secret.csv'), root, /parameter "file" names .*up\/secret\.csv, a link to .*secret\.csv, outside the graph's folder/);
    symlinkSync(resolve(g, 'loop.csv'), resolve(g, 'loop.csv'));
    expectRefused(edgeGraph(g, 'loop.csv'), root, /parameter "file" names .*loop\.csv, a symbolic link that loops/);
    symlinkSync(resolve(g, 'edges.csv'), resolve(g, 'alias.csv'));
    const out = resolve(root, 'out');
    const r = nw(['run', edgeGraph(g, 'alias.csv'), '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['counts.csv', 'raster.csv', 'raster.svg', 'rates.csv', 'rates.svg', 'run.spikes.csv', 'summary.json']);
  });

  it('/dev/zero, a FIFO and a folder are not files: refused at once even with --allow-paths', () => {
    const { root, g } = sandbox();
    const dev = expectRefused(edgeGraph(g, '/dev/zero'), root, /parameter "file" names \/dev\/zero, which is a device, not a file/, ['--allow-paths']);
    expect(dev.ms).toBeLessThan(LIMIT_MS);
    const fifo = resolve(g, 'pipe.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // Nobody writes to the FIFO: opening or reading it would block for ever.
    expectRefused(edgeGraph(g, 'pipe.csv'), root, /parameter "file" names .*pipe\.csv, which is a named pipe \(FIFO\), not a file/);
    mkdirSync(resolve(g, 'dir.csv'));
    expectRefused(edgeGraph(g, 'dir.csv'), root, /parameter "file" names .*dir\.csv, which is a folder, not a file/);
  });

  it('a file over its size cap is refused: an edge list (read as a stream) by NEUROWIRE_MAX_STREAM_BYTES, the graph file by NEUROWIRE_MAX_FILE_BYTES', () => {
    const { root, g } = sandbox();
    // 30 kB of edges (2,000 extra neurons) against a graph file of ~2 kB.
    const rows = Array.from({ length: 2000 }, (_, k) => `N${k},C,0.001`);
    writeFileSync(resolve(g, 'big.csv'), EDGES + rows.join('\n') + '\n');
    const graph = edgeGraph(g, 'big.csv');
    const size = statSync(resolve(g, 'big.csv')).size;
    expect(size).toBeGreaterThan(3 * statSync(graph).size);
    const cap = { NEUROWIRE_MAX_STREAM_BYTES: String(size - 1) };
    expectRefused(graph, root, new RegExp(`parameter "file" names .*big\\.csv, which is ${(size / 1024).toFixed(1)} KiB, more than the limit of ${((size - 1) / 1024).toFixed(1)} KiB \\(NEUROWIRE_MAX_STREAM_BYTES\\)`), [], cap);
    // The graph file itself is read whole: held to the whole-file cap.
    const big = nw(['validate', graph], { env: { NEUROWIRE_MAX_FILE_BYTES: '100' } });
    expect([big.code, big.err]).toEqual([2, expect.stringMatching(/graph file .*graph\.json, which is [\d.]+ KiB, more than the limit of 100 bytes/)]);
    for (const name of ['NEUROWIRE_MAX_FILE_BYTES', 'NEUROWIRE_MAX_STREAM_BYTES']) {
      const bad = nw(['validate', graph], { env: { [name]: 'lots' } });
      expect([bad.code, bad.err.trim()]).toEqual([2, `${name} must be a positive whole number of bytes, got "lots"`]);
    }
    // An edge list over the whole-file cap but under the streamed one is read (it never becomes one string).
    const ok = nw(['run', graph, '--out', resolve(root, 'out')], { env: { NEUROWIRE_MAX_FILE_BYTES: String(statSync(graph).size), NEUROWIRE_MAX_STREAM_BYTES: String(size) } });
    expect([ok.code, ok.err]).toEqual([0, expect.any(String)]);
    expect(readFileSync(resolve(root, 'out/counts.csv'), 'utf8')).toMatch(/\nN1999,/);
  });

  it('--allow-paths lets an outside regular file through; so does a path given with --set', () => {
    const { root, g, secret } = sandbox();
    const graph = edgeGraph(g, secret);
    const v = nw(['validate', graph, '--allow-paths']);
    expect([v.code, v.err]).toEqual([0, expect.stringMatching(/graph\.json: valid\n$/)]);
    const out = resolve(root, 'out');
    const r = nw(['run', graph, '--allow-paths', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(resolve(out, 'counts.csv'), 'utf8')).toMatch(/\nSECRET_MARKER_C,/);
    // The user's own choice on the command line, relative to the current folder.
    const out2 = resolve(root, 'out2');
    const s = nw(['run', edgeGraph(g, 'edges.csv'), '--set', 'edges.file=secret.csv', '--out', out2], { cwd: root });
    expect(s.code).toBe(0);
    expect(readFileSync(resolve(out2, 'counts.csv'), 'utf8')).toMatch(/\nSECRET_MARKER_C,/);
  });

  it('a path with control characters is refused in one line with the characters escaped', () => {
    const { root, g } = sandbox();
    const r = expectRefused(edgeGraph(g, '/tmp/a\nfake line\u001b[31m.csv'), root, /names "\/tmp\/a\\nfake line\\u001b\[31m\.csv", outside the graph's folder/);
    expect(r.err).not.toMatch(/^fake line/m);
    expect(r.err).not.toContain('\u001b');
  });
});

describe('files run writes', () => {
  it('hostile labels write only inside --out; hostile ids are refused before anything is written', () => {
    const { root, g } = sandbox();
    const graph = structuredClone(COMPARTMENT);
    // (Labels are trimmed, so the line separator sits inside.)
    const labels: Record<string, string> = { rec_dend: '__proto__', rec_axon: '../../x/\u0000\n,"q"\u2028.', rec_soma: 'hasOwnProperty' };
    for (const n of graph.nodes) {
      if (labels[n.id]) n.params.label = labels[n.id];
      if (n.id === 'run') n.params.tstop = 5;
      if (n.id === 'traces') n.params.title = '../../../../tmp/pwned';
    }
    const p = resolve(g, 'labels.json');
    writeFileSync(p, JSON.stringify(graph));
    // The command runs two levels down, so that where '../..' leads is still inside the sandbox.
    const cwd = resolve(root, 'a', 'b');
    mkdirSync(cwd, { recursive: true });
    const before = tree(root);
    const r = nw(['run', p, '--out', 'out'], { cwd });
    expect(r.code).toBe(0);
    const made = tree(root).filter((f) => !before.includes(f));
    expect(made.sort()).toEqual(['a/b/out/labels.csv', 'a/b/out/run.csv', 'a/b/out/summary.json', 'a/b/out/traces.csv', 'a/b/out/traces.svg']);
    // Where the labels and title would lead if they were used as paths.
    for (const p of ['x', 'tmp/pwned', 'pwned.csv', 'pwned.svg']) expect(existsSync(resolve(cwd, 'out', '../..', p)), p).toBe(false);
    const header = readFileSync(resolve(cwd, 'out/run.csv'), 'utf8').split('\n').slice(0, 2).join('\n');
    expect(header).toBe('t,__proto__,"../../x/\u0000\n,""q""\u2028.",hasOwnProperty');
    // The NUL-free check of the status lines: labels never reach stderr unescaped.
    expect(r.err).not.toContain('\u0000');

    // Ids: every one of these is refused by the validator (exit 2), so nothing is written.
    for (const id of ['../../evil', '/tmp/abs', 'a\u0000b', 'x'.repeat(300), '__proto__', 'CON\n']) {
      const bad = structuredClone(POINT);
      bad.nodes.find((n) => n.id === 'counts')!.id = id;
      for (const c of bad.connections) if (c.to.node === 'counts') c.to.node = id;
      const bp = resolve(g, 'ids.json');
      writeFileSync(bp, JSON.stringify(bad));
      const b4 = tree(root);
      const b = nw(['run', bp, '--out', 'out-ids'], { cwd: root });
      expect(b.code, `id ${JSON.stringify(id)}`).toBe(2);
      expect(b.err).toMatch(/block .*\(spike-table\): /);
      expect(b.err).not.toMatch(/internal error|\n\s+at /);
      expect(tree(root)).toEqual(b4);
    }
  });

  it('links planted in the output folder are replaced, never written through; a linked --out is refused', () => {
    const { root, g } = sandbox();
    // A shared folder could ship out/ with links to the user's files next to the graph.
    const victim = resolve(root, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const out = resolve(g, 'out');
    mkdirSync(out);
    for (const f of ['run.spikes.csv', 'summary.json', 'raster.svg']) symlinkSync(victim, resolve(out, f));
    const r = nw(['run', edgeGraph(g, 'edges.csv')], { cwd: g });
    expect(r.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    for (const f of ['run.spikes.csv', 'summary.json', 'raster.svg']) expect(lstatSync(resolve(out, f)).isFile(), f).toBe(true);
    expect(readFileSync(resolve(out, 'run.spikes.csv'), 'utf8')).toMatch(/^label,t\nA,/);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // An out/ that is itself a link to another folder.
    const elsewhere = resolve(root, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, resolve(root, 'out'));
    const l = nw(['run', edgeGraph(g, 'edges.csv')], { cwd: root });
    expect([l.code, l.err.trim()]).toEqual([2, `run: --out out is a symbolic link to ${elsewhere}; give that folder itself`]);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('markup in neuron names, labels and titles stays text in the SVG and CSV files', () => {
    const { root, g } = sandbox();
    writeFileSync(resolve(g, 'e.csv'), 'source,target,weight\n"<script>alert(1)</script>",C,0.5\nB,"<img src=x onerror=alert(2)>",-1\n');
    const graph = structuredClone(POINT);
    const set: Record<string, Record<string, unknown>> = {
      edges: { source: 'file', file: 'e.csv' },
      stim_a: { neurons: '<script>alert(1)</script>', label: '<b>&amp;"\'</b>' },
    };
    for (const n of graph.nodes) {
      Object.assign(n.params, set[n.id] ?? {});
      if (n.id === 'raster') n.params.title = '</text><script>alert(3)</script>';
      if (n.id === 'rates') n.params.title = ']]><svg onload=alert(4)>';
    }
    const p = resolve(g, 'markup.json');
    writeFileSync(p, JSON.stringify(graph));
    const r = nw(['run', p, '--out', 'out'], { cwd: root });
    expect(r.code).toBe(0);
    for (const f of ['raster.svg', 'rates.svg']) {
      const svg = readFileSync(resolve(root, 'out', f), 'utf8');
      // The names are there, as escaped text; no element or event handler came from them.
      expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(svg).not.toMatch(/<(script|img|iframe|foreignObject)\b/i);
      expect(svg).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(svg.match(/<svg\b/g)).toHaveLength(1);
    }
    expect(readFileSync(resolve(root, 'out/run.spikes.csv'), 'utf8')).toMatch(/\n<script>alert\(1\)<\/script>,\d/);
  });

  it('block ids that are object machinery get their own entry in summary.json', () => {
    const { root, g } = sandbox();
    const graph = structuredClone(POINT);
    const rename: Record<string, string> = { counts: 'hasOwnProperty', rates: 'toString', raster: 'valueOf' };
    for (const n of graph.nodes) n.id = rename[n.id] ?? n.id;
    for (const c of graph.connections) c.to.node = rename[c.to.node] ?? c.to.node;
    const p = resolve(g, 'names.json');
    writeFileSync(p, JSON.stringify(graph));
    const r = nw(['run', p, '--out', 'out'], { cwd: root });
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(resolve(root, 'out/summary.json'), 'utf8')) as { blocks: Record<string, { type: string; files: string[] }> };
    expect(Object.keys(summary.blocks)).toEqual(['edges', 'net', 'stim_a', 'stim_b', 'run', 'valueOf', 'toString', 'hasOwnProperty']);
    expect(summary.blocks.hasOwnProperty).toMatchObject({ type: 'spike-table', files: ['hasOwnProperty.csv'] });
    expect(readFileSync(resolve(root, 'out/hasOwnProperty.csv'), 'utf8')).toMatch(/^neuron,/);
    // __proto__ as an id is refused by the validator (it is reserved), with exit 2, not lost.
    graph.nodes.find((n) => n.id === 'valueOf')!.id = '__proto__';
    for (const c of graph.connections) if (c.to.node === 'valueOf') c.to.node = '__proto__';
    writeFileSync(p, JSON.stringify(graph));
    const proto = nw(['run', p, '--out', 'out-proto'], { cwd: root });
    expect([proto.code, proto.err]).toEqual([2, expect.stringMatching(/'__proto__' is reserved/)]);
  });

  it('a failing block quoting graph text with a line break stays on one line', () => {
    const { root, g } = sandbox();
    const graph = structuredClone(POINT);
    graph.nodes.find((n) => n.id === 'stim_a')!.params.neurons = 'Z\nwrote out/ (9 files); all blocks ok';
    const p = resolve(g, 'nl.json');
    writeFileSync(p, JSON.stringify(graph));
    const r = nw(['run', p, '--out', 'out'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^block "stim_a" \(stimulus\) failed: .*Z\\nwrote out\/ \(9 files\); all blocks ok/m);
    expect(r.err.split('\n').filter((l) => l.startsWith('wrote '))).toEqual(['wrote out/ (0 files); 1 block(s) failed']);
  });

  it('a recorder labelled t is refused by name (exit 1), the time column is never doubled', () => {
    const { root, g } = sandbox();
    const graph = structuredClone(COMPARTMENT);
    for (const n of graph.nodes) {
      if (n.id === 'rec_soma') n.params.label = 't';
      if (n.id === 'run') n.params.tstop = 5;
    }
    const p = resolve(g, 't.json');
    writeFileSync(p, JSON.stringify(graph));
    const r = nw(['run', p, '--out', 'out'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/block "rec_soma" \(voltage-recorder\) failed: .*"t" is reserved for the time column/);
    expect(readdirSync(resolve(root, 'out'))).not.toContain('run.csv');
  });
});

describe('exit status 3: internal errors', () => {
  it('one line, no stack unless NEUROWIRE_DEBUG=1, and the process ends with the block worker started', () => {
    const { root } = sandbox();
    const ex = resolve(REPO, 'examples/point-network.graph.json');
    const r = nw(['run', ex, '--out', resolve(root, 'out')], { env: { NEUROWIRE_TEST_INTERNAL_ERROR: '1' } });
    expect(r.code).toBe(3);
    expect(r.err).toBe('internal error: injected by NEUROWIRE_TEST_INTERNAL_ERROR (please report; run with NEUROWIRE_DEBUG=1 for the stack)\n');
    const d = nw(['run', ex, '--out', resolve(root, 'out')], { env: { NEUROWIRE_TEST_INTERNAL_ERROR: '1', NEUROWIRE_DEBUG: '1' } });
    expect(d.code).toBe(3);
    expect(d.err).toMatch(/^internal error: injected .*\nError: injected by NEUROWIRE_TEST_INTERNAL_ERROR\n\s+at /);
    // Nothing but the (empty) output folder: no half-written summary.
    expect(tree(root).filter((f) => f.startsWith('out'))).toEqual([]);
    expect(readdirSync(resolve(root, 'out'))).toEqual([]);
  });

  it('an evaluation that can never finish ends the process with exit 3 (the idle worker does not keep it alive), not a hang or Node status 13', () => {
    const { root } = sandbox();
    const r = nw(['run', resolve(REPO, 'examples/point-network.graph.json'), '--out', resolve(root, 'out')], { env: { NEUROWIRE_TEST_INTERNAL_ERROR: 'lost' } });
    expect(r.code).toBe(3);
    expect(r.err).toBe('internal error: the command stopped before it finished, with nothing left to wait for (please report)\n');
    expect(readdirSync(resolve(root, 'out'))).toEqual([]);
  });

  it('usage errors are exit 2 and list the exit statuses', () => {
    const r = nw(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "frobnicate"/);
    expect(r.err).toMatch(/--allow-paths/);
    expect(r.err).toMatch(/exit status: 0 ok; 1 a block failed; 2 invalid graph or arguments, or a file the graph may not\s+read; 3 internal error/);
    expect(nw(['run', '/no/such/graph.json', '--frob']).code).toBe(2);
    const help = nw(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/neurowire run <graph\.json> .*\[--allow-paths\]/);
    expect(help.out).toMatch(/neurowire validate <graph\.json> \[--allow-paths\]/);
    // --out where a file is: the user's to fix, exit 2 in words (not an internal error).
    const { root } = sandbox();
    writeFileSync(resolve(root, 'taken'), 'x');
    const taken = nw(['run', resolve(REPO, 'examples/point-network.graph.json'), '--out', resolve(root, 'taken')]);
    expect([taken.code, taken.err.trim()]).toEqual([2, `cannot write into ${resolve(root, 'taken')} (EEXIST: a file is in the way of a folder)`]);
    const dir = nw(['validate', tmpdir()]);
    expect([dir.code, dir.err]).toEqual([2, expect.stringMatching(/graph file .* which is a folder, not a file/)]);
  });
});
