/**
 * The morphology view's CSS (the title bar, the canvas stage and what floats over it: legend,
 * tooltip, note, progress); the time controls style themselves (time-bar.ts).
 */
import { css } from 'lit';
import { controlStyles, panelStyles } from '../panel-styles.ts';

export const morphologyStyles = [
  panelStyles,
  controlStyles,
  css`
    :host {
      min-height: 220px;
    }
    .bar {
      display: flex;
      align-items: center;
      gap: 5px;
      padding: 3px 6px;
      min-height: 24px;
      border-bottom: 1px solid var(--nw-line, #eee);
    }
    .stage {
      position: relative;
      flex: 1 1 auto;
      min-height: 120px;
      overflow: hidden;
    }
    canvas {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      cursor: grab;
      touch-action: none;
    }
    canvas.dragging {
      cursor: grabbing;
    }
    canvas.dim {
      opacity: 0.55;
    }
    .legend {
      position: absolute;
      right: 6px;
      top: 6px;
      background: color-mix(in srgb, var(--nw-surface, #fff) 85%, transparent);
      border-radius: 3px;
      padding: 4px 6px;
      font-size: 11px;
      pointer-events: none;
      max-height: calc(100% - 12px);
      overflow: hidden;
    }
    .cbar {
      display: flex;
      gap: 4px;
      align-items: stretch;
      height: 120px;
    }
    .cbar .ramp {
      width: 12px;
      border: 1px solid #999;
    }
    .cbar .ticks {
      display: flex;
      flex-direction: column;
      justify-content: space-between;
    }
    .chip {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 2px;
      margin-right: 4px;
      vertical-align: -1px;
    }
    .row {
      white-space: nowrap;
    }
    .note {
      position: absolute;
      left: 6px;
      bottom: 4px;
      right: 6px;
      font-size: 10px;
      color: var(--muted, #777);
      pointer-events: none;
    }
    .tip {
      position: absolute;
      pointer-events: none;
      background: rgba(30, 30, 30, 0.9);
      color: #fff;
      padding: 4px 7px;
      border-radius: 3px;
      font-size: 11px;
      white-space: nowrap;
      z-index: 3;
    }
  `,
];
