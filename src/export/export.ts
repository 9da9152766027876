/**
 * `neurowire export neuron`: a graph → a standalone NEURON script plus its data file.
 * collect.ts evaluates the graph up to every run block's input; plan.ts resolves each model or
 * network into what NEURON must build; neuron-script.ts writes the script.
 */
import { collectRuns, type CollectOptions } from './collect.ts';
import { compartmentPlan, networkPlan, type Plan } from './plan.ts';
import { neuronScript, scriptData, type ScriptData } from './neuron-script.ts';
import type { Graph } from '../dataflow/graph.ts';
import { CoreError } from '../core/errors.ts';

export interface NeuronExport {
  /** The Python script. */
  script: string;
  /** The data file (JSON) the script reads, to be written as `dataFile` next to it (unless embedded). */
  data: ScriptData;
  /** The data file's name, or null when the data is embedded in the script. */
  dataFile: string | null;
  plans: Plan[];
  /** Warnings of the exported values (the same the run would show). */
  warnings: string[];
}

export interface ExportOptions extends CollectOptions {
  /** Base name of the script, e.g. `model` for model.py and model.data.json. */
  baseName: string;
  /** The graph file name, for the script's docstring. */
  graphName: string;
  command?: string;
  /** Put the data into the script (one file) instead of `<baseName>.data.json` next to it. */
  embed?: boolean;
}

/** Export every run block of a graph (validated, `--set` applied) to one NEURON script. */
export async function exportNeuron(graph: Pick<Graph, 'nodes' | 'connections'>, opts: ExportOptions): Promise<NeuronExport> {
  const collected = await collectRuns(graph, opts);
  const plans: Plan[] = [];
  const chains: Record<string, string[]> = {};
  const warnings: string[] = [];
  for (const r of collected.runs) {
    try {
      if (r.kind === 'model') {
        plans.push(compartmentPlan(r.runId, r.sourceId, r.value, r.params, r.chain));
        warnings.push(...r.value.neuron.warnings);
      } else {
        plans.push(networkPlan(r.runId, r.sourceId, r.value, r.params));
        warnings.push(...r.value.warnings);
      }
    } catch (e) {
      if (e instanceof CoreError) throw new CoreError(e.code, `run block "${r.runId}": ${e.message}`);
      throw e;
    }
    chains[r.runId] = r.chain.map((s) => s.id);
  }
  const dataFile = `${opts.baseName}.data.json`;
  const data = scriptData(plans);
  const script = neuronScript(plans, chains, { graphName: opts.graphName, dataFile, notExported: collected.notExported, command: opts.command, embed: opts.embed ? data : undefined });
  return { script, data, dataFile: opts.embed ? null : dataFile, plans, warnings: [...new Set(warnings)] };
}
