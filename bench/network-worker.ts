/**
 * The worker's cost on a network run (issue 19 part 3): run-network on the generated
 * 25,000 × 3,000,000 network of bench/network-run.ts (IntFire4, 10 Hz Poisson background on
 * every neuron, 1000 ms at dt 0.1), in the Node block worker and in this thread, alternating;
 * wall and process CPU time per run, spikes checked equal. One JSON line at the end:
 *   {"bench":"network-worker","worker_s":[…],"thread_s":[…],"ratio"} (ratio: median worker / median thread; target ≤ 1.1)
 *   tsx bench/network-worker.ts            (NW_ORDER=w,t,w,t,w,t, the default, sets the order; w = worker, t = this thread)
 */
import { backgroundNoiseBlock } from '../nodes/background-noise.ts';
import { pointNetworkBlock } from '../nodes/point-network.ts';
import { runNetworkBlock } from '../nodes/run-network.ts';
import { runBlock, testContext } from '../nodes/test-context.ts';
import type { EdgesValue, NetworkValue, SpikesValue } from '../nodes/values.ts';
import { generatedNetwork } from './generated-network.ts';
import { nodeWorkerRunner } from '../src/worker/node-runner.ts';

/** bench/generated-network.ts's network as an edge-list block's value. */
function generated(): EdgesValue {
  const { n, source, target, weight } = generatedNetwork();
  return { kind: 'edges', edges: { names: Array.from({ length: n }, (_, i) => String(i)), source, target, weight, warnings: [] } };
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const edges = generated();
const bare = await runBlock<NetworkValue>(pointNetworkBlock, { edges }, { model: 'IntFire4', delay: 5, noise: 'random123', seed: 1 });
const net = await runBlock<NetworkValue>(backgroundNoiseBlock, { network: bare }, { neurons: '', frequency: 10, randomness: 1, independent: true });
const runner = nodeWorkerRunner();
const params = { duration: 1000, dt: 0.1 };
const times: Record<string, number[]> = { w: [], t: [] };
let ref: SpikesValue | null = null;
try {
  for (const mode of (process.env.NW_ORDER ?? 'w,t,w,t,w,t').split(',')) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const sp = mode === 'w' ? ((await runner(runNetworkBlock, { network: net }, params, testContext())).spikes as SpikesValue) : await runBlock<SpikesValue>(runNetworkBlock, { network: net }, params);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    if (ref) {
      const a = ref;
      sp.spikes.forEach((s, i) => {
        if (s.length !== a.spikes[i].length || s.some((x, j) => x !== a.spikes[i][j])) throw new Error(`spikes of neuron ${i} differ between runs`);
      });
    }
    ref ??= sp;
    (times[mode] ??= []).push(wall);
    const total = sp.spikes.reduce((n, s) => n + s.length, 0);
    console.log(`${mode === 'w' ? 'worker' : 'thread'}: ${wall.toFixed(2)} s wall, ${(cpu.user / 1e6).toFixed(2)} s user + ${(cpu.system / 1e6).toFixed(2)} s sys CPU; ${total} spikes, ${sp.events} events`);
  }
} finally {
  runner.close();
}
console.log(JSON.stringify({ bench: 'network-worker', worker_s: times.w, thread_s: times.t, ratio: +(median(times.w) / median(times.t)).toFixed(3) }));
