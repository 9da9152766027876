/** The example graphs that ship with the app (the same files `neurowire run` takes). */
import tutorial from '../../examples/compartment-tutorial.graph.json?raw';
// The real neuron of the tutorial, its SWC and synapse table embedded (~330 kB of text).
import tutorialDa1 from '../../examples/tutorial-da1.graph.json?raw';
import synaptic from '../../examples/synaptic-input.graph.json?raw';
import pointNetwork from '../../examples/point-network.graph.json?raw';
import connectome from '../../examples/connectome-network.graph.json?raw';
import connectomeParquet from '../../examples/connectome-parquet.graph.json?raw';
import activeDendrites from '../../examples/active-dendrites.graph.json?raw';
import fiCurve from '../../examples/fi-curve.graph.json?raw';
import fitPassive from '../../examples/fit-passive.graph.json?raw';
import tutorialRepeat from '../../examples/compartment-tutorial-repeat.graph.json?raw';
// The DA1 tutorial with a Repeat block: its neuron's files embedded too (~330 kB more).
import tutorialDa1Repeat from '../../examples/tutorial-da1-repeat.graph.json?raw';

/** title: the picker's and gallery's name; blurb: the gallery's one line; text: the graph file. */
export const EXAMPLES: Readonly<Record<string, { title: string; blurb: string; text: string }>> = {
  'compartment-tutorial': { title: 'Tutorial 1: synaptic currents on a neuron', blurb: 'Four rounds of AlphaSynapses on a passive neuron with hh on the axon; voltage at three sites.', text: tutorial },
  'tutorial-da1': { title: 'Tutorial on the DA1 neuron (hemibrain)', blurb: 'Tutorial 1 on a real hemibrain projection neuron, its skeleton and synapses embedded.', text: tutorialDa1 },
  'compartment-tutorial-repeat': { title: 'Tutorial 1 with a Repeat block (subgraph per round)', blurb: 'Tutorial 1 with its four synaptic rounds as one Repeat block over a table of rounds; the same traces.', text: tutorialRepeat },
  'tutorial-da1-repeat': { title: 'Tutorial on the DA1 neuron with a Repeat block', blurb: 'The DA1 tutorial with its four synaptic rounds as one Repeat block over a table of rounds; the same traces.', text: tutorialDa1Repeat },
  'synaptic-input': { title: 'Tutorial 2: noisy synaptic input, spike detector', blurb: 'A noisy NetStim drives Exp2Syn synapses on 20 dendritic sites; spikes counted at the axon tip.', text: synaptic },
  'point-network': { title: 'Tutorial 3: point network A → B → C', blurb: 'Three IntFire4 neurons: A excites C, B inhibits it.', text: pointNetwork },
  'connectome-network': { title: 'Point network from an edge list (a table, or a connectome CSV)', blurb: 'Six IntFire4 neurons from an edge-list table with delays, every neuron with Poisson background noise; a connectome CSV is a file away.', text: connectome },
  'connectome-parquet': { title: 'Connectome-style network from a Parquet edge list', blurb: '800 IntFire1 neurons of four cell types from a generated Parquet edge list (int64 root ids, as FlyWire ships them), raster grouped by cell type.', text: connectomeParquet },
  'active-dendrites': { title: 'Active dendrites: six mechanisms from .mod files', blurb: 'Na, K, Ca, SK, Ca accumulation and Ih from .mod files, placed by compartment and distance.', text: activeDendrites },
  'fi-curve': { title: 'f–I curve: a sweep of the injected current', blurb: 'A current step swept over 0–0.1 nA; firing rate against current.', text: fiCurve },
  'fit-passive': { title: 'Fit: recovering known passive parameters', blurb: 'Ra, cm and g_pas fitted (Nelder–Mead) to the voltages of a known copy.', text: fitPassive },
};

export const DEFAULT_EXAMPLE = 'compartment-tutorial';
