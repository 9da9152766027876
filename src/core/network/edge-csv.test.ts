import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { EdgeCsvReader, fastNumber, readEdgeBytes, readEdgeChunks } from './edge-csv.ts';
import type { EdgeList } from './edge-builder.ts';
import { createRng } from '../random.ts';
import { sharedPath } from '../../../tools/shared-data.ts';

const LARVA = sharedPath('larva-connectome-winding2023/edges.csv');
const enc = new TextEncoder();

/**
 * The whole-file reader this module replaced (PapaParse rows → strings → Map per edge), kept
 * here as the reference the streaming reader must agree with (no options: sum, keep).
 */
function oldRead(text: string): { names: string[]; source: number[]; target: number[]; weight: number[]; line: number[] } {
  const parsed = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { newline: '\n', skipEmptyLines: false });
  const rows: string[][] = [];
  const lines: number[] = [];
  parsed.data.forEach((r, i) => {
    if (r.some((f) => f.trim() !== '')) {
      rows.push(r);
      lines.push(i + 1);
    }
  });
  const head = rows[0].map((h) => h.trim().toLowerCase());
  const [si, ti, wi] = ['source', 'target', 'weight'].map((c) => head.indexOf(c));
  const index = new Map<string, number>();
  const names: string[] = [];
  const id = (n: string) => {
    let i = index.get(n);
    if (i === undefined) index.set(n, (i = names.push(n) - 1));
    return i;
  };
  const seen = new Map<string, number>();
  const out = { names, source: [] as number[], target: [] as number[], weight: [] as number[], line: [] as number[] };
  for (let k = 1; k < rows.length; k++) {
    const a = id(rows[k][si].trim());
    const b = id(rows[k][ti].trim());
    const w = Number(rows[k][wi].trim());
    const prev = seen.get(`${a} ${b}`);
    if (prev !== undefined) {
      out.weight[prev] += w;
      continue;
    }
    seen.set(`${a} ${b}`, out.source.length);
    out.source.push(a);
    out.target.push(b);
    out.weight.push(w);
    out.line.push(lines[k]);
  }
  return out;
}

function plain(e: EdgeList) {
  return { names: e.names, source: Array.from(e.source), target: Array.from(e.target), weight: Array.from(e.weight), line: Array.from(e.line ?? []) };
}

/** Feed `bytes` in chunks whose sizes come from `size()`. */
function chunked(bytes: Uint8Array, size: () => number): EdgeList {
  const r = new EdgeCsvReader({ totalBytes: bytes.length });
  for (let i = 0; i < bytes.length; ) {
    const n = Math.max(1, size());
    r.push(bytes.slice(i, i + n));
    i += n;
  }
  return r.finish();
}

/** A messy but valid list: quoted ids with commas, CRLF, blank rows, duplicates, long ids, exponents. */
function messy(seed: number, rows: number): string {
  const rng = createRng(seed);
  const ids = ['A', '"B, the second"', '7', '720575940629970489', '007', ' 12 ', '"12"', 'ü-neuron', '"say ""hi"""'];
  const nums = ['1', '-0.5', '2.5e-3', '0.012345678901234567', '1E2', '+3', '.25', '"4"', ' 6 '];
  const eol = ['\n', '\r\n', '\r'];
  const out = ['Source,x,"Target",WEIGHT,extra' + '\r\n'];
  for (let k = 0; k < rows; k++) {
    if (rng.uniform() < 0.05) out.push(rng.uniform() < 0.5 ? ',,\n' : '   \r\n');
    out.push(`${ids[rng.int(0, ids.length - 1)]},x,${ids[rng.int(0, ids.length - 1)]},${nums[rng.int(0, nums.length - 1)]},"z\nz"`);
    out.push(eol[rng.int(0, 2)]);
  }
  return out.join('');
}

