/**
 * `stimulus`: spike trains driving some neurons of a point network, as navis's
 * `PointNetwork.add_stimulus` makes them (tools/neuron/EVENTS.md §7): per neuron a NetStim
 * (interval 1000/f ms, number trunc(duration·f/1000), noise = randomness) and a NetCon with
 * delay 0 and the given weight.
 */
import Papa from 'papaparse';
import { CoreError } from '../src/core/errors.ts';
import type { StimulusSpec } from '../src/core/network/network.ts';
import type { BlockDef, Params } from './types.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { NetworkValue } from './values.ts';
import { FRACTION } from './quantities.ts';

/**
 * Neuron indices from a comma-separated list of names (empty: every neuron, in network order).
 * Names are matched exactly after trimming; `what` starts the error message.
 */
export function neuronsByName(net: NetworkValue, list: string, what: string): { neurons: number[]; warnings: string[] } {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) return { neurons: net.names.map((_, i) => i), warnings: [] };
  const index = new Map(net.names.map((n, i) => [n, i]));
  const neurons: number[] = [];
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const n of names) {
    const i = index.get(n);
    if (i === undefined) {
      const some = net.names.slice(0, 8).join(', ') + (net.names.length > 8 ? `, … (${net.names.length} neurons)` : '');
      throw new CoreError('input', `${what}: neuron "${n}" is not in the network (it has ${some})`);
    }
    if (seen.has(n)) repeated.push(n);
    seen.add(n);
    neurons.push(i);
  }
  // navis adds one stimulus per listed id, repeats included: kept, but worth a word.
  const warnings = repeated.length ? [`${what}: ${repeated.join(', ')} listed more than once, so driven more than once`] : [];
  return { neurons, warnings };
}

/**
 * The checks the parameter specs cannot make, as they involve two parameters: exactly one of
 * stop and duration, and a stop after the start.
 */
function checkTimes(st: StimulusSpec, what: string): void {
  if ((st.stop === undefined) === (st.duration === undefined)) {
    throw new CoreError('input', `${what}: give either stop or duration (${st.stop === undefined ? 'neither is set' : 'both are set'})`);
  }
  if (st.stop !== undefined && !(st.stop > st.start)) throw new CoreError('input', `${what}: stop (${st.stop} ms) must be after start (${st.start} ms)`);
}

/** A new network value with one more stimulus (the input is left as it is). */
export function withStimulus(net: NetworkValue, st: StimulusSpec, warnings: string[]): NetworkValue {
  return { ...net, stimuli: [...net.stimuli, st], warnings: [...net.warnings, ...warnings] };
}

/** stop and duration: empty or 0 means "not given", as navis tests them by truthiness (network.py, add_stimulus). */
const optionalTime = (v: number | null): number | undefined => (v === null || v === 0 ? undefined : v);

const MODES = ['one', 'schedule'] as const;
/** Shown only for a single stimulus. */
const ONE = { param: 'mode', equals: ['one'] };
const SCHEDULE_COLUMNS = ['neurons', 'start', 'stop', 'frequency', 'randomness', 'weight', 'label'] as const;
/** A new schedule: two rounds into A, as the tutorial drives its network. */
const SCHEDULE_EXAMPLE = 'neurons,start,stop,frequency,randomness,weight,label\nA,100,300,100,0,1,round 1\nA,600,800,100,0,1,round 2\n';

