/** The model blocks (one module per block; this file only lists them). */
import type { BlockDef } from './types.ts';
import { compartmentModel } from './compartment-model.ts';
import { setProperties } from './set-properties.ts';
import { insertMechanism } from './insert-mechanism.ts';
import { synapticCurrent } from './synaptic-current.ts';
import { synapticInput } from './synaptic-input.ts';
import { expSynInput } from './expsyn-input.ts';
import { currentClamp } from './current-clamp.ts';
import { pointProcess } from './point-process.ts';
import { voltageRecorder } from './voltage-recorder.ts';
import { currentRecorder } from './current-recorder.ts';
import { spikeDetector } from './spike-detector.ts';
import { run } from './run.ts';
import { plotTraces } from './plot-traces.ts';
import { morphologyView } from './morphology-view.ts';
import { metricsBlock } from './trace-metrics.ts';
import { sweepBlock } from './sweep.ts';
import { plotXy } from './plot-xy.ts';
import { plotHeatmap } from './plot-heatmap.ts';
import { fitBlock } from './fit.ts';

export const MODEL_BLOCKS: BlockDef[] = [
  compartmentModel,
  setProperties,
  insertMechanism,
  synapticCurrent,
  synapticInput,
  expSynInput,
  currentClamp,
  pointProcess,
  voltageRecorder,
  currentRecorder,
  spikeDetector,
  run,
  sweepBlock,
  fitBlock,
  plotTraces,
  metricsBlock,
  plotXy,
  plotHeatmap,
  morphologyView,
];
