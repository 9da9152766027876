/**
 * The files `neurowire run` writes for hostile block ids and trace labels: only safe names inside
 * the output folder, `t` never twice in a header, `__proto__` kept as a key of summary.json.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { summaryJson, writeOutputs } from './outputs.ts';
import { traceColumns, tracesCsv } from '../dataflow/csv.ts';
import { safeFileNames } from '../dataflow/safe-names.ts';
import type { TracesValue } from '../../nodes/values.ts';

/** Ids a shared graph may carry (the CLI's validator refuses most; the writer must hold anyway). */
const HOSTILE_IDS = ['../escape', '/etc/cron.d/x', 'a\u0000b', 'line\nbreak', '..', '.', 'CON', 'con', 'x'.repeat(300), '__proto__', 'run', 'Run', 'ünï', '\u2028', ''];

function traces(labels: string[]): TracesValue {
  const tr = Object.create(null) as Record<string, Float64Array>;
  const units = Object.create(null) as Record<string, string>;
  labels.forEach((l, k) => {
    tr[l] = Float64Array.from([k, k + 0.5, k + 1]);
    units[l] = 'mV';
  });
  return { kind: 'traces', t: Float64Array.from([0, 0.025, 0.05]), traces: tr, units, spikes: {}, run: { tstop: 0.05, v_init: -65, dt: 0.025, celsius: 6.3 } } as TracesValue;
}

describe('run output files', () => {
  it('hostile block ids give distinct safe names, and every file lands inside the output folder', () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'nw-out-sec-'));
    const names = safeFileNames(HOSTILE_IDS);
    const written: string[] = [];
    for (const id of HOSTILE_IDS) written.push(...writeOutputs(dir, names.get(id)!, traces(['v'])).files);
    // One CSV per id, none overwritten (case-insensitively distinct: Run/run on macOS).
    expect(new Set(written.map((f) => f.toLowerCase())).size).toBe(HOSTILE_IDS.length);
    expect(readdirSync(dir).sort()).toEqual([...written].sort());
    for (const f of written) expect(f).toMatch(/^[A-Za-z0-9_-]{1,100}\.csv$/);
    // Of Run and run (one file on macOS) exactly one keeps its own name.
    expect([names.get('Run'), names.get('run')].filter((n) => n === 'Run' || n === 'run')).toHaveLength(1);
    expect(readFileSync(resolve(dir, `${names.get('../escape')}.csv`), 'utf8').split('\n')[0]).toBe('t,v');
  });

  it('writeOutputs refuses a name that is not a safe file name (a caller that forgot safeFileNames)', () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'nw-out-sec-'));
    for (const stem of ['../x', 'a/b', 'a.b', '', 'x'.repeat(101), 'a\u0000']) {
      expect(() => writeOutputs(dir, stem, traces(['v']))).toThrow(/is not a safe file name/);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a trace labelled t gets its own column name and a warning; the time column keeps t', () => {
    expect(traceColumns(['soma', 't', 'axon'])).toEqual(['soma', 't_1', 'axon']);
    expect(traceColumns(['t', 't_1', 't_2'])).toEqual(['t_3', 't_1', 't_2']);
    const tr = traces(['t', 'soma']);
    const csv = tracesCsv(tr).split('\n');
    expect(csv[0]).toBe('t,t_1,soma');
    // The time column is time (0.025 ms), the renamed column is the trace (0.5).
    expect(csv[2]).toBe('0.025,0.5,1.5');
    const dir = mkdtempSync(resolve(tmpdir(), 'nw-out-sec-'));
    const w = writeOutputs(dir, 'run', tr);
    expect(w.files).toEqual(['run.csv']);
    expect(w.warnings).toEqual(['the trace labelled "t" is the column "t_1" of run.csv ("t" is the time column)']);
    expect(readFileSync(resolve(dir, 'run.csv'), 'utf8').split('\n')[0]).toBe('t,t_1,soma');
  });

  it('trace labels that are object machinery or CSV syntax stay one column each', () => {
    const labels = ['__proto__', 'constructor', 'hasOwnProperty', 'a,b', 'say "hi"', 'cr\rlf\n'];
    const header = tracesCsv(traces(labels)).split('\n')[0];
    expect(header).toBe('t,__proto__,constructor,hasOwnProperty,"a,b","say ""hi""","cr\rlf');
  });

  it('summary.json keeps a block __proto__ as an ordinary key, in graph order', () => {
    const blocks = new Map<string, unknown>([
      ['load', { ok: true }],
      ['__proto__', { type: 'run', ok: true, files: ['__proto__.csv'] }],
      ['constructor', { ok: false }],
    ]);
    const text = summaryJson({ graph: 'g.json', startup_ms: null, total_ms: 1 }, blocks);
    const parsed = JSON.parse(text) as { blocks: Record<string, unknown> };
    expect(Object.keys(parsed.blocks)).toEqual(['load', '__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(parsed.blocks, '__proto__')?.value).toEqual({ type: 'run', ok: true, files: ['__proto__.csv'] });
  });
});
