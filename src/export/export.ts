/**
 * `neurowire export neuron`: a graph → a standalone NEURON script plus its data file.
 * collect.ts evaluates the graph up to every run block's input; plan.ts resolves each model or
 * network into what NEURON must build; sweep-plan.ts finds the sweeps of compartment runs (and
 * the Trace metrics of them) and the numbers each point sets; neuron-script.ts writes the script.
 */
import { collectRuns, q, type CollectOptions } from './collect.ts';
import { compartmentPlan, networkPlan, type Plan } from './plan.ts';
import { neuronScript, scriptData, type ScriptData } from './neuron-script.ts';
import type { Graph } from '../dataflow/graph.ts';
import { safeFileName, safeFileNames } from '../dataflow/safe-names.ts';
import { CoreError } from '../core/errors.ts';
import { MOD_DIR } from './mods.ts';
import { exportSweeps, type MetricsExport, type SweepExport } from './sweep-plan.ts';
import { flattenGraph, SubgraphError } from '../dataflow/subgraph.ts';
import { blockDef as catalogueBlockDef } from '../../nodes/index.ts';

export interface NeuronExport {
  /** The Python script. */
  script: string;
  /** The data file (JSON) the script reads, to be written as `dataFile` next to it (unless embedded). */
  data: ScriptData;
  /** The data file's name (`<safe base name>.data.json`), or null when the data is embedded in the script. */
  dataFile: string | null;
  /** Output file stem per run block id: the script writes `<stem>.csv` (and `<stem>.spikes.csv`). */
  fileNames: Map<string, string>;
  plans: Plan[];
  /** The .mod files to write next to the script (`mod/m00_na.mod`, …; the script also writes them from its data when missing). */
  modFiles: Array<{ path: string; text: string }>;
  /** Warnings of the exported values (the same the run would show), and blocks that evaluate runs but are not exported (fits). */
  warnings: string[];
  /** The sweeps the script runs (their points, the numbers each point sets) and the metrics blocks it computes. */
  sweeps: SweepExport[];
  metrics: MetricsExport[];
}

export interface ExportOptions extends CollectOptions {
  /** Base name of the script, e.g. `model` for model.py and model.data.json (made a safe name for the data file). */
  baseName: string;
  /** The graph file name, for the script's docstring. */
  graphName: string;
  command?: string;
  /** Put the data into the script (one file) instead of `<baseName>.data.json` next to it. */
  embed?: boolean;
}

/**
 * Export every run block of a graph (`--set` applied) to one NEURON script. Any text in the
 * graph is safe here, validated or not: it reaches the script only as string literals, and the
 * output and data file names are safe names (safeFileNames of every block id, as `neurowire
 * run` names its files).
 */
export async function exportNeuron(doc: Pick<Graph, 'nodes' | 'connections' | 'subgraphs'>, opts: ExportOptions): Promise<NeuronExport> {
  // Subgraph instances are exported as their blocks, as every runner expands them (subgraph.ts).
  let graph: Pick<Graph, 'nodes' | 'connections'>;
  try {
    graph = flattenGraph(doc, opts.blockDef ?? catalogueBlockDef).graph;
  } catch (e) {
    if (e instanceof SubgraphError) throw new CoreError('input', e.message);
    throw e;
  }
  const ids = graph.nodes.map((n) => n.id);
  const twice = ids.find((id, k) => ids.indexOf(id) !== k);
  if (twice !== undefined) throw new CoreError('input', `two blocks have the id ${JSON.stringify(twice)}: every block needs its own id`);
  const collected = await collectRuns(graph, opts);
  const plans: Plan[] = [];
  const chains = new Map<string, string[]>();
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
      if (e instanceof CoreError) throw new CoreError(e.code, `run block ${q(r.runId)}: ${e.message}`);
      throw e;
    }
    chains.set(r.runId, r.chain.map((s) => s.id));
  }
  // Sweeps of compartment runs loop over their points in the script; fits stay `neurowire run`'s.
  const sw = await exportSweeps(graph, collected, plans, opts);
  warnings.push(...sw.warnings);
  plans.splice(0, plans.length, ...sw.plans);
  const all = safeFileNames(ids);
  const fileNames = new Map(plans.map((p) => [p.runId, all.get(p.runId)!]));
  const dataFile = `${safeFileName(opts.baseName)}.data.json`;
  const data = scriptData(plans, fileNames);
  const script = neuronScript(plans, chains, {
    sweeps: { sweeps: sw.sweeps, metrics: sw.metrics, columns: sw.columns, files: all },
    graphName: opts.graphName,
    dataFile,
    scriptFile: `${opts.baseName}.py`,
    fileNames,
    notExported: collected.notExported,
    command: opts.command,
    embed: opts.embed ? data : undefined,
  });
  const modFiles = (data.mods ?? []).map((m) => ({ path: `${MOD_DIR}/${m.file}`, text: m.text }));
  return { script, data, dataFile: opts.embed ? null : dataFile, fileNames, plans, modFiles, warnings: [...new Set(warnings)], sweeps: sw.sweeps, metrics: sw.metrics };
}
