/** The example graphs that ship with the app (the same files `neurowire run` takes). */
import tutorial from '../../examples/compartment-tutorial.graph.json?raw';
// The real neuron of the tutorial, its SWC and synapse table embedded (~330 kB of text).
import tutorialDa1 from '../../examples/tutorial-da1.graph.json?raw';
import synaptic from '../../examples/synaptic-input.graph.json?raw';
import pointNetwork from '../../examples/point-network.graph.json?raw';
import connectome from '../../examples/connectome-network.graph.json?raw';
import activeDendrites from '../../examples/active-dendrites.graph.json?raw';
import fiCurve from '../../examples/fi-curve.graph.json?raw';
import fitPassive from '../../examples/fit-passive.graph.json?raw';
import tutorialRepeat from '../../examples/compartment-tutorial-repeat.graph.json?raw';

export const EXAMPLES: Readonly<Record<string, { title: string; text: string }>> = {
  'compartment-tutorial': { title: 'Tutorial 1: synaptic currents on a neuron', text: tutorial },
  'tutorial-da1': { title: 'Tutorial on the DA1 neuron (hemibrain)', text: tutorialDa1 },
  'compartment-tutorial-repeat': { title: 'Tutorial 1 with a Repeat block (subgraph per round)', text: tutorialRepeat },
  'synaptic-input': { title: 'Tutorial 2: noisy synaptic input, spike detector', text: synaptic },
  'point-network': { title: 'Tutorial 3: point network A → B → C', text: pointNetwork },
  'connectome-network': { title: 'Connectome network (edge list)', text: connectome },
  'active-dendrites': { title: 'Active dendrites: six mechanisms from .mod files', text: activeDendrites },
  'fi-curve': { title: 'f–I curve: a sweep of the injected current', text: fiCurve },
  'fit-passive': { title: 'Fit: recovering known passive parameters', text: fitPassive },
};

export const DEFAULT_EXAMPLE = 'compartment-tutorial';
