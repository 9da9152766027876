/**
 * `<nw-plot-panel>`: one block's figure drawn with ECharts, with a small toolbar (export PNG,
 * SVG and CSV; pin the current run to compare later runs with it) and its block's status over
 * the chart (progress while running, the message on error or while waiting, the times when
 * done). See src/ui/CONTRACT.md for the test ids; `figureData()` is what the chart draws.
 */
import { controlStyles, panelStyles } from '../panel-styles.ts';
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomInsideComponent, DataZoomSliderComponent, GridComponent, LegendComponent, MarkAreaComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { FigureValue } from '../../../nodes/values.ts';
import type { NodeStatus } from '../../dataflow/evaluator.ts';
import { asList, decorate, seriesData, withPinned, type Option, type SeriesPoints } from './figure-option.ts';

echarts.use([LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, DataZoomInsideComponent, DataZoomSliderComponent, MarkAreaComponent, TitleComponent, CanvasRenderer, SVGRenderer]);

export type ExportFormat = 'png' | 'svg' | 'csv';

/** Detail of the `nw-plot-export` event, sent with every export. */
export interface PlotExportDetail {
  nodeId: string;
  format: ExportFormat;
  blob: Blob;
}

const MIME: Record<ExportFormat, string> = { png: 'image/png', svg: 'image/svg+xml', csv: 'text/csv' };

