/**
 * The simulation worker: runs the built-in tutorial model off the UI thread. A new request
 * cancels the one in flight (latest wins); the cancelled run really stops, because runAsync
 * yields between slices and checks its AbortSignal.
 */
import { compileModel } from '../core/cable/compile.ts';
import { discretize, segmentCount } from '../core/cable/discretize.ts';
import { isAbort } from '../core/errors.ts';
import { syntheticProjectionNeuron } from '../core/morphology/synthetic.ts';
import { tutorialScenario } from '../scenarios/tutorial.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const neuron = syntheticProjectionNeuron({ seed: 1 });
let inFlight: AbortController | null = null;

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const { id, params } = ev.data;
  inFlight?.abort();
  const ac = new AbortController();
  inFlight = ac;
  try {
    const sc = tutorialScenario(neuron.skeleton, neuron.connectors, neuron.soma, params);
    const disc = discretize(neuron.skeleton, sc.discretization);
    const engine = compileModel({ skeleton: neuron.skeleton, discretization: disc, Ra: sc.Ra, cm: sc.cm, mechanisms: sc.mechanisms, pointProcesses: sc.pointProcesses, recorders: sc.recorders });
    let last = 0;
    const res = await engine.runAsync({
      ...sc.run,
      recordEvery: 4,
      signal: ac.signal,
      onProgress: (fraction) => {
        if (fraction - last > 0.05 || fraction === 1) {
          last = fraction;
          post({ type: 'progress', id, fraction });
        }
      },
    });
    const buffers = [res.t.buffer, ...Object.values(res.traces).map((a) => a.buffer)];
    post({ type: 'done', id, t: res.t, traces: res.traces, wallMs: res.wallMs, sections: disc.sections.length, segments: segmentCount(disc), warnings: engine.warnings }, buffers);
  } catch (e) {
    if (!isAbort(e)) post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (inFlight === ac) inFlight = null;
  }
};
