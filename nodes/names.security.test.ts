/**
 * Names are data: trace labels and neuron names that are also names of JavaScript object
 * machinery (`__proto__`, `constructor`, `hasOwnProperty`, `toString`) behave as any other
 * name, and `t` (the time column) is refused as a trace label with a message.
 */
import { describe, expect, it } from 'vitest';
import { compartmentModel } from './compartment-model.ts';
import { currentClamp } from './current-clamp.ts';
import { insertMechanism } from './insert-mechanism.ts';
import { pointNetworkBlock } from './point-network.ts';
import { run } from './run.ts';
import { voltageRecorder } from './voltage-recorder.ts';
import { NEURON, PN, TUT, context, exec, execModel, selection } from './model-test-kit.ts';
import { readEdgeList } from '../src/core/network/edges.ts';
import { tracesCsv } from '../src/dataflow/csv.ts';
import { decodeValue, encodeValue } from '../src/worker/transfer.ts';
import type { ModelValue, NetworkValue, TracesValue } from './values.ts';

const HOSTILE = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'prototype'];

async function passiveModel(): Promise<ModelValue> {
  let m = await execModel(compartmentModel, { neuron: NEURON });
  m = await execModel(insertMechanism, { model: m }, { mechanism: 'pas' });
  return execModel(currentClamp, { model: m, where: selection([TUT.dendBase], 'the dendrite base') }, { start: 1, duration: 5, current: 0.1 });
}

describe('names are data', () => {
  it('a recorder labelled __proto__, constructor, … keeps its trace, its unit and its CSV column', async () => {
    let m = await passiveModel();
    for (const [k, label] of HOSTILE.entries()) {
      m = await execModel(voltageRecorder, { model: m, where: selection([[TUT.dendBase, TUT.axonTip, PN.soma][k % 3]], 'a node') }, { label });
    }
    const tr = (await exec(run, { model: m }, { tstop: 10 }, context())).traces as TracesValue;
    expect(Object.keys(tr.traces)).toEqual(HOSTILE);
    for (const label of HOSTILE) {
      expect(Object.prototype.hasOwnProperty.call(tr.traces, label)).toBe(true);
      expect(tr.traces[label]).toBeInstanceOf(Float64Array);
      expect(tr.traces[label].length).toBe(tr.t.length);
      expect(tr.units[label]).toBe('mV');
    }
    // Same node, same trace: __proto__ (k = 0) and toString (k = 3) both record the dendrite base.
    expect(Array.from(tr.traces["toString"])).toEqual(Array.from(tr.traces["__proto__"]));
    // The clamp depolarises the recorded dendrite base above rest by the end of the pulse.
    expect(Math.max(...tr.traces.__proto__)).toBeGreaterThan(-60 + 1);
    const header = tracesCsv(tr).split('\n')[0];
    expect(header).toBe(['t', ...HOSTILE].join(','));
  });

  it('a recorder may not be labelled t: the time column keeps the name', async () => {
    const m = await passiveModel();
    await expect(Promise.resolve().then(() => voltageRecorder.compute({ model: m, where: selection([PN.soma], 'the soma') }, { label: 't' }, context()))).rejects.toThrow(
      /label "t" is reserved for the time column/,
    );
  });

  it('network neurons named hasOwnProperty, __proto__, constructor get their own labels', async () => {
    const text = ['source,target,weight', '__proto__,hasOwnProperty,1', 'hasOwnProperty,constructor,1', 'constructor,__proto__,1'].join('\n');
    const edges = readEdgeList(text);
    const labelsCsv = ['id,label', '__proto__,P', 'hasOwnProperty,H'].join('\n');
    const net = (
      await exec(
        pointNetworkBlock,
        { edges: { kind: 'edges', edges, source: 'test' } },
        { model: 'IntFire1', delay: 1, seed: 1, labels: 'labels.csv' },
        context({ readText: async () => labelsCsv }),
      )
    ).network as NetworkValue;
    const idx = (n: string) => net.names.indexOf(n);
    expect(idx('__proto__')).toBeGreaterThanOrEqual(0);
    expect(net.labels[idx('__proto__')]).toBe('P');
    expect(net.labels[idx('hasOwnProperty')]).toBe('H');
    // Not in the labels file: labelled 'NA' as navis does, not a function from Object.prototype.
    expect(net.labels[idx('constructor')]).toBe('NA');
  });

  it('values keyed by hostile names cross the worker boundary intact (structured clone)', () => {
    const names = [...HOSTILE, '__skeleton', '\u0001__skeleton', '\u0001', ''];
    const traces = Object.fromEntries(names.map((n, k) => [n, Float64Array.of(k)]));
    const value = { kind: 'traces', traces, skeleton: NEURON.skeleton };
    const back = decodeValue(structuredClone(encodeValue(value))) as { traces: Record<string, Float64Array>; skeleton: unknown };
    expect(Object.keys(back.traces)).toEqual(names);
    names.forEach((n, k) => expect(Array.from(back.traces[n])).toEqual([k]));
    expect(back.skeleton).toBeInstanceOf(NEURON.skeleton.constructor);
  });
});