/** A `data:` URL's bytes as a Blob. */
function dataUrlBlob(url: string, type: string): Blob {
  const comma = url.indexOf(',');
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  if (!head.endsWith(';base64')) return new Blob([decodeURIComponent(body)], { type });
  const bin = atob(body);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

const clock = (d: Date) => d.toLocaleTimeString(undefined, { hour12: false });

export class PlotPanel extends LitElement {
  static override properties = {
    nodeId: { type: String },
    figure: { attribute: false },
    status: { attribute: false },
    pinned: { state: true },
  };

  declare nodeId: string;
  declare figure: FigureValue | null;
  declare status: NodeStatus;
  /**
   * Set by the panel's owner: turns an exported PNG/SVG into the file that is downloaded (the
   * app embeds the graph in it). Awaited before the download; CSV is not passed through it.
   */
  decorateExport?: (format: ExportFormat, blob: Blob) => Promise<Blob>;
  /** The pinned run, drawn under later ones. */
  private declare pinned: FigureValue | null;
  /** When and how fast the current figure was drawn (shown without a re-render, see updated()). */
  private drawn: { at: Date; ms: number } | null = null;

  private chart: echarts.ECharts | null = null;
  private resizer: ResizeObserver | null = null;
  /** The option as last given to the chart (decorated, pinned series included). */
  private option: Option | null = null;
  private drawnFigure: FigureValue | null = null;
  private drawnPinned: FigureValue | null = null;
  private resizeFrame = 0;

  constructor() {
    super();
    this.nodeId = '';
    this.figure = null;
    this.status = { state: 'idle' };
    this.pinned = null;
  }

  static override styles = [
    panelStyles,
    controlStyles,
    css`
    .bar {
      display: flex;
      align-items: center;
      gap: 4px;
      padding: 3px 6px;
      border-bottom: 1px solid #eee;
      min-height: 24px;
    }
    button:disabled {
      color: #aaa;
      cursor: default;
    }
    button[aria-pressed='true'] {
      background: #e3ebf7;
      border-color: #8aa6d6;
    }
    .stage {
      position: relative;
      flex: 1 1 auto;
      min-height: 160px;
    }
    .chart {
      position: absolute;
      inset: 0;
      transition: opacity 0.15s;
    }
    .chart.faded {
      opacity: 0.3;
    }
    .chart.dim {
      opacity: 0.55;
    }
    .progress > div {
      transition: width 0.1s;
    }
    .pct {
      position: absolute;
      top: 5px;
      right: 8px;
      font-size: 11px;
      color: #3b73d1;
      z-index: 2;
    }
    .info {
      font-size: 10px;
      color: #999;
      margin-right: 4px;
      white-space: nowrap;
    }
  `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page (e.g. moved): the chart is made again on the next update.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.resizer = null;
    cancelAnimationFrame(this.resizeFrame);
    this.chart?.dispose();
    this.chart = null;
    this.drawnFigure = null;
    this.drawnPinned = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('nodeId')) {
      if (changed.get('nodeId') !== undefined) this.pinned = null;
      this.setAttribute('data-testid', `plot-${this.nodeId}`);
    }
    if (changed.has('status')) this.setAttribute('data-status', this.status?.state ?? 'idle');
    // A figure of another kind cannot be compared with the pinned one.
    if (this.pinned && this.figure && this.figure.figure !== this.pinned.figure) this.pinned = null;
  }

  protected override updated(): void {
    if (!this.isConnected) return;
    if (!this.chart) this.makeChart();
    if (this.figure !== this.drawnFigure || this.pinned !== this.drawnPinned) this.draw();
    const info = this.renderRoot.querySelector<HTMLElement>('.info');
    if (info) {
      const s = this.status;
      const d = this.drawn;
      info.textContent = s?.state === 'done' && d ? `${Math.round(s.ms)} ms · drawn ${clock(d.at)} in ${Math.round(d.ms)} ms` : '';
      info.title = s?.state === 'done' && d ? `computed in ${Math.round(s.ms)} ms; drawn at ${clock(d.at)} in ${Math.round(d.ms)} ms` : '';
    }
  }

  private makeChart(): void {
    const el = this.renderRoot.querySelector<HTMLDivElement>('.chart');
    if (!el) return;
    this.chart = echarts.init(el, null, { renderer: 'canvas' });
    this.resizer = new ResizeObserver(() => {
      cancelAnimationFrame(this.resizeFrame);
      this.resizeFrame = requestAnimationFrame(() => this.chart?.resize());
    });
    this.resizer.observe(el);
  }

  /** The option to draw: the figure's, with the pinned run (if another) under it. */
  private optionFor(figure: FigureValue, pinned: FigureValue | null): Option {
    const other = pinned && pinned !== figure ? pinned.option : null;
    return decorate(withPinned(figure.option, other), figure.figure);
  }

  private draw(): void {
    const chart = this.chart;
    if (!chart) return;
    this.drawnFigure = this.figure;
    this.drawnPinned = this.pinned;
    if (!this.figure) {
      chart.clear();
      this.option = null;
      this.drawn = null;
      return;
    }
    const t0 = performance.now();
    const option = this.optionFor(this.figure, this.pinned);
    chart.setOption(option, { notMerge: true });
    this.option = option;
    this.drawn = { at: new Date(), ms: performance.now() - t0 };
    // ECharts renders synchronously in setOption (no lazyUpdate): the figure is on screen now.
    // The live-tweak benchmark times edits up to this event.
    this.dispatchEvent(new CustomEvent('nw-plot-drawn', { detail: { nodeId: this.nodeId, ms: this.drawn.ms }, bubbles: true, composed: true }));
  }

  /** What the chart draws now: each series with array data, pinned ones included, as [x, y]. */
  figureData(): { series: SeriesPoints[] } {
    if (this.chart && this.option) return seriesData(this.chart.getOption() as Option);
    // Not drawn (yet): what it will draw.
    return seriesData(this.option ?? (this.figure ? this.optionFor(this.figure, this.pinned) : null));
  }

  /** Pin the current figure, or unpin. */
  togglePin(): void {
    this.pinned = this.pinned ? null : this.figure;
  }

  get isPinned(): boolean {
    return this.pinned !== null;
  }

  /** The drawn option for an export: the zoom window and legend choices as on screen, no slider. */
  private exportOption(): Option | null {
    if (!this.option) return null;
    const live = (this.chart?.getOption() ?? {}) as Option;
    const windows = asList(live.dataZoom);
    const zooms = asList(this.option.dataZoom).map((z, i) => {
      const w = windows[i] ?? {};
      return { ...z, start: w.start, end: w.end, ...(z.type === 'slider' ? { show: false } : {}) };
    });
    const selected = asList(live.legend)[0]?.selected;
    const legend = asList(this.option.legend).map((l) => (selected ? { ...l, selected } : l));
    return { ...this.option, animation: false, backgroundColor: '#fff', dataZoom: zooms, legend };
  }

  async export(format: ExportFormat): Promise<Blob | null> {
    const figure = this.figure;
    if (!figure) return null;
    let blob: Blob;
    if (format === 'csv') {
      blob = new Blob([figure.csv], { type: MIME.csv });
    } else if (format === 'png') {
      if (!this.chart) return null;
      const url = this.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff', excludeComponents: ['dataZoom'] });
      blob = dataUrlBlob(url, MIME.png);
    } else {
      const option = this.exportOption();
      if (!option || !this.chart) return null;
      const width = Math.max(320, this.chart.getWidth());
      const height = Math.max(240, this.chart.getHeight());
      // Off screen, never attached: the SVG renderer draws the same option at the same size.
      const div = document.createElement('div');
      div.style.width = `${width}px`;
      div.style.height = `${height}px`;
      const svgChart = echarts.init(div, null, { renderer: 'svg', width, height });
      try {
        svgChart.setOption(option, { notMerge: true });
        blob = new Blob([svgChart.renderToSVGString()], { type: MIME.svg });
      } finally {
        svgChart.dispose();
      }
    }
    if (this.decorateExport && format !== 'csv') blob = await this.decorateExport(format, blob);
    this.download(blob, `${this.nodeId}.${format}`);
    this.dispatchEvent(new CustomEvent<PlotExportDetail>('nw-plot-export', { detail: { nodeId: this.nodeId, format, blob }, bubbles: true, composed: true }));
    return blob;
  }

  private download(blob: Blob, name: string): void {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Revoked later: the browser may still be reading the blob for the download.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }

  private overlay(): TemplateResult | typeof nothing {
    const s = this.status ?? { state: 'idle' };
    switch (s.state) {
      case 'running': {
        const pct = Math.round(Math.max(0, Math.min(1, s.progress)) * 100);
        return html`<div class="progress" role="progressbar" aria-valuenow=${pct} aria-valuemin="0" aria-valuemax="100"><div style="width:${pct}%"></div></div>
          <span class="pct">${pct} %</span>`;
      }
      case 'error':
        return html`<div class="msg error" role="alert">${s.message}</div>`;
      case 'waiting':
        return html`<div class="msg waiting">${s.message}</div>`;
      case 'done':
        // Its times are in the toolbar's corner (.info).
        return nothing;
      default:
        return this.figure ? nothing : html`<div class="msg empty">no figure yet</div>`;
    }
  }

  protected override render(): TemplateResult {
    const id = this.nodeId;
    const fig = this.figure;
    const state = this.status?.state ?? 'idle';
    // Figures with an ECharts title show it in the chart; the others here.
    const chartTitled = fig ? asList(fig.option.title).some((t) => typeof t.text === 'string' && t.text !== '') : false;
    const fade = state === 'error' ? 'faded' : state === 'waiting' ? 'dim' : '';
    return html`<div class="panel">
      <div class="bar">
        ${fig && !chartTitled ? html`<span class="title">${fig.title}</span>` : nothing}
        <span class="id">${id}</span>
        ${this.pinned ? html`<span class="id" title="pinned run drawn in grey, dashed">· pinned</span>` : nothing}
        <span class="spacer"></span>
        <span class="info"></span>
        <button data-testid="plot-${id}-export-png" title="Download the chart as PNG" ?disabled=${!fig} @click=${() => void this.export('png')}>PNG</button>
        <button data-testid="plot-${id}-export-svg" title="Download the chart as SVG" ?disabled=${!fig} @click=${() => void this.export('svg')}>SVG</button>
        <button data-testid="plot-${id}-export-csv" title="Download the plotted data as CSV" ?disabled=${!fig} @click=${() => void this.export('csv')}>CSV</button>
        <button
          data-testid="plot-${id}-pin"
          title=${this.pinned ? 'Remove the pinned run' : 'Keep this run in grey to compare later runs with it'}
          aria-pressed=${this.pinned ? 'true' : 'false'}
          ?disabled=${!fig && !this.pinned}
          @click=${() => this.togglePin()}
        >${this.pinned ? 'Unpin' : 'Pin'}</button>
      </div>
      <div class="stage">
        <div class="chart ${fade}"></div>
        ${this.overlay()}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nw-plot-panel': PlotPanel;
  }
}

if (!customElements.get('nw-plot-panel')) customElements.define('nw-plot-panel', PlotPanel);
