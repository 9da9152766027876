/**
 * `<nw-run-question>`: the answers to a run held back over the limits (session.ts `pendingRun`),
 * shown in the inspector of its block under the question (the block's status says it): **Run
 * anyway**; **Record every Nth sample** when the traces are over the memory limit (sets the run
 * block's `recordEvery`, one undo step, and runs); **Always allow for this graph** when a
 * recorder or stimulus is placed on more nodes than the limit, with the limit itself to change (for
 * this visit: a graph from elsewhere cannot lift it). `answerRun` carries the answer out.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { PendingRun, Session } from '../dataflow/session.ts';
import type { GraphStore } from '../dataflow/store.ts';
import { DEFAULT_RUN_LIMITS, ordinal } from '../dataflow/run-estimate.ts';

/** The `nw-confirm-run` event's detail: the block and how the user answered (plain: Run anyway). */
export interface RunAnswerDetail {
  id: string;
  /** Record every this many steps (the offered `recordEvery`), then run. */
  recordEvery?: number;
  /** Allow recorders and stimuli on any number of nodes in this graph. */
  always?: boolean;
  /** Ask only above this many nodes per recorder or stimulus from now on (this visit), then run if within it. */
  placedNodes?: number;
}

/** Carry out the user's answer to a run's question; false when the run no longer waits. */
export function answerRun(session: Session, store: GraphStore, d: RunAnswerDetail): boolean {
  const limit = d.placedNodes;
  if (limit !== undefined) {
    if (!session.runLimits || !Number.isInteger(limit) || limit < 1) return false;
    // The setting, then the run asks again under it (and starts when it is within every limit).
    session.runLimits.placedNodes = limit;
    session.rerun();
    return true;
  }
  const n = d.recordEvery;
  // The new recordEvery starts the run (a parameter edit, one undo step); the same value would not.
  if (n !== undefined && Number.isInteger(n) && n >= 1 && store.node(d.id)?.params.recordEvery !== n) {
    if (!session.confirmRun(d.id, { rerun: false, always: d.always })) return false;
    store.setParam(d.id, 'recordEvery', n);
    return true;
  }
  return session.confirmRun(d.id, { always: d.always });
}

export class RunQuestion extends LitElement {
  static override properties = { nodeId: { attribute: false }, pending: { attribute: false } };
  declare nodeId: string;
  declare pending: PendingRun | null;

  constructor() {
    super();
    this.nodeId = '';
    this.pending = null;
  }

  // Light DOM: the app's stylesheet applies and tests find the buttons by data-testid.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private answer(extra: Omit<RunAnswerDetail, 'id'>): void {
    this.dispatchEvent(new CustomEvent<RunAnswerDetail>('nw-confirm-run', { detail: { id: this.nodeId, ...extra }, bubbles: true }));
  }

  protected override render(): TemplateResult | typeof nothing {
    const p = this.pending;
    if (!p) return nothing;
    const id = this.nodeId;
    const most = p.placed.reduce((m, x) => Math.max(m, x.nodes), 0);
    return html`<div class="inspector-confirm" data-testid=${`run-question-${id}`}>
      <button data-testid=${`confirm-run-${id}`} title="start this run although it is over the limits (Stop ends it)" @click=${() => this.answer({})}>Run anyway</button>
      ${p.recordEvery !== null
        ? html`<button data-testid=${`confirm-run-${id}-every`} title="set this run's “Record every” to ${p.recordEvery} (undo takes it back) and run" @click=${() => this.answer({ recordEvery: p.recordEvery! })}>
            Record every ${ordinal(p.recordEvery)} sample
          </button>`
        : nothing}
      ${p.placed.length
        ? html`<button data-testid=${`confirm-run-${id}-always`} title="run, and do not ask again about recorders or stimuli on many nodes (here ${most}) until another graph is opened" @click=${() => this.answer({ always: true })}>
            Always allow for this graph
          </button>
          <label class="run-limit" title="ask before a run when one recorder or stimulus block is placed on more nodes than this (for this visit)"
            >ask above <input type="number" min="1" step="1" style="width: 6em" data-testid=${`run-limit-nodes-${id}`} .value=${String(p.placedLimit ?? DEFAULT_RUN_LIMITS.placedNodes)}
              @change=${(e: Event) => this.answer({ placedNodes: Math.round(Number((e.target as HTMLInputElement).value)) })} /> nodes</label
          >`
        : nothing}
    </div>`;
  }
}

if (!customElements.get('nw-run-question')) customElements.define('nw-run-question', RunQuestion);
declare global {
  interface HTMLElementTagNameMap {
    'nw-run-question': RunQuestion;
  }
}