export const stimulusBlock: BlockDef = {
  type: 'stimulus',
  title: 'Stimulus',
  equivalents: 'navis: net.add_stimulus(start, stop, frequency, randomness, targets, weight); NEURON: h.NetStim + h.NetCon',
  aliases: ['add_stimulus', 'net.add_stimulus', 'NetStim'],
  category: 'network',
  exportable: true,
  description: 'Spike trains (NetStims) driving some neurons of a point network, as navis’s add_stimulus.',
  inputs: { network: { type: 'network', label: 'network' } },
  outputs: { network: { type: 'network', label: 'network' } },
  params: [
    {
      name: 'mode',
      label: 'stimuli',
      kind: 'enum',
      options: MODES,
      default: 'one',
      help: 'one: the stimulus of the fields below. schedule: one stimulus per row of the table (neurons, start, stop, frequency, randomness, weight, label), e.g. the tutorial’s rounds of input, edited here or pasted from a spreadsheet.',
    },
    {
      name: 'schedule',
      label: 'schedule',
      kind: 'string',
      default: SCHEDULE_EXAMPLE,
      multiline: true,
      columns: SCHEDULE_COLUMNS,
      help: 'One stimulus per row: neurons (names separated by spaces or commas; empty: every neuron), start and stop (ms), frequency (Hz), randomness (0–1), weight, label (optional). The trains are independent per neuron as "independent trains" says.',
      visibleWhen: { param: 'mode', equals: ['schedule'] },
    },
    {
      name: 'neurons',
      label: 'neurons',
      kind: 'string',
      default: 'A',
      help: 'Comma-separated neuron names (ids as in the edge list), e.g. "A" or "29, 8419602". Empty: every neuron.',
      visibleWhen: ONE,
    },
    { name: 'start', softMin: 0, softMax: 5000, label: 'start', kind: 'number', unit: 'ms', default: 100, min: 0, max: 1e7, help: 'Time of the first stimulus spike (with randomness 0).', visibleWhen: ONE },
    {
      name: 'stop',
      softMin: 0, softMax: 5000,
      label: 'stop',
      kind: 'number',
      unit: 'ms',
      default: 1000,
      min: 0,
      max: 1e10,
      optional: true,
      help: 'End of the stimulus. Give either stop or duration, not both (empty or 0 = not given, as in navis); the train has trunc((stop − start) · frequency / 1000) spikes.',
      visibleWhen: ONE,
    },
    {
      name: 'duration',
      softMin: 0, softMax: 5000,
      label: 'duration',
      kind: 'number',
      unit: 'ms',
      default: 0,
      min: 0,
      max: 1e10,
      optional: true,
      help: 'Length of the stimulus, instead of stop (empty or 0 = not given, as in navis; set exactly one of the two).',
      visibleWhen: ONE,
    },
    { name: 'frequency', softMin: 0, softMax: 500, label: 'frequency', kind: 'number', unit: 'Hz', default: 100, min: 0, exclusive: true, max: 1e4, help: 'Mean spike rate of the train: the NetStim interval is 1000 / frequency ms.', visibleWhen: ONE },
    {
      name: 'randomness',
      label: 'randomness',
      ...FRACTION,
      default: 0,
      help: 'NetStim noise: 0 regular intervals, 1 Poisson; in between, a fixed part (1 − randomness) of the interval plus an exponential part. The tutorial uses 0; navis’s default is 0.5.',
      visibleWhen: ONE,
    },
    {
      name: 'independent',
      label: 'independent trains',
      kind: 'boolean',
      default: true,
      help: 'On: each neuron gets its own NetStim. Off: one NetStim drives all listed neurons at the same times. (navis’s shared NetStim uses the frequency as its interval in ms — a bug that is not reproduced here: the interval is 1000 / frequency in both cases.)',
    },
    {
      name: 'weight',
      softMin: -2, softMax: 2,
      label: 'weight',
      kind: 'number',
      unit: '',
      default: 1,
      min: -100,
      max: 100,
      help: 'NetCon weight from the stimulus to each neuron (navis: 1, meant to make every stimulus spike trigger a spike — IntFire1 at rest needs a little more, as it fires only when its state exceeds 1); negative inhibits.',
      visibleWhen: ONE,
    },
    { name: 'label', label: 'label', kind: 'string', default: '', help: 'Name shown in plots (shaded stimulus windows). Empty: the neurons and the frequency.', visibleWhen: ONE },
  ],
  compute(inputs, params: Params, ctx) {
    // A bypassed point-network upstream passes nothing: a message, not a TypeError.
    const net: NetworkValue = requireInput(inputs, 'network', 'network', stimulusBlock);
    const p = paramValues(stimulusBlock, params);
    if (p.choice('mode', MODES) === 'schedule') return { network: scheduled(net, p.string('schedule'), p.boolean('independent'), ctx.nodeId) };
    const list = p.string('neurons');
    const frequency = p.number('frequency');
    const label = p.string('label').trim() || `${list.trim() || 'all'} ${frequency} Hz`;
    const what = `stimulus "${label}" (block ${ctx.nodeId})`;
    const { neurons, warnings } = neuronsByName(net, list, what);
    const stop = optionalTime(p.optionalNumber('stop'));
    const duration = optionalTime(p.optionalNumber('duration'));
    const st: StimulusSpec = {
      neurons,
      start: p.number('start'),
      // Only the given one of stop/duration is a key, so the value says exactly what was set.
      ...(stop !== undefined ? { stop } : {}),
      ...(duration !== undefined ? { duration } : {}),
      frequency,
      randomness: p.number('randomness'),
      independent: p.boolean('independent'),
      weight: p.number('weight'),
      label,
    };
    checkTimes(st, what);
    return { network: withStimulus(net, st, warnings) };
  },
};

