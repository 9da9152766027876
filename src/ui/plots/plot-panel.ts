/**
 * `<nw-plot-panel>`: one block's figure drawn with ECharts, with a small toolbar (export PNG,
 * SVG and CSV; pin the current run to compare later runs with it; the run history) and its
 * block's status over the chart (progress while running, the message on error or while
 * waiting, the times when done). See src/ui/CONTRACT.md for the test ids; `figureData()` is
 * what the chart draws.
 *
 * Every complete run is kept in the plot's history (src/ui/history/: the last N per graph, in
 * IndexedDB): earlier runs are drawn under the current one from their stored (bounded) copy —
 * pinned ones grey dashed, all shown ones light grey with "keep lines", one in colour to compare.
 */
import { controlStyles, panelStyles } from '../panel-styles.ts';
import { LitElement, css, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import * as echarts from 'echarts/core';
import { HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomInsideComponent, DataZoomSliderComponent, GraphicComponent, GridComponent, LegendComponent, MarkAreaComponent, TitleComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { FigureValue } from '../../../nodes/values.ts';
import type { NodeStatus } from '../../dataflow/evaluator.ts';
import type { Staleness } from '../block-results.ts';
import { asList, decorate, PINNED_SUFFIX, seriesData, withRuns, type Option, type RunOverlay, type SeriesPoints } from './figure-option.ts';
import { HistoryHub } from '../history/hub.ts';
import type { PlotHistory } from '../history/plot-history.ts';
import type { StoredRun } from '../history/run.ts';
import { historyList, historyStyles } from '../history/history-list.ts';
import { currentTheme, THEME_EVENT } from '../layout/theme.ts';
import { DEFAULT_MAX_SERIES, drawnData, shapeOf, exactTooltip, fixAxes, limitSeries, pinnedOf, reducible, windows, xExtents } from './drawn-option.ts';
import { pngWithTitle, svgWithTitle } from './export-title.ts';

// Heatmaps (a 2-D sweep, a big raster's density) need their chart and the continuous visual map.
echarts.use([LineChart, ScatterChart, HeatmapChart, VisualMapContinuousComponent, GridComponent, LegendComponent, TooltipComponent, DataZoomInsideComponent, DataZoomSliderComponent, MarkAreaComponent, TitleComponent, GraphicComponent, CanvasRenderer, SVGRenderer]);

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

/** How far the run of a figure drawn from a run still going has got (streaming runs), else null. */
export function partialOf(figure: FigureValue | null): { fraction: number; t: number } | null {
  const p = (figure as (FigureValue & { partial?: { fraction?: unknown; t?: unknown } }) | null)?.partial;
  return p && typeof p.fraction === 'number' && typeof p.t === 'number' ? { fraction: p.fraction, t: p.t } : null;
}

/** Where a figure's time axis ends: the first x axis's fixed max (a run's tstop), else null. */
function axisEnd(figure: FigureValue): number | null {
  const max = asList(figure.option.xAxis)[0]?.max;
  return typeof max === 'number' ? max : null;
}

/** A time in ms as the run's progress reads: whole ms for long runs, tenths for short ones. */
const msText = (t: number, of: number | null): string => t.toFixed((of ?? t) >= 100 ? 0 : 1);

export class PlotPanel extends LitElement {
  static override properties = {
    nodeId: { type: String },
    graphKey: { attribute: false },
    figure: { attribute: false },
    status: { attribute: false },
    stale: { attribute: false },
    history: { attribute: false },
    historyOpen: { state: true },
    historyVersion: { state: true },
    maxSeries: { type: Number },
    seriesLimit: { state: true },
    maximised: { type: Boolean, reflect: true },
  };

  /** The panel fills the window (its toolbar button, or Escape, restores it). */
  declare maximised: boolean;

  declare nodeId: string;
  /**
   * Which graph the panel shows: its history key (src/ui/history/graph-key.ts). Runs and pins
   * belong to their graph, not to a block id another graph also has.
   */
  declare graphKey: string | null;
  /** The run histories (set by the app; a panel on its own keeps them in memory). */
  declare history: HistoryHub | null;
  /** The history list is open. */
  private declare historyOpen: boolean;
  /** The plot history's version, followed (a change re-renders). */
  private declare historyVersion: number;
  declare figure: FigureValue | null;
  declare status: NodeStatus;
  /** The figure shown is not the current result: being recomputed, or its recompute was stopped. */
  declare stale: Staleness;
  /** Series drawn at first when a figure has more (the toolbar offers the rest). */
  declare maxSeries: number;
  /** Series drawn now at most (grows with "show more" / "all", back to maxSeries for a new block). */
  private declare seriesLimit: number;
  /** Series of the current figure drawn / in all. */
  private counts = { shown: 0, total: 0 };
  /**
   * Set by the panel's owner: turns an exported PNG/SVG into the file that is downloaded (the
   * app embeds the graph in it). Awaited before the download; CSV is not passed through it.
   */
  decorateExport?: (format: ExportFormat, blob: Blob) => Promise<Blob>;
  /** This plot's history for the graph shown, and its unsubscribe. */
  private plotHistory: PlotHistory | null = null;
  private unfollow: (() => void) | null = null;
  /** A hub of its own when the app gave none (memory only). */
  private ownHub: HistoryHub | null = null;
  /** The figure shown when the graph changed: the last graph's, not to be kept as this one's run. */
  private notOurs: FigureValue | null = null;
  /** When and how fast the current figure was drawn (shown without a re-render, see updated()). */
  private drawn: { at: Date; ms: number } | null = null;

  private chart: echarts.ECharts | null = null;
  private resizer: ResizeObserver | null = null;
  /** The option as last given to the chart (decorated, pinned series included). */
  private option: Option | null = null;
  private drawnFigure: FigureValue | null = null;
  /** The earlier runs drawn with it (ids, styles, names), as a string to compare. */
  private drawnRuns = '';
  private resizeFrame = 0;
  private drawFrame = 0;
  private zoomFrame = 0;
  /** The x extents the zoom percentages refer to, and the pixel columns the data was reduced for. */
  private extents: Array<[number, number] | null> = [];
  private columns = 0;
  private drawnLimit = 0;
  /** What the drawn option looks like apart from its data (see shapeOf): equal shapes are updated by their data alone. */
  private drawnShape = '';

  constructor() {
    super();
    this.nodeId = '';
    this.figure = null;
    this.status = { state: 'idle' };
    this.stale = null;
    this.graphKey = null;
    this.history = null;
    this.historyOpen = false;
    this.historyVersion = 0;
    this.maxSeries = DEFAULT_MAX_SERIES;
    this.seriesLimit = DEFAULT_MAX_SERIES;
    this.maximised = false;
  }

  static override styles = [
    panelStyles,
    controlStyles,
    historyStyles,
    css`
    /* Maximised: over the whole window (!important: the page sizes the panels from outside). */
    :host([maximised]) {
      position: fixed !important;
      inset: 10px !important;
      width: auto !important;
      height: auto !important;
      min-width: 0 !important;
      z-index: 950;
      /* Dims the page around it. */
      box-shadow: 0 0 0 100vmax rgba(10, 14, 22, 0.45);
    }
    /* A narrow panel (1024 px windows) drops the times before any button. */
    :host {
      container-type: inline-size;
    }
    @container (max-width: 600px) {
      .info {
        display: none;
      }
    }
    .bar {
      display: flex;
      align-items: center;
      gap: 4px;
      padding: 3px 6px;
      border-bottom: 1px solid var(--nw-line, #eee);
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
    .chart.stale {
      opacity: 0.45;
    }
    .stale-note {
      font-size: 11px;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      min-width: 0;
      padding: 1px 6px;
      border-radius: 3px;
      background: #fff8e1;
      border: 1px solid #e0c36a;
      color: #6b5310;
    }
    .stale-note.running {
      background: #eaf1fb;
      border-color: #8aa6d6;
      color: #28508f;
    }
    .stale-note.stopped {
      background: #f3f3f3;
      border-color: #bbb;
      color: #555;
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
    .series {
      font-size: 11px;
      color: #a0522d;
      white-space: nowrap;
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
    window.addEventListener(THEME_EVENT, this.onTheme);
    window.addEventListener('keydown', this.onKey);
  }

  /** The theme changed: ECharts takes a theme only at init, so the chart is made and drawn again. */
  private onTheme = (): void => {
    this.resizer?.disconnect();
    this.resizer = null;
    this.chart?.dispose();
    this.chart = null;
    this.drawnFigure = null;
    this.drawnRuns = '';
    this.requestUpdate();
  };

  /** Escape restores a maximised panel. */
  private onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.maximised) {
      e.stopPropagation();
      this.maximised = false;
    }
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(THEME_EVENT, this.onTheme);
    window.removeEventListener('keydown', this.onKey);
    this.resizer?.disconnect();
    this.resizer = null;
    cancelAnimationFrame(this.resizeFrame);
    cancelAnimationFrame(this.zoomFrame);
    cancelAnimationFrame(this.drawFrame);
    this.drawFrame = 0;
    this.chart?.dispose();
    this.chart = null;
    this.drawnFigure = null;
    this.drawnRuns = '';
    this.unfollow?.();
    this.unfollow = null;
    this.plotHistory = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('nodeId')) {
      if (changed.get('nodeId') !== undefined) this.seriesLimit = this.maxSeries;
      this.setAttribute('data-testid', `plot-${this.nodeId}`);
    }
    if (changed.has('graphKey') || changed.has('nodeId') || changed.has('history') || !this.plotHistory) this.followHistory();
    // Complete runs go to the history (a reference is queued; stored when the page is idle). A
    // panel on its own (no hub from the app) keeps only the runs pinned.
    if (changed.has('figure') && this.history && this.figure && this.figure !== this.notOurs && !partialOf(this.figure)) this.plotHistory?.offer(this.figure);
    if (changed.has('maxSeries') && this.seriesLimit < this.maxSeries) this.seriesLimit = this.maxSeries;
    if (changed.has('figure') || (changed as Map<PropertyKey, unknown>).has('seriesLimit') || changed.has('maxSeries')) {
      const total = this.figure ? asList(this.figure.option.series).length : 0;
      this.counts = { shown: Math.min(total, this.seriesLimit), total };
    }
    if (changed.has('status')) this.setAttribute('data-status', this.status?.state ?? 'idle');
    if (changed.has('figure')) {
      const p = partialOf(this.figure);
      if (p) this.setAttribute('data-partial', String(p.t));
      else this.removeAttribute('data-partial');
    }
    if (changed.has('stale')) {
      if (this.stale) this.setAttribute('data-stale', this.stale);
      else this.removeAttribute('data-stale');
    }
  }

  /** Follow the history of this plot of the graph shown (another graph, block or hub: another history). */
  private followHistory(): void {
    if (!this.nodeId || !this.isConnected) return;
    const hub = this.history ?? (this.ownHub ??= new HistoryHub());
    const h = hub.get(this.graphKey ?? 'session:panel', this.nodeId);
    if (h === this.plotHistory) return;
    // Not the first history followed: the figure shown now is the last graph's (or block's).
    if (this.plotHistory) this.notOurs = this.figure;
    this.unfollow?.();
    this.plotHistory = h;
    this.unfollow = h.subscribe(() => (this.historyVersion = h.version));
    this.historyVersion = h.version;
  }

  /** The earlier runs to draw with the current figure: pinned, shown with keep lines, and the one compared. */
  private earlierRuns(): RunOverlay[] {
    const h = this.plotHistory;
    const fig = this.figure;
    if (!h || !fig) return [];
    const current = h.runOf(fig)?.id;
    const style = (r: StoredRun): RunOverlay['style'] => (r.id === h.compare ? 'compare' : r.pinned ? 'pinned' : 'kept');
    const rank = { kept: 0, pinned: 1, compare: 2 };
    const shown = h.runs.filter((r) => r.id !== current && r.kind === fig.figure && (r.id === h.compare || (r.visible && (r.pinned || h.settings.keep))));
    const pins = shown.filter((r) => style(r) === 'pinned').length;
    return shown
      .map((r): RunOverlay => {
        const st = style(r);
        const suffix = st === 'compare' ? ` (compare, run ${r.n})` : st === 'pinned' ? (pins === 1 ? PINNED_SUFFIX : ` (pinned, run ${r.n})`) : ` (run ${r.n})`;
        return { id: r.id, option: r.option, style: st, suffix };
      })
      .sort((a, b) => rank[a.style] - rank[b.style]);
  }

  private static runsKey(runs: readonly RunOverlay[]): string {
    return runs.map((r) => `${r.id}${r.style}${r.suffix}`).join('|');
  }

  protected override updated(): void {
    if (!this.isConnected) return;
    if (!this.chart) this.makeChart();
    if (this.needsDraw()) {
      // A run's next partial result is drawn at the next frame, in a task of its own (not in the
      // one that received the samples and computed the figure), and results that come faster
      // than frames are drawn once; everything else at once, as before.
      if (partialOf(this.figure) && this.drawnFigure) {
        this.drawFrame ||= requestAnimationFrame(() => {
          this.drawFrame = 0;
          if (this.isConnected && this.needsDraw()) this.draw();
        });
      } else this.draw();
    }
    const info = this.renderRoot.querySelector<HTMLElement>('.info');
    if (info) {
      const s = this.status;
      const d = this.drawn;
      info.textContent = s?.state === 'done' && d ? `${Math.round(s.ms)} ms · drawn ${clock(d.at)} in ${Math.round(d.ms)} ms` : '';
      info.title = s?.state === 'done' && d ? `computed in ${Math.round(s.ms)} ms; drawn at ${clock(d.at)} in ${Math.round(d.ms)} ms` : '';
    }
    // Filled here, not in render(): the figure shown is drawn (and timed) after render().
    const at = this.renderRoot.querySelector<HTMLElement>('.stale-at');
    if (at) at.textContent = this.drawn ? clock(this.drawn.at) : '?';
  }

  /** The chart shows another figure, earlier runs or number of series than the panel has now. */
  private needsDraw(): boolean {
    return this.figure !== this.drawnFigure || this.seriesLimit !== this.drawnLimit || PlotPanel.runsKey(this.earlierRuns()) !== this.drawnRuns;
  }

  private makeChart(): void {
    const el = this.renderRoot.querySelector<HTMLDivElement>('.chart');
    if (!el) return;
    this.chart = echarts.init(el, currentTheme() === 'dark' ? 'dark' : null, { renderer: 'canvas' });
    this.resizer = new ResizeObserver(() => {
      cancelAnimationFrame(this.resizeFrame);
      this.resizeFrame = requestAnimationFrame(() => {
        // The observer also reports the size the chart was made with: drawing it again costs a
        // full render (~30 ms for 50 big traces) and changes nothing.
        if (!this.chart || (el.clientWidth === this.chart.getWidth() && el.clientHeight === this.chart.getHeight())) return;
        this.chart.resize();
        // Wider: more columns to fill (narrower: the points drawn are still all real samples).
        if (this.chart && this.chart.getWidth() > this.columns) this.redecimate();
      });
    });
    this.resizer.observe(el);
    // A new zoom window: the data under it reduced again, once per frame.
    this.chart.on('datazoom', () => {
      cancelAnimationFrame(this.zoomFrame);
      this.zoomFrame = requestAnimationFrame(() => this.redecimate());
    });
  }

  /**
   * The exact option: the figure's first seriesLimit series, with the earlier runs' (their
   * series of the same names, from their stored copies) under them, every sample, x axes fixed
   * to the data's extent.
   */
  private optionFor(figure: FigureValue, runs: readonly RunOverlay[]): Option {
    const limited = limitSeries(figure.option, this.seriesLimit);
    const others = runs.map((r) => ({ ...r, option: pinnedOf(r.option, limited.option) }));
    const option = decorate(withRuns(limited.option, others), figure.figure);
    this.extents = xExtents(option);
    // Axes fixed only where data will be replaced per zoom window; other figures keep ECharts' nice ranges.
    return asList(option.series).some(reducible) ? fixAxes(option, this.extents) : option;
  }

  /** The zoom window in percent of the x extent, as the chart has it now. */
  private zoomWindow(): [number, number] {
    const z = asList(this.chart?.getOption().dataZoom).find((d) => typeof d.start === 'number' && typeof d.end === 'number');
    return z ? [z.start as number, z.end as number] : [0, 100];
  }

  /** The exact option reduced to what `columns` pixel columns show of the zoom window: what ECharts draws. */
  private drawnOption(option: Option, columns: number, zoom: [number, number]): Option {
    const data = drawnData(option, columns, windows(this.extents, zoom[0], zoom[1]));
    if (!data.some((d) => d !== null)) return option;
    const series = asList(option.series).map((s, i) => {
      const d = data[i];
      if (!d) return s;
      // Already one point per column extreme: ECharts' own sampling would drop extremes.
      const { sampling: _s, ...rest } = s;
      return { ...rest, data: d };
    });
    const tooltip = asList(option.tooltip)[0] ?? {};
    const axis = tooltip.trigger === 'axis' && tooltip.formatter === undefined;
    return { ...option, series, ...(axis ? { tooltip: { ...tooltip, formatter: exactTooltip(option) } } : {}) };
  }

  /** Reduce the data again for the chart's current zoom window and width. */
  private redecimate(): void {
    const chart = this.chart;
    const option = this.option;
    if (!chart || !option) return;
    const columns = Math.max(1, Math.round(chart.getWidth()));
    const data = drawnData(option, columns, windows(this.extents, ...this.zoomWindow()));
    if (!data.some((d) => d !== null)) return;
    this.columns = columns;
    // Merged by index: only the reduced series get new data; the zoom window stays.
    chart.setOption({ series: data.map((d) => (d ? { data: d } : {})) });
  }

  private draw(): void {
    const chart = this.chart;
    if (!chart) return;
    cancelAnimationFrame(this.drawFrame);
    this.drawFrame = 0;
    const previous = this.drawnFigure;
    const runs = this.earlierRuns();
    this.drawnFigure = this.figure;
    this.drawnRuns = PlotPanel.runsKey(runs);
    this.drawnLimit = this.seriesLimit;
    if (!this.figure) {
      chart.clear();
      this.option = null;
      this.drawn = null;
      return;
    }
    const t0 = performance.now();
    // The next result of a run still going (or its final one) keeps the window the user zoomed to.
    const growing = previous !== null && partialOf(previous) !== null && this.option !== null;
    const kept = growing ? this.zoomWindow() : null;
    const option = this.optionFor(this.figure, runs);
    this.columns = Math.max(1, Math.round(chart.getWidth()));
    // A new option starts unzoomed (notMerge), unless the figure sets its own window.
    const z = asList(option.dataZoom).find((d) => typeof d.start === 'number' || typeof d.end === 'number');
    const zoom: [number, number] = kept ?? [typeof z?.start === 'number' ? z.start : 0, typeof z?.end === 'number' ? z.end : 100];
    let drawn = this.drawnOption(option, this.columns, zoom);
    if (kept) drawn = { ...drawn, dataZoom: asList(drawn.dataZoom).map((d) => ({ ...d, start: kept[0], end: kept[1] })) };
    // The dark theme's own background is navy: the panel's colour shows through instead.
    if (currentTheme() === 'dark') drawn = { ...drawn, backgroundColor: 'transparent' };
    drawn = progressiveCells(drawn);
    const shape = shapeOf(drawn);
    if (growing && shape === this.drawnShape) {
      // The next result of the same run: only the data (and the note on it) changes. Merged by
      // index, ECharts keeps its axes, zoom, legend and tooltip views: a third of a full draw,
      // which on the DA1 tutorial went over 50 ms per partial result.
      const series = asList(drawn.series).map((s) => ({ data: s.data }));
      chart.setOption({ series, ...(drawn.title !== undefined ? { title: drawn.title } : {}), ...(drawn.tooltip !== undefined ? { tooltip: drawn.tooltip } : {}) });
    } else chart.setOption(drawn, { notMerge: true });
    this.drawnShape = shape;
    this.option = option;
    this.setAttribute('data-series-shown', String(this.counts.shown));
    this.setAttribute('data-series-total', String(this.counts.total));
    this.drawn = { at: new Date(), ms: performance.now() - t0 };
    // ECharts renders synchronously in setOption (no lazyUpdate): the figure is on screen now.
    // The live-tweak benchmark times edits up to this event.
    this.dispatchEvent(new CustomEvent('nw-plot-drawn', { detail: { nodeId: this.nodeId, ms: this.drawn.ms }, bubbles: true, composed: true }));
  }

  /**
   * The data of the series the chart shows, earlier runs included (as stored: every sample of
   * runs within the history's budget), as [x, y]: every sample (exact), not the points per
   * pixel column it draws (drawnData()).
   */
  figureData(): { series: SeriesPoints[] } {
    return seriesData(this.option ?? (this.figure ? this.optionFor(this.figure, this.earlierRuns()) : null));
  }

  /** The points ECharts was given: per pixel column of the zoom window, for big traces. */
  drawnData(): { series: SeriesPoints[] } {
    return seriesData(this.chart && this.option ? (this.chart.getOption() as Option) : null);
  }

  /** Series of the figure drawn and in all ("showing N of M traces"). */
  get seriesCounts(): { shown: number; total: number } {
    return { ...this.counts };
  }

  /** Draw `n` more series of the figure (all of them with Infinity). */
  showMoreSeries(n: number = this.maxSeries): void {
    this.seriesLimit = n === Infinity ? Infinity : Math.min(this.counts.total, this.seriesLimit + n);
  }

  /** Draw the first maxSeries series again. */
  showFewerSeries(): void {
    this.seriesLimit = this.maxSeries;
  }

  /** Pin the current run in the history (stored now if it was only queued), or unpin it. */
  togglePin(): Promise<void> {
    return this.figure && this.plotHistory ? this.plotHistory.togglePin(this.figure) : Promise.resolve();
  }

  /** The current run is pinned. */
  get isPinned(): boolean {
    return this.plotHistory?.runOf(this.figure)?.pinned ?? false;
  }

  /** The plot's history (for tests and the app), or null before the panel is on the page. */
  get runHistory(): PlotHistory | null {
    return this.plotHistory;
  }

  /** The kept runs, oldest first, without their data (test hook). */
  historyRuns(): Array<Omit<StoredRun, 'option'> & { current: boolean }> {
    const h = this.plotHistory;
    if (!h) return [];
    const current = h.runOf(this.figure)?.id;
    return h.runs.map(({ option: _o, ...r }) => ({ ...r, current: r.id === current }));
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

  /** In the dark theme an exported PNG is still drawn light (for papers and slides): off screen, same size and option. */
  private lightPng(): string | null {
    const option = this.exportOption();
    if (!option || !this.chart) return null;
    const width = this.chart.getWidth();
    const height = this.chart.getHeight();
    const div = document.createElement('div');
    const light = echarts.init(div, null, { renderer: 'canvas', width, height });
    try {
      light.setOption(option, { notMerge: true });
      return light.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    } finally {
      light.dispose();
    }
  }

  async export(format: ExportFormat): Promise<Blob | null> {
    const figure = this.figure;
    if (!figure) return null;
    let blob: Blob;
    // The title the panel shows in its header goes into the images too (a figure with an
    // ECharts title of its own has it drawn already).
    const titled = Boolean(figure.title) && !asList(figure.option.title).some((t) => typeof t.text === 'string' && t.text !== '');
    if (format === 'csv') {
      blob = new Blob([figure.csv], { type: MIME.csv });
    } else if (format === 'png') {
      if (!this.chart) return null;
      const url = currentTheme() === 'dark' ? this.lightPng() : this.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff', excludeComponents: ['dataZoom'] });
      if (!url) return null;
      blob = dataUrlBlob(titled ? await pngWithTitle(url, figure.title, 2) : url, MIME.png);
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
        const svg = svgChart.renderToSVGString();
        blob = new Blob([titled ? svgWithTitle(svg, figure.title, width, height) : svg], { type: MIME.svg });
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

  /** Says the chart shows an older result, and of when (the time it was drawn, see updated()). */
  private staleNote(): TemplateResult | typeof nothing {
    if (!this.figure) return nothing;
    const id = this.nodeId;
    const partial = partialOf(this.figure);
    if (partial) {
      // The trace as far as the run has got: not an old result, so not dimmed, unless stopped there.
      const end = axisEnd(this.figure);
      const where = `t = ${msText(partial.t, end)}${end !== null ? ` of ${msText(end, end)}` : ''} ms`;
      return this.stale === 'stopped'
        ? html`<span class="stale-note stopped" data-testid="plot-${id}-stale" role="status">stopped at ${where} — showing the run that far</span>`
        : html`<span class="stale-note running" data-testid="plot-${id}-partial" role="status">running… ${where}</span>`;
    }
    if (!this.stale) return nothing;
    return this.stale === 'recomputing'
      ? html`<span class="stale-note recomputing" data-testid="plot-${id}-stale" role="status">recomputing… (showing the result of <span class="stale-at"></span>)</span>`
      : html`<span class="stale-note stopped" data-testid="plot-${id}-stale" role="status">stopped — showing the previous result (of <span class="stale-at"></span>)</span>`;
  }

  /** "showing N of M traces" with the buttons for more, all, or the first ones again. */
  private seriesControl(): TemplateResult | typeof nothing {
    const { shown, total } = this.counts;
    const id = this.nodeId;
    if (!this.figure || (total <= this.maxSeries && shown === total)) return nothing;
    const more = Math.min(this.maxSeries, total - shown);
    return html`<span class="series" data-testid="plot-${id}-series" title="Only the first traces are drawn; the CSV has them all">showing ${shown} of ${total} traces</span>
      ${shown < total
        ? html`<button data-testid="plot-${id}-show-more" title="Draw the next ${more} traces" @click=${() => this.showMoreSeries()}>+${more}</button>
            <button data-testid="plot-${id}-show-all" title="Draw all ${total} traces" @click=${() => this.showMoreSeries(Infinity)}>all</button>`
        : nothing}
      ${shown > this.maxSeries ? html`<button data-testid="plot-${id}-show-fewer" title="Draw the first ${this.maxSeries} traces only" @click=${() => this.showFewerSeries()}>first ${this.maxSeries}</button>` : nothing}`;
  }

  protected override render(): TemplateResult {
    const id = this.nodeId;
    const fig = this.figure;
    const state = this.status?.state ?? 'idle';
    // Figures with an ECharts title show it in the chart; the others here.
    const chartTitled = fig ? asList(fig.option.title).some((t) => typeof t.text === 'string' && t.text !== '') : false;
    const partial = partialOf(fig);
    // A run's trace drawn as it grows is current, not stale: dimmed only once stopped there.
    const stale = !!this.stale && !!fig && (!partial || this.stale === 'stopped');
    const fade = state === 'error' ? 'faded' : stale ? 'stale' : state === 'waiting' ? 'dim' : '';
    const h = this.plotHistory;
    const pins = h ? h.runs.filter((r) => r.pinned).length : 0;
    const pinned = this.isPinned;
    return html`<div class="panel">
      <div class="bar">
        ${fig && !chartTitled ? html`<span class="title">${fig.title}</span>` : nothing}
        <span class="id">${id}</span>
        ${pins ? html`<span class="id" title="pinned runs are drawn in grey, dashed">· ${pins} pinned</span>` : nothing}
        ${this.staleNote()}
        <span class="spacer"></span>
        ${this.seriesControl()}
        <span class="info" ?hidden=${(!!this.stale || !!partial) && !!fig}></span>
        <button data-testid="plot-${id}-export-png" title="Download the chart as PNG" ?disabled=${!fig} @click=${() => void this.export('png')}>PNG</button>
        <button data-testid="plot-${id}-export-svg" title="Download the chart as SVG" ?disabled=${!fig} @click=${() => void this.export('svg')}>SVG</button>
        <button
          data-testid="plot-${id}-export-csv"
          title=${partial ? 'The CSV comes with the complete run' : 'Download the plotted data as CSV'}
          ?disabled=${!fig || !!partial}
          @click=${() => void this.export('csv')}
        >CSV</button>
        <button
          data-testid="plot-${id}-pin"
          title=${pinned ? 'Unpin this run' : 'Keep this run (grey, dashed) to compare later runs with it'}
          aria-pressed=${pinned ? 'true' : 'false'}
          ?disabled=${!fig || !!partial}
          @click=${() => void this.togglePin()}
        >${pinned ? 'Unpin' : 'Pin'}</button>
        <button
          data-testid="plot-${id}-history"
          title="Earlier runs of this plot: show, hide, label, pin, compare, delete"
          aria-pressed=${this.historyOpen ? 'true' : 'false'}
          ?disabled=${!h}
          @click=${() => (this.historyOpen = !this.historyOpen)}
        >History (${h?.runs.length ?? 0})</button>
        <button
          data-testid="plot-${id}-maximise"
          title=${this.maximised ? 'Restore (Escape)' : 'Maximise: fill the window'}
          aria-label=${this.maximised ? 'Restore' : 'Maximise'}
          aria-pressed=${this.maximised ? 'true' : 'false'}
          @click=${() => (this.maximised = !this.maximised)}
        >${this.maximised ? ICON_RESTORE : ICON_MAXIMISE}</button>
      </div>
      <div class="stage">
        <div class="chart ${fade}"></div>
        ${this.overlay()}
        ${h && this.historyOpen ? historyList(h, id, h.runOf(fig)?.id) : nothing}
      </div>
    </div>`;
  }
}

/** The maximise / restore button's icons: corners pointing out / in. */
const icon = (d: string) => html`<svg viewBox="0 0 12 12" width="11" height="11" aria-hidden="true" style="vertical-align: -1px">${svg`<path d=${d} fill="none" stroke="currentColor" stroke-width="1.5"></path>`}</svg>`;
const ICON_MAXIMISE = icon('M1 4.5V1h3.5M7.5 1H11v3.5M11 7.5V11H7.5M4.5 11H1V7.5');
const ICON_RESTORE = icon('M4 1v3H1M8 1v3h3M11 8H8v3M1 8h3v3');

declare global {
  interface HTMLElementTagNameMap {
    'nw-plot-panel': PlotPanel;
  }
}

if (!customElements.get('nw-plot-panel')) customElements.define('nw-plot-panel', PlotPanel);

/** Cells of a heatmap ECharts draws per frame on screen (a raster's density grid has up to 30,000). */
const CELLS_PER_FRAME = 4000;

/**
 * On screen, a big heatmap draws over several frames: at once, a 127,000-neuron raster's 30,000
 * cells were a ~0.5 s task (ECharts makes an element per cell). Exports keep the figure's own
 * setting (everything at once: an SVG or PNG is drawn complete).
 */
function progressiveCells(option: Option): Option {
  const series = asList(option.series);
  if (!series.some((s) => s.type === 'heatmap' && Array.isArray(s.data) && s.data.length > CELLS_PER_FRAME)) return option;
  return { ...option, series: series.map((s) => (s.type === 'heatmap' ? { ...s, progressive: CELLS_PER_FRAME, progressiveThreshold: CELLS_PER_FRAME } : s)) };
}
