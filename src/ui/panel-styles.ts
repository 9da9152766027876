/**
 * Styles the result panels share (plot panel, morphology view): the frame, the title bar and
 * the status messages over the drawing, so both panels look and say things alike.
 */
import { css } from 'lit';

export const panelStyles = css`
  :host {
    display: block;
    height: var(--nw-plot-height, 420px);
    min-height: 200px;
    box-sizing: border-box;
    font: 12px/1.3 system-ui, sans-serif;
    color: var(--nw-fg, #222);
    background: var(--nw-surface, #fff);
    border: 1px solid var(--border, #ddd);
    border-radius: 4px;
  }
  /* The layout lives inside: the page may set the host's display and height. */
  .panel {
    display: flex;
    flex-direction: column;
    height: 100%;
  }
  .title {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .spacer {
    flex: 1;
  }
  button:hover:not(:disabled) {
    background: var(--nw-hover, #eaeaea);
  }
  .msg {
    position: absolute;
    left: 10%;
    right: 10%;
    top: 40%;
    text-align: center;
    padding: 6px 10px;
    border-radius: 4px;
    background: var(--nw-surface, rgba(255, 255, 255, 0.9));
    z-index: 2;
    white-space: pre-wrap;
  }
  .msg.error {
    color: #c62828;
    border: 1px solid #f0b4b4;
  }
  .msg.waiting {
    color: #a86200;
    border: 1px solid #f0d29a;
  }
  .msg.empty {
    color: #888;
    background: none;
  }
  /* The progress line over the drawing while its block computes. */
  .progress {
    position: absolute;
    left: 0;
    right: 0;
    top: 0;
    height: 3px;
    background: #e8eef8;
    z-index: 2;
  }
  .progress > div {
    height: 100%;
    background: #3b73d1;
  }
`;

/** Small controls of the panels and the morphology time bar: buttons, selects, a block id. */
export const controlStyles = css`
  .id {
    color: #888;
    font-family: ui-monospace, monospace;
    font-size: 11px;
  }
  button,
  select {
    font: inherit;
    font-size: 11px;
    padding: 1px 7px;
    border: 1px solid var(--nw-control-border, #ccc);
    border-radius: 3px;
    background: var(--nw-control, #f7f7f7);
    color: var(--nw-fg, #222);
    cursor: pointer;
    white-space: nowrap;
  }
  button:hover:not(:disabled) {
    background: var(--nw-hover, #eaeaea);
  }
`;

/** The search field of the palette and of the add-block popup, in the theme's colours. */
export const searchInputStyles = css`
  input {
    box-sizing: border-box;
    border: 1px solid var(--nw-control-border, #cfd5df);
    background: var(--nw-control, #fff);
    color: inherit;
    border-radius: 6px;
    padding: 5px 8px;
    font: inherit;
    outline: none;
  }
  input:focus {
    border-color: #3d6fd8;
    box-shadow: 0 0 0 2px rgba(61, 111, 216, 0.2);
  }
`;
