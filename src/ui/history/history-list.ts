/**
 * The run history list of a plot panel (a Lit template and its styles, drawn over the chart so
 * that opening it does not resize the chart): per run a show/hide box, an editable label, pin,
 * compare and delete; on top, "keep lines" (draw every shown run in grey) and how many runs
 * are kept. Labels are the user's text, shown as text (Lit escapes it).
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { PlotHistory } from './plot-history.ts';
import { MAX_LIMIT, type StoredRun } from './run.ts';
import { MAX_LABEL } from './plot-history.ts';

/** Why a run is marked decimated, in words (its points kept of its points in all). */
export function decimatedNote(r: StoredRun): string {
  return `kept reduced: ${r.points.stored.toLocaleString('en-US')} of ${r.points.full.toLocaleString('en-US')} points (min and max per column; the figure's CSV has them all)`;
}

const checked = (e: Event): boolean => (e.target as HTMLInputElement).checked;
const value = (e: Event): string => (e.target as HTMLInputElement).value;

/** The list for plot `id` (`current`: the id of the run drawn now, if stored). */
export function historyList(h: PlotHistory, id: string, current: string | undefined): TemplateResult {
  const runs = [...h.runs].reverse();
  const p = `plot-${id}`;
  return html`<div class="history" data-testid="${p}-history-list" role="dialog" aria-label="run history of ${id}">
    <div class="history-head">
      <label title="Draw every shown earlier run in light grey under the current one (pinned runs are drawn anyway)"
        ><input type="checkbox" data-testid="${p}-keep" .checked=${h.settings.keep} @change=${(e: Event) => void h.setKeep(checked(e))} /> keep lines</label
      >
      <span class="spacer"></span>
      <label title="How many of the latest runs are kept (pinned runs are kept on top)"
        >keep last
        <input class="limit" type="number" min="1" max=${MAX_LIMIT} step="1" data-testid="${p}-history-limit" .value=${String(h.settings.limit)} @change=${(e: Event) => void h.setLimit(Number(value(e)))}
      /></label>
    </div>
    ${runs.length === 0 ? html`<div class="history-empty">no complete run yet</div>` : nothing}
    <ol class="runs">
      ${runs.map((r) => {
        const q = `${p}-run-${r.n}`;
        const compared = h.compare === r.id;
        return html`<li data-testid=${q} data-run-id=${r.id} class=${r.id === current ? 'current' : ''}>
          <input type="checkbox" data-testid="${q}-show" title="Show this run in grey under the current one" .checked=${r.visible} @change=${(e: Event) => void h.setVisible(r.id, checked(e))} />
          <input class="label" type="text" maxlength=${MAX_LABEL} data-testid="${q}-label" title=${r.auto} placeholder=${r.auto} .value=${r.label} @change=${(e: Event) => void h.setLabel(r.id, value(e))} />
          ${r.id === current ? html`<span class="tag" title="the run drawn now">now</span>` : nothing}
          ${r.decimated ? html`<span class="tag reduced" data-testid="${q}-decimated" title=${decimatedNote(r)}>reduced</span>` : nothing}
          <button data-testid="${q}-pin" aria-pressed=${r.pinned ? 'true' : 'false'} title=${r.pinned ? 'Unpin (the run may then be dropped as newer runs come)' : 'Pin: kept whatever the limit, drawn grey dashed'} @click=${() => void h.setPinned(r.id, !r.pinned)}>${r.pinned ? 'pinned' : 'pin'}</button>
          <button data-testid="${q}-compare" aria-pressed=${compared ? 'true' : 'false'} ?disabled=${r.id === current} title="Draw this run in colour, dashed, against the current one" @click=${() => h.setCompare(compared ? null : r.id)}>compare</button>
          <button data-testid="${q}-delete" title="Delete this run from the history" @click=${() => void h.remove(r.id)}>×</button>
        </li>`;
      })}
    </ol>
  </div>`;
}

export const historyStyles = css`
  .history {
    position: absolute;
    top: 4px;
    right: 6px;
    z-index: 3;
    width: min(430px, calc(100% - 12px));
    max-height: calc(100% - 8px);
    overflow: auto;
    background: var(--nw-surface, #fff);
    border: 1px solid var(--nw-control-border, #ccc);
    border-radius: 4px;
    box-shadow: 0 2px 8px rgba(0, 0, 0, 0.12);
    font-size: 11px;
  }
  .history-head {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 4px 6px;
    border-bottom: 1px solid #eee;
    position: sticky;
    top: 0;
    background: var(--nw-surface-2, #fafafa);
  }
  .history-head input.limit {
    width: 42px;
    font: inherit;
  }
  .history-empty {
    color: #888;
    padding: 6px;
  }
  .runs {
    list-style: none;
    margin: 0;
    padding: 2px 0;
  }
  .runs li {
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 1px 6px;
  }
  .runs li.current {
    background: var(--nw-hover, #f3f7fd);
  }
  .runs input.label {
    flex: 1 1 auto;
    min-width: 60px;
    font: inherit;
    padding: 1px 4px;
    border: 1px solid #ddd;
    border-radius: 3px;
  }
  .runs button {
    padding: 0 5px;
  }
  .tag {
    font-size: 10px;
    color: #28508f;
    white-space: nowrap;
  }
  .tag.reduced {
    color: #a0522d;
    cursor: help;
  }
`;
