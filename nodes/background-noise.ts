/**
 * `background-noise`: noisy spike trains for the whole run, as navis's
 * `PointNetwork.add_background_noise` (= add_stimulus from 0 to 9999999999 ms, weight 1;
 * tools/neuron/EVENTS.md §7).
 */
import { backgroundNoise } from '../src/core/network/network.ts';
import { neuronsByName, withStimulus } from './stimulus.ts';
import type { BlockDef, Params } from './types.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { NetworkValue } from './values.ts';
import { FRACTION } from './quantities.ts';

export const backgroundNoiseBlock: BlockDef = {
  type: 'background-noise',
  title: 'Background noise',
  equivalents: 'navis: net.add_background_noise(frequency, randomness, targets); NEURON: h.NetStim (noise) + h.NetCon',
  aliases: ['add_background_noise', 'net.add_background_noise', 'NetStim'],
  category: 'network',
  exportable: true,
  description: 'Noisy spike trains into some or all neurons for the whole run, as navis’s add_background_noise.',
  inputs: { network: { type: 'network', label: 'network' } },
  outputs: { network: { type: 'network', label: 'network' } },
  params: [
    { name: 'neurons', label: 'neurons', kind: 'string', default: '', help: 'Comma-separated neuron names (ids as in the edge list). Empty: every neuron.' },
    { name: 'frequency', softMin: 0, softMax: 200, label: 'frequency', kind: 'number', unit: 'Hz', default: 10, min: 0, exclusive: true, max: 1e4, help: 'Mean rate of each noise train (NetStim interval 1000 / frequency ms).' },
    {
      name: 'randomness',
      label: 'randomness',
      ...FRACTION,
      default: 0.5,
      help: 'NetStim noise: 0 regular, 1 Poisson (navis’s default 0.5).',
    },
    {
      name: 'independent',
      label: 'independent trains',
      kind: 'boolean',
      default: true,
      help: 'On: each neuron gets its own noise train. Off: one train drives all of them at the same times (interval 1000 / frequency; navis’s shared-train bug, interval = frequency, is not reproduced).',
    },
  ],
  compute(inputs, params: Params, ctx) {
    const net: NetworkValue = requireInput(inputs, 'network', 'network', backgroundNoiseBlock);
    const what = `background noise (block ${ctx.nodeId})`;
    const p = paramValues(backgroundNoiseBlock, params);
    const { neurons, warnings } = neuronsByName(net, p.string('neurons'), what);
    const st = backgroundNoise(neurons, p.number('frequency'), p.number('randomness'), p.boolean('independent'));
    return { network: withStimulus(net, st, warnings) };
  },
};