describe('streaming CSV edge reader', () => {
  it('parses plain decimals exactly as Number() does, and declines what it cannot parse exactly', () => {
    const cases = ['0', '-0', '1', '0.1', '-2.5e-3', '1E2', '+3', '.25', '5.', '123456789012345', '9007199254740991', '1e22', '1e-22', '0.0000001'];
    for (const c of cases) expect(Object.is(fastNumber(enc.encode(c), 0, c.length), Number(c))).toBe(true);
    for (const c of ['', '.', '1e', '0x10', '1e23', '12345678901234567890', 'NaN', '1_0', '1 ']) expect(fastNumber(enc.encode(c), 0, c.length)).toBeNaN();
  });

  it('gives the old reader’s result on quoted fields, CRLF, lone CR, blank rows, duplicates and wide ids', () => {
    const text = messy(3, 400);
    const ref = oldRead(text);
    const e = readEdgeBytes(enc.encode(text));
    expect(plain(e)).toEqual(ref);
    // "12", " 12 " and the quoted "12" are one neuron; 007 is not 7.
    expect(e.names.filter((n) => n === '12')).toHaveLength(1);
    expect(e.names).toContain('007');
    expect(e.names).toContain('720575940629970489');
    expect(e.names).toContain('B, the second');
    expect(e.names).toContain('say "hi"');
  });

  it('any chunking gives the identical list: 1-byte chunks and random sizes', () => {
    const bytes = enc.encode(messy(5, 150));
    const whole = plain(readEdgeBytes(bytes));
    expect(plain(chunked(bytes, () => 1))).toEqual(whole);
    const rng = createRng(9);
    for (let r = 0; r < 5; r++) expect(plain(chunked(bytes, () => rng.int(1, 200)))).toEqual(whole);
  });

  it('CRLF split between chunks and a BOM split over three chunks', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('source,target,weight\r\nA,B,1\r\nB,A,2\r\n')]);
    const e = chunked(bytes, () => 1);
    expect(e.names).toEqual(['A', 'B']);
    expect(Array.from(e.weight)).toEqual([1, 2]);
    expect(Array.from(e.line!)).toEqual([2, 3]);
  });

  it('hand-counted: 3 duplicates summed in file order, the CSR groups by source in file order', () => {
    // Edges (numbers after merging): 0:A→B 1+2+4=7, 1:B→C 0.5, 2:A→C 3, 3:C→A 1+1=2, 4:A→A 9.
    const text = 'source,target,weight\nA,B,1\nB,C,0.5\nA,B,2\nA,C,3\nC,A,1\nA,B,4\nC,A,1\nA,A,9\n';
    const e = readEdgeBytes(enc.encode(text));
    expect(e.names).toEqual(['A', 'B', 'C']);
    expect(Array.from(e.source)).toEqual([0, 1, 0, 2, 0]);
    expect(Array.from(e.target)).toEqual([1, 2, 2, 0, 0]);
    expect(Array.from(e.weight)).toEqual([7, 0.5, 3, 2, 9]);
    expect(Array.from(e.line!)).toEqual([2, 3, 5, 6, 9]);
    expect(e.warnings).toEqual(['3 duplicate edge(s) merged into earlier ones by summing their weights']);
    expect(Array.from(e.csr!.offsets)).toEqual([0, 3, 4, 5]);
    expect(Array.from(e.csr!.targets)).toEqual([1, 2, 0, 2, 0]);
    expect(Array.from(e.csr!.weights)).toEqual([7, 3, 9, 0.5, 2]);
  });

  it('a list already in source order shares its columns with the CSR (no copy); any other order gets its own', () => {
    // Neurons 1, 2, 3 numbered 0, 1, 2; sources 0, 0, 1, 2 in file order.
    const e = readEdgeBytes(enc.encode('source,target,weight\n1,2,1\n1,3,2\n2,3,3\n3,1,4\n'));
    expect(Array.from(e.csr!.offsets)).toEqual([0, 2, 3, 4]);
    expect(e.csr!.targets).toBe(e.target);
    expect(e.csr!.weights).toBe(e.weight);
    // Neurons 2, 3, 1 numbered 0, 1, 2: edges 0→1 w 3, 2→0 w 1, 0→2 w 5.
    const u = readEdgeBytes(enc.encode('source,target,weight\n2,3,3\n1,2,1\n2,1,5\n'));
    expect(Array.from(u.csr!.offsets)).toEqual([0, 2, 2, 3]);
    expect(Array.from(u.csr!.targets)).toEqual([1, 2, 0]);
    expect(Array.from(u.csr!.weights)).toEqual([3, 5, 1]);
    expect(u.csr!.targets).not.toBe(u.target);
  });

  it('self-loops dropped keep the line numbers of the other edges; errors name the earliest line', () => {
    const text = 'source,target,weight\nA,A,1\nA,B,1\n\nB,B,2\nB,A,3\n';
    const d = readEdgeBytes(enc.encode(text), { selfLoops: 'drop' });
    expect(Array.from(d.line!)).toEqual([3, 6]);
    expect(d.warnings).toEqual(['2 self-loop(s) dropped']);
    // A duplicate on line 4 comes before the self-loop on line 5.
    expect(() => readEdgeBytes(enc.encode('source,target,weight\nA,B,1\nC,D,1\nA,B,1\nC,C,1\n'), { selfLoops: 'error', duplicates: 'error' })).toThrow(
      /line 4: edge A → B appears twice \(first on line 2\)/,
    );
    expect(() => readEdgeBytes(enc.encode('source,target,weight\nA,B,1\nC,C,1\nA,B,1\n'), { selfLoops: 'error', duplicates: 'error' })).toThrow(/line 3: self-loop C → C/);
  });

  it('refuses NaN and missing weights, unknown neurons and unclosed quotes with the line', () => {
    expect(() => readEdgeBytes(enc.encode('source,target,weight\r\n1,2,0.5\r\n\r\n2,3,NaN\r\n'))).toThrow(/edge list line 4: weight "NaN" of 2 → 3 is not a number/);
    expect(() => readEdgeBytes(enc.encode('source,target,weight\n1,2\n'))).toThrow(/line 2: weight "" of 1 → 2 is not a number/);
    expect(() => readEdgeBytes(enc.encode('source,target,weight\n1,2,1\n2,33,1\n'), { neurons: ['1', '2', '3'], name: 'x.csv' })).toThrow(
      /edge list x\.csv line 3: neuron "33" is not in the neuron list/,
    );
    const withList = readEdgeBytes(enc.encode('source,target,weight\n3,1,1\n'), { neurons: ['1', '2', '3'] });
    expect(withList.names).toEqual(['1', '2', '3']);
    expect(Array.from(withList.source)).toEqual([2]);
    const r = new EdgeCsvReader();
    r.push(enc.encode('source,target,weight\nA,"B'));
    expect(() => r.push(new Uint8Array(1 << 20).fill(65))).toThrow(/line 2: a row longer than 1 MiB/);
  });

  it('a list too large for memory is refused with the estimate, not a crash', () => {
    const r = new EdgeCsvReader({ name: 'huge.csv', totalBytes: 2 ** 40 });
    // 2⁴⁰ bytes at ~10 bytes per row: more edges than a typed array may hold.
    const rows = Array.from({ length: 5000 }, (_, k) => `${k},${k + 1},1`).join('\n');
    expect(() => r.push(enc.encode(`source,target,weight\n${rows}\n`))).toThrow(/^edge list huge\.csv: not enough memory for [\d,]+ edges \(about [\d,]+ MiB as columns; 5,000 read so far\)$/);
  });

  it('reads from an async iterable of chunks, with progress in bytes', async () => {
    const bytes = enc.encode('source,target,weight,delay\n1,2,0.5,1.5\n2,1,0.25,3\n');
    const seen: number[] = [];
    async function* gen() {
      yield bytes.subarray(0, 10);
      yield bytes.subarray(10);
    }
    const e = await readEdgeChunks(gen(), { onProgress: (b) => seen.push(b) });
    expect(seen).toEqual([10, bytes.length]);
    expect(Array.from(e.delay!)).toEqual([1.5, 3]);
    expect(Array.from(e.csr!.delays!)).toEqual([1.5, 3]);
  });

  it('stops with an aborted error when its signal is aborted between chunks', async () => {
    const ac = new AbortController();
    async function* gen() {
      yield enc.encode('source,target,weight\n1,2,1\n');
      ac.abort();
      yield enc.encode('2,3,1\n');
    }
    await expect(readEdgeChunks(gen(), { signal: ac.signal })).rejects.toMatchObject({ code: 'aborted' });
  });

  it.skipIf(!existsSync(LARVA))('the larva connectome (../shared/data): same list as the old reader, in 64 KiB chunks too', () => {
    const bytes = readFileSync(LARVA);
    const ref = oldRead(bytes.toString('utf8'));
    const e = chunked(new Uint8Array(bytes), () => 65536);
    expect(plain(e)).toEqual(ref);
    expect(e.source.length).toBe(110677);
  });
});
