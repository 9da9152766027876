/**
 * NEURON's fixed-step clock: t advances by dt/2 twice per step, in doubles, and
 * `continuerun(tstop)` steps while t < tstop − dt/2 (tools/neuron/EVENTS.md §1). Returns the
 * number of steps and the final t (ms), e.g. 40000 and 1000.0000000014466 for tstop 1000 at
 * dt 0.025.
 */
export function neuronTime(tstop: number, dt: number): { steps: number; tFinal: number } {
  let t = 0;
  let steps = 0;
  const ts = tstop - dt / 2;
  while (t < ts) {
    t += 0.5 * dt;
    t += 0.5 * dt;
    steps++;
  }
  return { steps, tFinal: t };
}
