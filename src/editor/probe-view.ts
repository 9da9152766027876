/** The probe popover's content (rendered with lit into a div the editor positions). */
import { html, nothing, svg, type TemplateResult } from 'lit';
import { fmt, type ProbeModel } from './probe-model.ts';

export interface ProbeViewProps {
  nodeId: string;
  title: string;
  ports: Array<{ key: string; label: string; type: string }>;
  port: string;
  model: ProbeModel;
  onPort: (port: string) => void;
  onClose: () => void;
}

function body(m: ProbeModel): TemplateResult {
  switch (m.kind) {
    case 'table':
      return html`<div class="nw-probe-summary">${m.title ? html`“${m.title}”: ` : nothing}${m.total} row${m.total === 1 ? '' : 's'}, ${m.columns.length} column${m.columns.length === 1 ? '' : 's'}${m.total > m.rows.length ? html` (first ${m.rows.length})` : nothing}</div>
        <div class="nw-probe-table">
          <table>
            <thead><tr>${m.columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
            <tbody>${m.rows.map((r) => html`<tr>${r.map((v) => html`<td>${v}</td>`)}</tr>`)}</tbody>
          </table>
        </div>`;
    case 'neuron':
      return html`<div class="nw-probe-summary">${m.summary}${m.drawn < m.segments ? html` · ${m.drawn} of ${m.segments} segments drawn` : nothing}</div>
        <svg width=${m.size * 1.5} height=${m.size * 1.5} viewBox="0 0 ${m.size} ${m.size}" data-testid="probe-thumbnail">
          ${svg`<path d=${m.path} fill="none" stroke="#2f8f46" stroke-width="0.6" stroke-linecap="round" vector-effect="non-scaling-stroke"></path>`}
        </svg>`;
    case 'traces':
      return html`<div class="nw-probe-summary">${m.summary}</div>
        ${m.series.map(
          (s) => html`<div class="nw-probe-trace">
            <div class="nw-probe-trace-name"><span>${s.name}</span><span>${fmt(s.min)} … ${fmt(s.max)} ${s.unit}</span></div>
            <svg width=${m.width} height=${m.height} viewBox="0 0 ${m.width} ${m.height}" data-testid="probe-sparkline">
              ${svg`<path d=${s.path} fill="none" stroke="#8a3fc2" stroke-width="1.2" stroke-linejoin="round"></path>`}
            </svg>
          </div>`,
        )}`;
    case 'other':
      return html`<div class="nw-probe-summary"><strong>${m.valueKind}</strong>: ${m.summary}</div>`;
    case 'none':
      return html`<div class="nw-probe-summary">${m.summary}</div>`;
  }
}

export function probeTemplate(p: ProbeViewProps): TemplateResult {
  return html`<div class="nw-probe-head">
      <strong title="${p.title} (${p.nodeId})">Probe · ${p.title}</strong>
      <button class="nw-probe-close" title="close (Esc)" data-testid="probe-close" @click=${p.onClose}>×</button>
    </div>
    ${p.ports.length > 1
      ? html`<div class="nw-probe-ports">
          ${p.ports.map((o) => html`<button class=${o.key === p.port ? 'nw-on' : ''} data-testid="probe-port-${o.key}" title=${o.type} @click=${() => p.onPort(o.key)}>${o.label}</button>`)}
        </div>`
      : nothing}
    ${body(p.model)}`;
}
