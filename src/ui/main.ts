/**
 * The start page: the tutorial's compartment model on the built-in synthetic projection
 * neuron, already run, with its voltage traces. Dragging a parameter re-runs the model in the
 * worker (a newer request cancels the older) and redraws. (The block editor comes next; this
 * page shows the core loop: change a parameter, see the traces.)
 */
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { TUTORIAL_DEFAULTS, type TutorialParams } from '../scenarios/tutorial.ts';
import type { FromWorker, ToWorker } from '../worker/protocol.ts';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

interface Control {
  key: keyof TutorialParams;
  label: string;
  unit: string;
  min: number;
  max: number;
  step: number;
}

const CONTROLS: Control[] = [
  { key: 'gmax', label: 'max synaptic conductance', unit: 'µS', min: 0, max: 0.3, step: 0.005 },
  { key: 'synE', label: 'synaptic reversal potential', unit: 'mV', min: -40, max: 20, step: 1 },
  { key: 'Ra', label: 'axial resistivity Ra', unit: 'Ω·cm', min: 50, max: 800, step: 1 },
  { key: 'cm', label: 'membrane capacitance cm', unit: 'µF/cm²', min: 0.3, max: 2, step: 0.05 },
  { key: 'ePas', label: 'leak reversal e_pas', unit: 'mV', min: -80, max: -40, step: 1 },
];

const app = document.getElementById('app')!;
app.innerHTML = `
  <header><h1>NeuroWire</h1><p>Tutorial: synaptic currents on a projection neuron (synthetic skeleton) — NEURON 8.2-exact</p></header>
  <div class="layout">
    <section class="panel" id="params"></section>
    <section class="panel"><div class="progress"><div id="bar"></div></div><div id="plot"></div><div class="status" id="status"></div></section>
  </div>`;

const params: TutorialParams = { ...TUTORIAL_DEFAULTS };
const panel = document.getElementById('params')!;
for (const c of CONTROLS) {
  const div = document.createElement('div');
  div.className = 'param';
  div.innerHTML = `<label><span>${c.label}</span><span><output data-testid="value-${c.key}">${params[c.key]}</output> <span class="unit">${c.unit}</span></span></label>
    <input type="range" data-testid="param-${c.key}" min="${c.min}" max="${c.max}" step="${c.step}" value="${params[c.key]}">`;
  const input = div.querySelector('input')!;
  const out = div.querySelector('output')!;
  input.addEventListener('input', () => {
    params[c.key] = Number(input.value);
    out.textContent = input.value;
    request();
  });
  panel.appendChild(div);
}

const chart = echarts.init(document.getElementById('plot')!);
const status = document.getElementById('status')!;
const bar = document.getElementById('bar') as HTMLDivElement;
const worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module' });
let latest = 0;

function request(): void {
  const msg: ToWorker = { type: 'run', id: ++latest, params: { ...params } };
  worker.postMessage(msg);
  status.className = 'status';
  status.textContent = 'running…';
}

worker.onmessage = (ev: MessageEvent<FromWorker>) => {
  const m = ev.data;
  if (m.id !== latest) return; // a stale run's message
  if (m.type === 'progress') {
    bar.style.width = `${Math.round(m.fraction * 100)}%`;
    status.textContent = `running ${Math.round(m.fraction * 100)} %`;
  } else if (m.type === 'error') {
    status.className = 'status error';
    status.textContent = m.message;
  } else {
    bar.style.width = '100%';
    status.textContent = `done in ${m.wallMs.toFixed(0)} ms · ${m.sections} sections, ${m.segments} segments${m.warnings.length ? ' · ' + m.warnings.join('; ') : ''}`;
    (window as unknown as { __neurowire: unknown }).__neurowire = { t: m.t, traces: m.traces };
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: {},
      dataZoom: [{ type: 'inside' }, { type: 'slider' }],
      xAxis: { type: 'value', name: 'time (ms)', min: 0, max: m.t[m.t.length - 1] },
      yAxis: { type: 'value', name: 'V (mV)', scale: true },
      series: Object.entries(m.traces).map(([name, v]) => ({
        name,
        type: 'line',
        showSymbol: false,
        sampling: 'lttb',
        data: Array.from(v, (y, k) => [m.t[k], y]),
      })),
    });
  }
};

request();