/** The network with one stimulus per row of a schedule table (CSV text with a header). */
function scheduled(net: NetworkValue, text: string, independent: boolean, nodeId: string): NetworkValue {
  const parsed = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { newline: '\n', skipEmptyLines: false });
  const rows = parsed.data.map((r, i) => ({ r, line: i + 1 })).filter(({ r }) => r.some((c) => c.trim() !== ''));
  if (!rows.length) throw new CoreError('input', `stimulus block ${nodeId}: the schedule is empty (give a header and one row per stimulus)`);
  const head = rows[0].r.map((h) => h.trim().toLowerCase());
  const col = (name: string, required: boolean) => {
    const i = head.indexOf(name);
    if (i < 0 && required) throw new CoreError('input', `stimulus block ${nodeId}: the schedule has no column "${name}" (its header is ${rows[0].r.join(',')})`);
    return i;
  };
  const [ni, si, ei, fi, ri, wi, li] = [col('neurons', true), col('start', true), col('stop', true), col('frequency', true), col('randomness', false), col('weight', false), col('label', false)];
  if (rows.length === 1) throw new CoreError('input', `stimulus block ${nodeId}: the schedule has no rows under its header`);
  let out = net;
  for (const { r, line } of rows.slice(1)) {
    const cell = (i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
    const num = (i: number, name: string, fallback?: number): number => {
      const t = cell(i);
      if (t === '' && fallback !== undefined) return fallback;
      const x = t === '' ? NaN : Number(t);
      if (!Number.isFinite(x)) throw new CoreError('input', `stimulus block ${nodeId}: schedule line ${line}: ${name} "${t}" is not a number`);
      return x;
    };
    const frequency = num(fi, 'frequency');
    const list = cell(ni).split(/[\s,;]+/).filter(Boolean).join(', ');
    const label = cell(li) || `${list || 'all'} ${frequency} Hz`;
    const what = `stimulus "${label}" (block ${nodeId}, schedule line ${line})`;
    const { neurons, warnings } = neuronsByName(out, list, what);
    const st: StimulusSpec = { neurons, start: num(si, 'start'), stop: num(ei, 'stop'), frequency, randomness: num(ri, 'randomness', 0), independent, weight: num(wi, 'weight', 1), label };
    if (!(frequency > 0)) throw new CoreError('input', `${what}: frequency must be a positive number of Hz, got ${frequency}`);
    if (!(st.randomness >= 0 && st.randomness <= 1)) throw new CoreError('input', `${what}: randomness must be between 0 and 1, got ${st.randomness}`);
    checkTimes(st, what);
    out = withStimulus(out, st, warnings);
  }
  return out;
}
