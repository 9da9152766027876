/**
 * The editor's CSS. It is put into the editor's container as a <style> element, so that it
 * applies whether the container is in the document or in a shadow root.
 */
import { HEADER_HEIGHT, NODE_WIDTH, ROW_HEIGHT, STATUS_HEIGHT, LINE_HEIGHT } from './view-model.ts';

export const EDITOR_CSS = `
.nw-editor-root { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; }
/* The canvas: an opaque backdrop in the pan/zoom layer, under every block and wire, with the
   editor's dots (they move and scale with the view). Opaque, so that the layer is drawn as one
   picture (extensions/gesture-layer.ts); far larger than any graph, the browser draws only what
   is on screen. */
.nw-pan-layer::before {
  content: '';
  position: absolute;
  left: -40000px;
  top: -40000px;
  width: 80000px;
  height: 80000px;
  pointer-events: none;
  background-color: var(--nw-editor-bg, #eef1f5);
  background-image: radial-gradient(var(--nw-editor-dot, #d4d9e2) 1px, transparent 1px);
  background-size: 20px 20px;
}
/* Far out the dots would be a blur of sub-pixel specks. */
.nw-lod-far .nw-pan-layer::before { background-image: none; }
nw-block { display: block; }
.nw-node {
  box-sizing: border-box;
  width: ${NODE_WIDTH}px;
  background: #ffffff;
  color: #1d2330;
  border: 1px solid #cfd5df;
  border-radius: 8px;
  box-shadow: 0 1px 2px rgba(20, 30, 50, 0.08), 0 2px 8px rgba(20, 30, 50, 0.06);
  font: 12px/1.3 system-ui, -apple-system, 'Segoe UI', sans-serif;
  position: relative;
  user-select: none;
  cursor: grab;
  transition: box-shadow 0.12s, border-color 0.12s, opacity 0.12s;
}
.nw-node:hover { border-color: #aab4c4; }
.nw-node.nw-selected { border-color: #3d6fd8; box-shadow: 0 0 0 2px rgba(61, 111, 216, 0.35), 0 4px 14px rgba(20, 30, 50, 0.14); }
.nw-node.nw-bypass { opacity: 0.55; background: #f6f7f9; }
.nw-node.nw-bypass .nw-title { text-decoration: line-through; text-decoration-color: #9aa3ad; }
.nw-head {
  box-sizing: border-box;
  min-height: ${HEADER_HEIGHT}px;
  padding: 6px 10px 4px 10px;
  border-top: 4px solid var(--cat, #9aa3ad);
  border-radius: 8px 8px 0 0;
  display: flex; align-items: flex-start; gap: 6px;
}
.nw-head-text { flex: 1; min-width: 0; }
.nw-title { font-weight: 600; font-size: 13px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.nw-id { color: #6b7385; font-size: 11px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.nw-badge { font-size: 10px; text-transform: uppercase; letter-spacing: 0.04em; background: #6b7385; color: #fff; border-radius: 4px; padding: 1px 5px; margin-top: 2px; }
.nw-probe-btn { border: 1px solid transparent; background: transparent; color: #6b7385; cursor: pointer; border-radius: 4px; padding: 0 4px; font-size: 12px; line-height: 18px; }
.nw-fold-btn { border: 1px solid transparent; background: transparent; color: #6b7385; cursor: pointer; border-radius: 4px; padding: 0 3px; font-size: 11px; line-height: 18px; }
.nw-fold-btn:hover { border-color: #cfd5df; color: #1d2330; background: #f3f5f8; }
.nw-status[hidden] { display: none; }
/* Level of detail: far out (zoom < 0.5) a block is its title in a large font on its status colour;
   the rest keeps its place (visibility, not display) so that wires stay on their sockets. */
.nw-lod { display: none; }
.nw-lod-switch .nw-node { transition: none; }
/* The title is large; the block's buttons, badge and sockets stay usable on top of it. */
/* Named, not ":not(…)": a rule whose last part names no class makes the root's class change
   restyle every element in the editor (~10,000 for 300 blocks), not just these. */
.nw-lod-far .nw-comment, .nw-lod-far .nw-summary, .nw-lod-far .nw-status,
.nw-lod-far .nw-head-text, .nw-lod-far .nw-port-label { visibility: hidden; }
/* The title box goes under the block's content (z-index -1 in the block's own stacking context)
   rather than lifting the head and ports above it: two paint layers fewer per block. */
.nw-lod-far .nw-node { z-index: 0; }
.nw-lod-far .nw-lod { z-index: -1; }
.nw-lod-far .nw-head { justify-content: flex-end; }
/* The thicker category stripe (10 px with the head's border) is painted inside the block's top,
   not made by a thicker border: a block keeps its size across the threshold, so crossing it (zoom
   to fit after an open, a wheel zoom) re-measures no block, socket or wire. The title box starts
   below the stripe. */
.nw-lod-far .nw-node { border-top-color: var(--cat, #9aa3ad); background: linear-gradient(var(--cat, #9aa3ad) 0 9px, #ffffff 9px); box-shadow: none; }
.nw-lod-far .nw-lod {
  display: flex; position: absolute; inset: 9px 0 0 0; box-sizing: border-box; padding: 6px 10px;
  align-items: center; justify-content: center; text-align: center;
  font-size: 26px; line-height: 1.1; font-weight: 700; overflow-wrap: anywhere;
  background: #eef1f5; color: #1d2330; border-radius: 0 0 7px 7px; pointer-events: none;
}
/* A long title is cut by this inner box, not by the positioned title box: a positioned box (a
   paint layer) whose text overflows its own clip counts as "maybe clipped by the cull rect", and
   Chromium then repaints it, and the block around it, on every zoom-out frame (all 300 blocks,
   ~20 ms a frame in bench/editor-300.ts). The inner box clips its own text and ends inside. */
.nw-lod-text { max-height: 100%; overflow: hidden; }
.nw-lod-tiny .nw-lod { font-size: 44px; }
.nw-lod-far .nw-node[data-status='done'] .nw-lod { background: #dcf1e1; color: #1e5b2c; }
.nw-lod-far .nw-node[data-status='running'] .nw-lod { background: #dfe9fb; color: #1d4ea3; }
.nw-lod-far .nw-node[data-status='waiting'] .nw-lod { background: #fff0d6; color: #7a4a00; }
.nw-lod-far .nw-node[data-status='error'] .nw-lod { background: #fbdde1; color: #9a001c; }
.nw-lod-far .nw-node.nw-selected .nw-lod { outline: 4px solid #3d6fd8; }

/* Groups: frames behind the blocks (extensions/groups.ts). */
.nw-groups-layer { position: absolute; left: 0; top: 0; width: 0; height: 0; }
.nw-group { position: absolute; box-sizing: border-box; border: 2px solid var(--g); border-radius: 10px; background: color-mix(in srgb, var(--g) 9%, transparent); pointer-events: none; }
.nw-group-bar { position: absolute; left: -2px; right: -2px; top: -2px; height: 30px; box-sizing: border-box; display: flex; align-items: center; gap: 4px; padding: 0 6px 0 10px; background: var(--g); color: #fff; border-radius: 10px 10px 0 0; pointer-events: auto; cursor: move; font: 600 13px/1 system-ui, -apple-system, 'Segoe UI', sans-serif; }
.nw-group-title { flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.nw-group-bar button, .nw-group-bar label { border: none; background: rgba(255, 255, 255, 0.18); color: #fff; border-radius: 4px; font-size: 12px; line-height: 20px; padding: 0 6px; cursor: pointer; position: relative; }
.nw-group-bar button:hover, .nw-group-bar label:hover { background: rgba(255, 255, 255, 0.35); }
.nw-group-bar input[type='color'] { position: absolute; inset: 0; opacity: 0; cursor: pointer; width: 100%; height: 100%; }
.nw-group.nw-group-collapsed { background: color-mix(in srgb, var(--g) 16%, #fff); pointer-events: auto; box-shadow: 0 2px 8px rgba(20, 30, 50, 0.12); }
.nw-group-count { position: absolute; left: 10px; right: 10px; bottom: 8px; font: 12px system-ui, sans-serif; color: #3b4252; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.nw-lod-far .nw-group-bar { height: 56px; font-size: 36px; top: -56px; border-radius: 10px; }
.nw-lod-far .nw-group-bar button, .nw-lod-far .nw-group-bar label { font-size: 26px; line-height: 40px; }
.nw-lod-far .nw-group-collapsed .nw-group-bar { top: -2px; height: calc(100% + 4px); border-radius: 10px; }
.nw-lod-far .nw-group-count { display: none; }

.nw-probe-btn:hover { border-color: #cfd5df; color: #1d2330; background: #f3f5f8; }
.nw-summary { padding: 0 10px; color: #3b4252; font-size: 11px; line-height: ${LINE_HEIGHT}px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.nw-comment { margin: 2px 8px 4px; padding: 2px 6px; background: #fff8dc; border-left: 3px solid #e0b400; border-radius: 3px; color: #5a4a00; font-size: 11px; line-height: ${LINE_HEIGHT}px; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; white-space: normal; }
.nw-ports { padding: 4px 0; }
/* The row, not each port, places the sockets (a port starts or ends where its row does): every
   positioned box is a paint layer, and fewer of them per block make each pan/zoom frame cheaper. */
.nw-row { display: flex; justify-content: space-between; align-items: center; height: ${ROW_HEIGHT}px; position: relative; }
.nw-port { display: flex; align-items: center; gap: 6px; height: ${ROW_HEIGHT}px; max-width: 50%; }
.nw-port-in { padding-left: 12px; }
.nw-port-out { padding-right: 12px; margin-left: auto; flex-direction: row-reverse; }
.nw-port-label { font-size: 11px; color: #3b4252; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.nw-port-label .nw-port-type { color: #8a93a3; font-size: 10px; }
.nw-port-optional .nw-port-label { color: #6b7385; font-style: italic; }
rete-ref.nw-socket {
  display: block !important;
  position: absolute;
  top: ${(ROW_HEIGHT - 14) / 2}px;
  width: 14px; height: 14px;
  cursor: crosshair;
}
.nw-port-in rete-ref.nw-socket { left: -7px; }
.nw-port-out rete-ref.nw-socket { right: -7px; }
.nw-dot {
  display: block; box-sizing: border-box;
  width: 14px; height: 14px; border-radius: 50%;
  background: var(--c, #9aa3ad);
  border: 2px solid #ffffff;
  box-shadow: 0 0 0 1px var(--c, #9aa3ad);
  transition: transform 0.1s, opacity 0.1s;
}
rete-ref.nw-socket:hover .nw-dot { transform: scale(1.3); }
.nw-picking rete-ref.nw-socket.nw-incompatible .nw-dot { opacity: 0.2; }
.nw-picking rete-ref.nw-socket.nw-compatible .nw-dot { transform: scale(1.25); }
.nw-status {
  box-sizing: border-box;
  min-height: ${STATUS_HEIGHT}px;
  padding: 5px 10px;
  border-top: 1px solid #eceff4;
  border-radius: 0 0 8px 8px;
  background: #f8f9fb;
  font-size: 11px; color: #6b7385;
  display: flex; align-items: center; gap: 8px;
}
/* One line whatever the message (the block keeps its measured height, so a long message never
   reaches the block below); the whole text is the footer's tooltip and in the inspector. */
.nw-status-text { flex: 1; min-width: 0; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.nw-status.nw-st-done { color: #2f7a3f; }
.nw-status.nw-warn { color: #8a5a00; background: #fff4d6; }
.nw-status.nw-st-error { color: #b00020; background: #fdecee; }
.nw-status.nw-st-waiting { color: #a86400; background: #fff5e5; }
.nw-status.nw-st-running { color: #2563c9; }
.nw-bar { flex: 1; height: 6px; border-radius: 3px; background: #dfe6f3; overflow: hidden; }
.nw-bar > div { height: 100%; background: #3d6fd8; transition: width 0.15s; }
.nw-status.nw-st-running .nw-status-text { flex: 0 0 auto; }
/* A compile error: the place in words, the quoted line and caret in monospace (caret under its column). */
.nw-status-text.nw-status-code { display: block; -webkit-line-clamp: none; overflow: visible; }
.nw-err-head { font-weight: 600; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.nw-err-code { margin: 2px 0 4px; padding: 3px 5px; background: #fff; border: 1px solid #f1c4cc; border-radius: 4px; font: 11px/1.25 ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; color: #1d2330; white-space: pre; overflow: hidden; }
.nw-err-more { color: #6b7385; }
.nw-node[data-status='error'] { border-color: #e3a3ad; }
.nw-node[data-status='error'].nw-selected { border-color: #3d6fd8; }

.nw-band { position: absolute; border: 1px dashed #3d6fd8; background: rgba(61, 111, 216, 0.08); pointer-events: none; z-index: 10; }

.nw-probe {
  position: absolute; z-index: 20;
  min-width: 220px; max-width: 360px;
  background: #fff; color: #1d2330;
  border: 1px solid #cfd5df; border-radius: 8px;
  box-shadow: 0 6px 24px rgba(20, 30, 50, 0.18);
  font: 12px/1.35 system-ui, -apple-system, 'Segoe UI', sans-serif;
  padding: 8px 10px 10px;
}
.nw-probe-head { display: flex; align-items: center; gap: 6px; margin-bottom: 6px; }
.nw-probe-head strong { flex: 1; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.nw-probe-close { border: none; background: transparent; cursor: pointer; font-size: 14px; color: #6b7385; padding: 0 4px; }
.nw-probe-ports { display: flex; flex-wrap: wrap; gap: 4px; margin-bottom: 6px; }
.nw-probe-ports button { border: 1px solid #cfd5df; background: #fff; border-radius: 10px; font-size: 11px; padding: 1px 8px; cursor: pointer; }
.nw-probe-ports button.nw-on { background: #1d2330; color: #fff; border-color: #1d2330; }
.nw-probe-summary { color: #3b4252; margin: 2px 0 6px; }
.nw-probe table { border-collapse: collapse; font-size: 11px; font-variant-numeric: tabular-nums; }
.nw-probe th, .nw-probe td { border-bottom: 1px solid #eceff4; padding: 2px 6px; text-align: right; white-space: nowrap; }
.nw-probe th { color: #6b7385; font-weight: 600; }
.nw-probe-table { max-width: 340px; overflow-x: auto; }
.nw-probe svg { display: block; background: #fafbfc; border: 1px solid #eceff4; border-radius: 4px; }
.nw-probe-trace { margin-bottom: 4px; }
.nw-probe-trace-name { display: flex; justify-content: space-between; font-size: 11px; color: #3b4252; }
.nw-probe-trace-name span:last-child { color: #8a93a3; }

.nw-editor-root rete-context-menu {
  --context-color: #1f2633;
  --context-color-light: #3a4660;
  --context-color-dark: #141923;
  --context-menu-round: 6px;
  --menu-width: 170px;
  font: 12px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif;
  filter: drop-shadow(0 4px 12px rgba(20, 30, 50, 0.25));
}
.nw-editor-hint { position: absolute; left: 50%; top: 45%; transform: translate(-50%, -50%); color: #8a93a3; font: 13px system-ui, sans-serif; pointer-events: none; text-align: center; }
`;
