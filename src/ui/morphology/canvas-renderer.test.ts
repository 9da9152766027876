/**
 * The morphology renderer on a recording 2-D context (no browser): what it draws for a frame,
 * the colours and values it reports, picking, and the time bar's playback clock.
 */
import { describe, expect, it } from 'vitest';
import { NEURON, PN } from '../../../nodes/model-test-kit.ts';
import { morphologyData } from '../../../nodes/morphology-view.ts';
import { d, last, p, sk, t, traces } from './ramp-fixture.ts';
import { MorphologyRenderer, type DrawView } from './canvas-renderer.ts';
import { colourOfIndex, fitTransform, bounds, frameBuckets, valueAtFrame } from './render-model.ts';
import { advancePlay, RUN_SECONDS } from './time-bar.ts';

type Op = { op: string; args: number[]; strokeStyle: string; fillStyle: string; lineWidth: number };

/** The part of CanvasRenderingContext2D the renderer uses, recording every call with the style in force. */
function recordingContext(): { ctx: CanvasRenderingContext2D; ops: Op[] } {
  const ops: Op[] = [];
  const state = { strokeStyle: '', fillStyle: '', lineWidth: 1, lineCap: 'butt', lineJoin: 'miter', globalAlpha: 1 };
  const rec =
    (op: string) =>
    (...args: number[]) =>
      void ops.push({ op, args, strokeStyle: state.strokeStyle, fillStyle: state.fillStyle, lineWidth: state.lineWidth });
  const ctx = Object.assign(state, {
    setTransform: rec('setTransform'),
    fillRect: rec('fillRect'),
    beginPath: rec('beginPath'),
    moveTo: rec('moveTo'),
    lineTo: rec('lineTo'),
    arc: rec('arc'),
    rect: rec('rect'),
    closePath: rec('closePath'),
    stroke: rec('stroke'),
    fill: rec('fill'),
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, ops };
}

// The ramp fixture: the soma ramps from -70 mV by 10 mV per frame; the last node is constant 20 mV.
const W = 400;
const H = 300;
const view = (frame: number, hoverRow = -1): DrawView => ({ transform: fitTransform(bounds(d.x, d.y), W, H, d.flipVertical), width: W, height: H, dpr: 2, frame, hoverRow, lineWidth: null });

describe('morphology canvas renderer', () => {
  it('clears the canvas and draws nothing without data', () => {
    const r = new MorphologyRenderer();
    const { ctx, ops } = recordingContext();
    expect(r.draw(ctx, view(0))).toBe(false);
    expect(ops.map((o) => o.op)).toEqual(['setTransform', 'fillRect']);
    expect(ops[0].args).toEqual([2, 0, 0, 2, 0, 0]);
    expect(ops[1]).toMatchObject({ args: [0, 0, W, H], fillStyle: '#fff' });
  });

  it('draws every segment once, one path per colour, then the soma in its colour at the frame', () => {
    const r = new MorphologyRenderer();
    expect(r.setData(d)).toBe(false);
    for (const frame of [0, 4]) {
      const { ctx, ops } = recordingContext();
      expect(r.draw(ctx, view(frame))).toBe(true);
      const somaArc = ops.findIndex((o) => o.op === 'arc');
      const segments = ops.slice(0, somaArc);
      // Each non-root node is the end of exactly one segment.
      const roots = Array.from(d.parent).filter((x) => x < 0).length;
      expect(segments.filter((o) => o.op === 'lineTo')).toHaveLength(d.ids.length - roots);
      // One stroke per colour present, each in a different colour.
      const buckets = frameBuckets(d, frame);
      const present = new Set(Array.from(d.parent, (par, i) => (par < 0 ? null : buckets[i])).filter((b) => b !== null));
      const strokes = segments.filter((o) => o.op === 'stroke');
      expect(strokes).toHaveLength(present.size);
      expect(new Set(strokes.map((s) => s.strokeStyle)).size).toBe(present.size);
      // The soma: at its screen position, filled with the colour of its value at this frame.
      const soma = sk.rowOf(PN.soma);
      const pos = r.screenPosition(PN.soma, view(frame).transform)!;
      expect(ops[somaArc].args.slice(0, 2)).toEqual([pos[0], pos[1]].map(Math.fround));
      const fill = ops.slice(somaArc).find((o) => o.op === 'fill')!;
      expect(fill.fillStyle).toBe(r.colourOfValue(valueAtFrame(d, frame, soma)!));
      expect(fill.fillStyle).toBe(colourOfIndex(r.palette, buckets[soma]));
    }
    // The soma ramps from -70 to -30 mV: its colour at frame 4 is not that at frame 0.
    expect(r.colourAt(PN.soma, 4)).not.toBe(r.colourAt(PN.soma, 0));
    expect(r.valueAt(PN.soma, 4)).toBe(-30);
    expect(r.valueAt(last, 1)).toBe(20);
    expect(r.valueAt(-12345, 0)).toBeNull();
  });

  it('rings the hovered node, and finds the node under the cursor', () => {
    const r = new MorphologyRenderer();
    r.setData(d);
    const row = sk.rowOf(last);
    const v = view(2, row);
    const { ctx, ops } = recordingContext();
    r.draw(ctx, v);
    const ring = ops.filter((o) => o.op === 'arc' && o.args[2] === 5);
    expect(ring).toHaveLength(1);
    const [x, y] = r.screenPosition(last, v.transform)!;
    expect(ring[0].args.slice(0, 2)).toEqual([x, y]);
    expect(ops.at(-1)).toMatchObject({ op: 'stroke', strokeStyle: '#000', lineWidth: 2 });
    expect(r.rowAt(v.transform, x + 0.3, y - 0.3, 6)).toBe(row);
    expect(r.rowAt(v.transform, -1000, -1000, 6)).toBe(-1);
  });

  it('keeps the view for the same neuron, asks for a new fit for another projection', () => {
    const r = new MorphologyRenderer();
    expect(r.setData(d)).toBe(false);
    expect(r.setData(morphologyData(NEURON, traces, null, { ...p, time: 0.75 }))).toBe(true);
    expect(r.setData(morphologyData(NEURON, traces, null, { ...p, projection: 'xz' }))).toBe(false);
    expect(r.setData(null)).toBe(false);
  });
});

describe('time bar playback clock', () => {
  const times = Float64Array.from({ length: 11 }, (_, k) => k); // 0..10 ms
  it('moves at the run length per RUN_SECONDS times the speed, to the nearest frame', () => {
    expect(RUN_SECONDS).toBe(5);
    expect(advancePlay(times, 0, 500, 1)).toEqual({ time: 1, frame: 1 }); // 10 ms in 5 s: 2 ms/s
    expect(advancePlay(times, 3, 1000, 2)).toEqual({ time: 7, frame: 7 });
    expect(advancePlay(times, 3, 100, 1).frame).toBe(3); // 3.2 ms: still frame 3
  });
  it('wraps to the start after the last frame', () => {
    const s = advancePlay(times, 9.5, 1000, 1); // 11.5 ms → 1.5 ms
    expect(s.time).toBeCloseTo(1.5, 12);
    expect(s.frame).toBe(2);
  });
});
