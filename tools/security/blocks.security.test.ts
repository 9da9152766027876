/** Regression tests for block bugs the graph-file fuzzer found (nodes/). */
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../src/core/errors.ts';
import { ratePlotBlock } from '../../nodes/rate-plot.ts';
import { rasterPlotBlock } from '../../nodes/raster-plot.ts';
import { spikeTableBlock } from '../../nodes/spike-table.ts';
import { stimulusBlock } from '../../nodes/stimulus.ts';
import { backgroundNoiseBlock } from '../../nodes/background-noise.ts';
import { pointNetworkBlock } from '../../nodes/point-network.ts';
import { computeChecked } from '../../nodes/test-context.ts';
import type { BlockDef, ComputeContext, Params } from '../../nodes/types.ts';
import type { SpikesValue } from '../../nodes/values.ts';

const ctx = { signal: new AbortController().signal, progress: () => {}, readText: async () => '', nodeId: 'x' } as ComputeContext;
const spikes: SpikesValue = { kind: 'spikes', names: ['A', 'B'], labels: ['A', 'B'], spikes: [Float64Array.of(1, 2), Float64Array.of(3)], stimuli: [], tstop: 200, tFinal: 200, events: 3, wallMs: 0, warnings: [] };

function defaults(def: BlockDef): Params {
  return Object.fromEntries(def.params.map((p) => [p.name, p.default])) as Params;
}

async function failure(def: BlockDef, inputs: Record<string, unknown>, params: Params = defaults(def)): Promise<unknown> {
  try {
    await computeChecked(def, inputs, params, ctx);
  } catch (e) {
    return e;
  }
  return null;
}

describe('blocks given what a hostile graph can produce', () => {
  it('rate plot: a bin of 1e-300 ms is refused in words naming the smallest usable bin (it was a RangeError)', async () => {
    const e = await failure(ratePlotBlock, { spikes }, { ...defaults(ratePlotBlock), bin: 1e-300 });
    expect(e).toBeInstanceOf(CoreError);
    expect((e as Error).message).toBe(
      'rate plot: a bin of 1e-300 ms over the 200 ms run makes 2.00e+302 bins for 2 neuron(s); at most 1,000,000 bins and 20,000,000 rates in all are plotted: choose a bin of at least 0.0002 ms',
    );
    const ok = (await ratePlotBlock.compute({ spikes }, { ...defaults(ratePlotBlock), bin: 0.0002 }, ctx)) as { figure: { csv: string } };
    expect(ok.figure.csv.split('\n')).toHaveLength(1_000_002);
  });

  it('a bypassed block upstream (no value on the input) is a message naming the block and socket, not a TypeError', async () => {
    for (const [def, socket] of [
      [stimulusBlock, 'network'],
      [backgroundNoiseBlock, 'network'],
      [pointNetworkBlock, 'edges'],
      [ratePlotBlock, 'spikes'],
      [rasterPlotBlock, 'spikes'],
      [spikeTableBlock, 'spikes'],
    ] as const) {
      const e = await failure(def, { [socket]: undefined });
      expect(e, def.type).toBeInstanceOf(CoreError);
      expect((e as Error).message, def.type).toMatch(new RegExp(`${def.title}: connect a ${socket} to its "${def.inputs[socket].label}" input`));
    }
  });
});
