/**
 * The tutorial on its real neuron, in the browser, as a user does it: drop the DA1 skeleton
 * and its synapse table on the page, set the units and the soma, and the plotted traces are
 * NEURON's for that model (tools/neuron goldens, from `npm run goldens`).
 */
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readGolden } from '../tools/neuron/compare.ts';
import { dropFile, figureData, openApp, setParam, settled, status } from './kit.ts';
import { sharedPath } from '../tools/shared-data.ts';

const DA1 = sharedPath('hemibrain-da1-pns');
const hasData = existsSync(resolve(DA1, 'swc/1734350788.swc'));

test(`the DA1 neuron dropped on the page reproduces NEURON's tutorial traces${hasData ? '' : ' (skipped: ../shared/data/hemibrain-da1-pns is absent)'}`, async ({ page }) => {
  test.skip(!hasData, '../shared/data is absent');
  test.setTimeout(120_000);
  await openApp(page);
  await dropFile(page, '1734350788.swc', readFileSync(resolve(DA1, 'swc/1734350788.swc'), 'utf8'));
  await expect(page.getByTestId('toast').last()).toContainText('load.swc');
  await dropFile(page, '1734350788.csv', readFileSync(resolve(DA1, 'synapses/1734350788.csv'), 'utf8'), 'text/csv');
  await expect(page.getByTestId('toast').last()).toContainText('load.synapses');
  await setParam(page, 'load', 'units', '8 nm voxels');
  await setParam(page, 'soma', 'node', [20]);
  await settled(page);
  expect(await status(page, 'run')).toMatchObject({ state: 'done' });
  const plotted = await figureData(page, 'traces');
  const ref = readGolden('tutorial-da1');
  let maxDv = 0;
  for (const s of plotted) {
    const want = ref.traces[s.name] as number[];
    expect(s.data.length).toBe((want.length - 1) * ref.every + 1);
    for (let k = 0; k < want.length; k++) maxDv = Math.max(maxDv, Math.abs(s.data[k * ref.every][1] - want[k]));
  }
  expect(plotted.map((s) => s.name)).toEqual(['dendrite_base', 'axon_tip', 'soma']);
  expect(maxDv).toBeLessThan(1e-6);
});
