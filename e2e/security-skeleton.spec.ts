/**
 * Real skeletons never give a silent wrong model: a neuron whose file has no soma (hemibrain
 * 722817260) gets a guessed soma that is shown as a warning on the Set soma block, and the same
 * file taken for µm shows, on the load block, the unit it is more likely in.
 */
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dropFile, nw, openApp, screenshot, setParam, settled, status } from './kit.ts';
import { sharedPath } from '../tools/shared-data.ts';

const DA1 = sharedPath('hemibrain-da1-pns');
const SWC = resolve(DA1, 'swc/722817260.swc');
const hasData = existsSync(SWC);

test(`a neuron without a soma: the guess is a visible warning on Set soma, implausible units one on the load block${hasData ? '' : ' (skipped: ../shared/data/hemibrain-da1-pns is absent)'}`, async ({ page }) => {
  test.skip(!hasData, '../shared/data is absent');
  test.setTimeout(120_000);
  await openApp(page);
  await dropFile(page, '722817260.swc', readFileSync(SWC, 'utf8'));
  await expect(page.getByTestId('toast').last()).toContainText('load.swc');
  await dropFile(page, '722817260.csv', readFileSync(resolve(DA1, 'synapses/722817260.csv'), 'utf8'), 'text/csv');
  await settled(page);
  // Taken for µm (the example's unit), hemibrain's 8 nm voxels look like a 375 µm soma.
  const load = await status(page, 'load');
  expect(load.state).toBe('done');
  expect((load as { warnings?: string[] }).warnings?.join(' ')).toMatch(/8 nm voxels/);
  const loadLine = page.getByTestId('node-status-load');
  await expect(loadLine).toHaveAttribute('data-warnings', /[1-9]/);
  await expect(loadLine).toContainText('⚠');

  await setParam(page, 'load', 'units', '8 nm voxels');
  await settled(page);
  expect((await status(page, 'load')) as { warnings?: string[] }).not.toHaveProperty('warnings');
  const soma = (await status(page, 'soma')) as { state: string; warnings?: string[] };
  expect(soma.state).toBe('done');
  const said = soma.warnings?.join(' ') ?? '';
  // The guess names its node and says that it is a guess (cbea440: node 1591, not 596 in the axon).
  expect(said).toMatch(/guessed soma: node 1591\b/);
  expect(said).toMatch(/this is a guess/);
  const line = page.getByTestId('node-status-soma');
  await expect(line).toContainText('guessed soma: node 1591');
  await expect(line).toHaveAttribute('title', /this is a guess/);
  // The inspector of the selected Set soma block lists it in full.
  await nw(page, (h) => h.select(['soma']));
  await expect(page.getByTestId('inspector-warnings')).toContainText('guessed soma: node 1591');
  // Blocks downstream that only carry the warning on do not repeat it.
  expect(await status(page, 'reroot')).not.toHaveProperty('warnings');
  await screenshot(page, 'no-soma-warning');
});
