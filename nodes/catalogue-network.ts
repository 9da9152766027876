/** The network blocks (one module per block; this file only lists them). */
import type { BlockDef } from './types.ts';
import { edgeListBlock } from './edge-list.ts';
import { pointNetworkBlock } from './point-network.ts';
import { stimulusBlock } from './stimulus.ts';
import { backgroundNoiseBlock } from './background-noise.ts';
import { runNetworkBlock } from './run-network.ts';
import { lifNetworkBlock } from './lif-network.ts';
import { rasterPlotBlock } from './raster-plot.ts';
import { ratePlotBlock } from './rate-plot.ts';
import { spikeTableBlock } from './spike-table.ts';

export const NETWORK_BLOCKS: BlockDef[] = [edgeListBlock, pointNetworkBlock, stimulusBlock, backgroundNoiseBlock, runNetworkBlock, lifNetworkBlock, rasterPlotBlock, ratePlotBlock, spikeTableBlock];
