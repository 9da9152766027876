/** For the worker tests: the tutorial's model value (synthetic neuron), as the recorder before the run gives it. */
import { blockDef } from '../../nodes/index.ts';
import type { ModelValue } from '../../nodes/values.ts';
import { compartmentTutorial } from '../../tools/examples/build.ts';
import { GraphEvaluator } from '../dataflow/evaluator.ts';

export async function tutorialModel(): Promise<ModelValue> {
  const ev = new GraphEvaluator(compartmentTutorial() as unknown as ConstructorParameters<typeof GraphEvaluator>[0], { blockDef, readText: async () => '' });
  const o = await ev.value('rec_soma');
  ev.dispose();
  if (!o.ok) throw new Error(o.message);
  return o.values.model as ModelValue;
}
