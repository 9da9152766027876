/**
 * What the morphology view shows over its canvas, as Lit templates of its data: the legend
 * (compartments or the colour bar, and the markers), the tooltip of the hovered node, and the
 * block's status (progress, error, waiting, nothing to draw).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { VIRIDIS_STOPS, NO_VALUE_COLOUR } from '../../../nodes/morphology-colours.ts';
import { MARKER_STYLE, MAX_RECORDER_MARKERS } from '../../../nodes/morphology-view.ts';
import type { FigureValue, MorphologyData, MorphologyMarker } from '../../../nodes/values.ts';
import type { NodeStatus } from '../../dataflow/evaluator.ts';

/** The hovered row and the pointer (CSS px, relative to the canvas). */
export interface Hover {
  row: number;
  x: number;
  y: number;
}

/** What the tooltip needs beside the data: the node's value now (null: none), the time (ms), the canvas size (CSS px). */
export interface TooltipContext {
  nodeId: string;
  value: number | null;
  time: number | null;
  width: number;
  height: number;
}

const fmt = (v: number, digits = 3) => (Math.abs(v) >= 1000 || v === Math.round(v) ? String(Math.round(v * 1000) / 1000) : v.toPrecision(digits));

/** The legend: compartment colours, or the colour bar of the value (range in its unit); marker counts. */
export function legend(d: MorphologyData, palette: readonly string[]): TemplateResult {
  const markerKinds = [...new Set(d.markers.map((m) => m.kind))];
  const counts = (k: MorphologyMarker['kind']) => d.markers.filter((m) => m.kind === k).length;
  const markers = markerKinds.map((k) => {
    const st = MARKER_STYLE[k];
    const n = counts(k);
    const hidden = k === 'recorder' && n > MAX_RECORDER_MARKERS;
    return html`<div class="row"><span class="chip" style="background:${hidden ? 'transparent' : st.colour};border:1px solid ${st.colour}"></span>${st.name} (${n}${hidden ? ', not drawn' : ''})</div>`;
  });
  if (d.colourBy === 'compartment') {
    const present = new Set(d.compartment);
    return html`<div class="legend">
      ${d.compartmentNames.map((n, k) => (present.has(k) ? html`<div class="row"><span class="chip" style="background:${palette[k]}"></span>${n}</div>` : nothing))}
      ${markers}
    </div>`;
  }
  const ramp = `linear-gradient(to top, ${VIRIDIS_STOPS.join(', ')})`;
  const [lo, hi] = d.range;
  return html`<div class="legend">
    <div class="row">${d.valueName}${d.unit ? ` (${d.unit})` : ''}</div>
    <div class="cbar">
      <div class="ramp" style="background:${ramp}"></div>
      <div class="ticks"><span>${fmt(hi)}</span><span>${fmt((lo + hi) / 2)}</span><span>${fmt(lo)}</span></div>
    </div>
    ${d.voltage?.fill === 'grey' || d.values.some(Number.isNaN) ? html`<div class="row"><span class="chip" style="background:${NO_VALUE_COLOUR}"></span>no value</div>` : nothing}
    ${markers}
  </div>`;
}

/** The hovered node's tooltip: id, compartment, distance from the soma (µm), value (at the time, ms), placed inside the canvas. */
export function tooltip(d: MorphologyData, h: Hover, at: TooltipContext): TemplateResult {
  const id = d.ids[h.row];
  const dist = d.distance[h.row];
  const v = at.value;
  const value = d.colourBy === 'compartment' ? null : v === null ? 'no value' : `${fmt(v, 4)}${d.unit ? ` ${d.unit}` : ''}`;
  const src = d.voltage && d.voltage.source[h.row] >= 0 && d.voltage.recorded[d.voltage.source[h.row]] !== h.row ? ` (from node ${d.ids[d.voltage.recorded[d.voltage.source[h.row]]]})` : '';
  const left = Math.min(h.x + 12, Math.max(0, at.width - 190));
  const top = h.y + 14 > at.height - 70 ? h.y - 74 : h.y + 14;
  return html`<div class="tip" style="left:${left}px;top:${top}px" data-testid="morph-${at.nodeId}-tip">
    <div><b>node ${id}</b> · ${d.compartmentNames[d.compartment[h.row]]}</div>
    <div>${Number.isNaN(dist) ? 'no soma: distance unknown' : `${fmt(dist, 4)} µm from the soma`}</div>
    ${value !== null ? html`<div>${d.valueName} = ${value}${src}${d.voltage ? ` at ${(at.time ?? 0).toFixed(3)} ms` : ''}</div>` : nothing}
  </div>`;
}

/** The block's state over the drawing: progress bar, error, waiting message, or why nothing is drawn. */
export function statusOverlay(status: NodeStatus | null, figure: FigureValue | null): TemplateResult | typeof nothing {
  const s = status ?? { state: 'idle' };
  if (s.state === 'running') return html`<div class="progress"><div style="width:${Math.round(s.progress * 100)}%"></div></div>`;
  if (s.state === 'error') return html`<div class="msg error" role="alert">${s.message}</div>`;
  if (s.state === 'waiting') return html`<div class="msg waiting">${s.message}</div>`;
  if (!figure?.morphology) return html`<div class="msg empty">${figure ? 'this figure has no morphology to draw' : 'no result yet'}</div>`;
  return nothing;
}
