/**
 * The NeuroWire side of a network case ("kind": "network", tools/neuron/README.md): the cells,
 * NetStims and NetCons as listed, run by src/core's event system; spikes per cell label and
 * per NetCon label.
 */
import { IntFire1, IntFire2, IntFire4, INTFIRE1_DEFAULTS, INTFIRE2_DEFAULTS, INTFIRE4_DEFAULTS, intFire4Factors } from '../../src/core/events/intfire.ts';
import { NetStim, NETSTIM_DEFAULTS } from '../../src/core/events/netstim.ts';
import { LegacyStream, Random123Stream } from '../../src/core/events/random.ts';
import { EventSystem, netConsOf, type ArtificialCell } from '../../src/core/events/system.ts';
import { CoreError } from '../../src/core/errors.ts';
import { neuronTime } from '../../src/core/time.ts';

export interface NetworkCaseFile {
  name: string;
  description?: string;
  kind: 'network';
  cells: Array<{ label: string; model: 'IntFire1' | 'IntFire2' | 'IntFire4'; params?: Record<string, number> }>;
  netstims?: Array<{ params?: Record<string, number>; seed?: number }>;
  netcons: Array<{ source: { cell: string } | { netstim: number }; target: { cell: string } | null; weight?: number; delay?: number; label?: string }>;
  run: { tstop: number; dt?: number };
}

export function runNetworkCase(c: NetworkCaseFile): { spikes: Record<string, Float64Array>; wallMs: number; events: number } {
  const w0 = performance.now();
  const index = new Map(c.cells.map((x, i) => [x.label, i]));
  const cells: ArtificialCell[] = c.cells.map((x) => {
    if (x.model === 'IntFire1') return new IntFire1({ ...INTFIRE1_DEFAULTS, ...x.params });
    if (x.model === 'IntFire2') return new IntFire2({ ...INTFIRE2_DEFAULTS, ...x.params });
    if (x.model === 'IntFire4') return new IntFire4(intFire4Factors({ ...INTFIRE4_DEFAULTS, ...x.params }));
    throw new CoreError('model', `unknown cell model ${(x as { model: string }).model}`);
  });
  const legacy = new LegacyStream(1);
  const stims = (c.netstims ?? []).map((ns, k) => new NetStim({ ...NETSTIM_DEFAULTS, ...ns.params }, ns.seed === undefined ? legacy : new Random123Stream(ns.seed, k, 0)));
  const C = cells.length;
  const cellOf = (label: string) => {
    const i = index.get(label);
    if (i === undefined) throw new CoreError('model', `unknown cell "${label}"`);
    return i;
  };
  const netcons = c.netcons.map((nc) => ({
    source: 'cell' in nc.source ? cellOf(nc.source.cell) : C + nc.source.netstim,
    target: nc.target === null ? -1 : cellOf(nc.target.cell),
    weight: nc.weight ?? 0,
    delay: nc.delay ?? 1,
  }));
  const sys = new EventSystem([...cells, ...stims], 0, 0, netConsOf(netcons));
  sys.initialize();
  sys.deliver(neuronTime(c.run.tstop, c.run.dt ?? 0.025).tFinal);
  const spikes: Record<string, Float64Array> = {};
  c.cells.forEach((x, i) => (spikes[x.label] = Float64Array.from(sys.spikes[i])));
  c.netcons.forEach((nc, k) => {
    if (nc.label !== undefined) spikes[nc.label] = Float64Array.from(sys.spikes[netcons[k].source]);
  });
  return { spikes, wallMs: performance.now() - w0, events: sys.delivered };
}
