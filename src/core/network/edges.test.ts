import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { bySource, countsToWeights, readEdgeList } from './edges.ts';
import { CoreError } from '../errors.ts';
import { sharedPath } from '../../../tools/shared-data.ts';

const LARVA = sharedPath('larva-connectome-winding2023/edges.csv');

describe('edge lists', () => {
  it('reads the tutorial toy network and numbers neurons by first appearance', () => {
    const e = readEdgeList('source,target,weight\nA,C,0.5\nB,C,-1\n');
    expect(e.names).toEqual(['A', 'C', 'B']);
    expect(Array.from(e.source)).toEqual([0, 2]);
    expect(Array.from(e.target)).toEqual([1, 1]);
    expect(Array.from(e.weight)).toEqual([0.5, -1]);
    expect(Array.from(e.line!)).toEqual([2, 3]);
  });

  it('sums duplicates (stated in a warning) or rejects them; keeps, drops or rejects self-loops', () => {
    const text = 'source,target,weight\nA,B,1\nA,A,2\nA,B,3\n';
    const sum = readEdgeList(text);
    expect(Array.from(sum.weight)).toEqual([4, 2]);
    expect(sum.warnings).toEqual(['1 duplicate edge(s) merged into earlier ones by summing their weights']);
    expect(() => readEdgeList(text, { duplicates: 'error' })).toThrow(/line 4: edge A → B appears twice \(first on line 2\)/);
    const dropped = readEdgeList(text, { selfLoops: 'drop' });
    expect(dropped.source.length).toBe(1);
    expect(dropped.warnings[0]).toBe('1 self-loop(s) dropped');
    expect(() => readEdgeList(text, { selfLoops: 'error' })).toThrow(/line 3: self-loop A → A/);
  });

  it('gives clear errors for bad input', () => {
    expect(() => readEdgeList('source,target\nA,B\n')).toThrow(CoreError);
    expect(() => readEdgeList('source,target\nA,B\n')).toThrow(/line 1: missing column "weight"/);
    expect(() => readEdgeList('source,target,weight\nA,B,x\n')).toThrow(/line 2: weight "x" of A → B is not a number/);
    expect(() => readEdgeList('source,target,weight\nA,B,NaN\n')).toThrow(/line 2: weight "NaN"/);
    expect(() => readEdgeList('source,target,weight\nA,,1\n')).toThrow(/line 2: empty source or target/);
    expect(() => readEdgeList('source,target,weight\nA,Z,1\n', { neurons: ['A', 'B'] })).toThrow(/line 2: neuron "Z" is not in the neuron list/);
    expect(() => readEdgeList('')).toThrow(/empty/);
  });

  it('counts → weights: count/100 capped at 1, sign kept', () => {
    expect(Array.from(countsToWeights([1, 50, 100, 250, -30]))).toEqual([0.01, 0.5, 1, 1, -0.3]);
  });

  it('groups edges by source (CSR)', () => {
    const e = readEdgeList('source,target,weight\nA,B,1\nC,A,1\nA,C,1\nB,C,1\n');
    const { start, order } = bySource(e);
    expect(Array.from(start)).toEqual([0, 2, 3, 4]);
    expect(Array.from(order)).toEqual([0, 2, 3, 1]);
  });

  it.skipIf(!existsSync(LARVA))('reads the larva connectome: 2952 neurons reached by 110,677 edges, 537 self-loops (../shared/data)', () => {
    const e = readEdgeList(readFileSync(LARVA, 'utf8'));
    expect(e.source.length).toBe(110677);
    let loops = 0;
    let syn = 0;
    for (let k = 0; k < e.source.length; k++) {
      if (e.source[k] === e.target[k]) loops++;
      syn += e.weight[k];
    }
    expect(loops).toBe(537);
    expect(syn).toBe(352611);
    expect(e.names.length).toBeLessThanOrEqual(2952);
  });
});
