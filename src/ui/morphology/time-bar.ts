/**
 * `<nw-morph-time-bar>`: the morphology view's time controls for a run's voltage: play/pause, a
 * slider over the frames, the time of the frame and the playback speed. It holds no clock; it
 * shows the frame it is given and tells its owner what the user did:
 * `nw-time-frame` ({frame}), `nw-time-play` (toggle) and `nw-time-speed` ({speed}).
 * `advancePlay` is the animation's clock step, which the view runs on requestAnimationFrame.
 * Test ids `morph-<id>-play` and `morph-<id>-time` (the slider).
 */
import { LitElement, css, html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { controlStyles } from '../panel-styles.ts';

/** At 1× a run plays in this many seconds. */
export const RUN_SECONDS = 5;
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 4] as const;

/**
 * One step of playback: the run time (ms) `dtMs` of wall time after `time`, at `speed` (1×: the
 * whole run in RUN_SECONDS), wrapped to the start after the last frame, and the frame nearest to
 * it (index into `times`, ms, ascending).
 */
export function advancePlay(times: ArrayLike<number>, time: number, dtMs: number, speed: number): { time: number; frame: number } {
  const t0 = times[0];
  const t1 = times[times.length - 1];
  const span = Math.max(t1 - t0, 1e-9);
  const rate = ((t1 - t0) / RUN_SECONDS) * speed; // ms of run per s
  let t = time + (dtMs / 1000) * rate;
  if (t > t1) t = t0 + ((t - t0) % span);
  const frame = Math.min(times.length - 1, Math.max(0, Math.round(((t - t0) / span) * (times.length - 1))));
  return { time: t, frame };
}

export class TimeBar extends LitElement {
  static override properties = {
    nodeId: { type: String },
    times: { attribute: false },
    frame: { type: Number },
    playing: { type: Boolean },
    speed: { type: Number },
  };
  /** Id of the view's block (for the test ids). */
  declare nodeId: string;
  /** Time (ms) of each frame. */
  declare times: ArrayLike<number>;
  declare frame: number;
  declare playing: boolean;
  declare speed: number;

  constructor() {
    super();
    this.nodeId = '';
    this.times = [];
    this.frame = 0;
    this.playing = false;
    this.speed = 1;
  }

  static override styles = [
    controlStyles,
    css`
    /* Its height from the moment it is on the page (its buttons render a microtask later): the
       view fits the neuron to the canvas left above it. 31 px = border + padding + the row. */
    :host {
      display: block;
      box-sizing: border-box;
      min-height: 31px;
      border-top: 1px solid var(--nw-line, #eee);
    }
    .timebar {
      display: flex;
      align-items: center;
      gap: 5px;
      padding: 3px 6px;
      min-height: 24px;
    }
    .t {
      font-family: ui-monospace, monospace;
      font-size: 11px;
      min-width: 82px;
      color: var(--nw-fg-2, #333);
    }
    input[type='range'] {
      flex: 1;
      min-width: 80px;
    }
  `,
  ];

  private say(type: string, detail: unknown = null): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  protected override render(): TemplateResult {
    const id = this.nodeId;
    const t = this.times[this.frame];
    return html`<div class="timebar">
      <button data-testid="morph-${id}-play" aria-pressed=${this.playing ? 'true' : 'false'} title=${this.playing ? 'pause' : 'play the run'} @click=${() => this.say('nw-time-play')}>${this.playing ? '❚❚ Pause' : '▶ Play'}</button>
      <input
        type="range"
        data-testid="morph-${id}-time"
        min="0"
        max=${this.times.length - 1}
        step="1"
        .value=${live(String(this.frame))}
        @input=${(e: Event) => this.say('nw-time-frame', { frame: Number((e.target as HTMLInputElement).value) })}
      />
      <span class="t">${t !== undefined ? `t = ${t.toFixed(3)} ms` : ''}</span>
      <select title="playback speed (1×: the whole run in ${RUN_SECONDS} s)" @change=${(e: Event) => this.say('nw-time-speed', { speed: Number((e.target as HTMLSelectElement).value) })}>
        ${SPEEDS.map((s) => html`<option value=${s} ?selected=${s === this.speed}>${s}×</option>`)}
      </select>
    </div>`;
  }
}

if (!customElements.get('nw-morph-time-bar')) customElements.define('nw-morph-time-bar', TimeBar);

declare global {
  interface HTMLElementTagNameMap {
    'nw-morph-time-bar': TimeBar;
  }
}
