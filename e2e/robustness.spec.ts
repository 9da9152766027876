/**
 * Bad input and failures in the browser: each gives a clear message where it belongs and the
 * rest of the app keeps working.
 */
import { expect, test } from '@playwright/test';
import { dropFile, graph, nw, openApp, setParam, settled, status } from './kit.ts';

test('a malformed SWC dropped on the page gives a readable error on the load block; the app recovers', async ({ page }) => {
  await openApp(page);
  // Truncated in the middle of its third line.
  await dropFile(page, 'broken.swc', '# a skeleton cut short\n1 1 0 0 0 2 -1\n2 3 10 0 0 1 1\n3 3 20 0');
  await expect(page.getByTestId('node-load')).toHaveAttribute('data-status', 'error', { timeout: 20_000 });
  await expect(page.getByTestId('node-status-load')).toContainText('SWC line 4: expected 7 fields');
  // Downstream blocks say which input is missing instead of failing on their own.
  await settled(page);
  expect(await status(page, 'run')).toMatchObject({ state: 'waiting' });
  expect((await status(page, 'run')).message).toMatch(/missing.*load/);
  // The file is embedded (nothing the user gave is lost) and the app still works: switch the
  // block back to the built-in neuron and everything runs again.
  const g = await graph(page);
  expect(String(g.nodes.find((n) => n.id === 'load')!.params.swc)).toMatch(/^asset:[0-9a-f]{64}$/);
  await setParam(page, 'load', 'source', 'synthetic');
  await settled(page);
  expect(await status(page, 'run')).toMatchObject({ state: 'done' });
});

test('a file NeuroWire does not read, or a binary one, is refused with a message', async ({ page }) => {
  await openApp(page);
  await dropFile(page, 'photo.png', '\u0089PNG\r\n', 'image/png');
  await expect(page.getByTestId('toast').last()).toContainText('photo.png');
  await dropFile(page, 'cell.swc', 'abc\u0000def');
  await expect(page.getByTestId('toast').last()).toContainText('not a text file');
  expect(await status(page, 'load')).toMatchObject({ state: 'done' });
});

test('a block whose computation fails shows why; its downstream blocks wait; fixing it recovers', async ({ page }) => {
  await openApp(page);
  await setParam(page, 'soma', 'node', [987654]);
  await expect(page.getByTestId('node-soma')).toHaveAttribute('data-status', 'error', { timeout: 20_000 });
  await expect(page.getByTestId('node-status-soma')).toContainText('987654');
  await settled(page);
  expect(await status(page, 'traces')).toMatchObject({ state: 'waiting' });
  await setParam(page, 'soma', 'node', []);
  await settled(page);
  expect(await status(page, 'traces')).toMatchObject({ state: 'done' });
});

test('a worker that dies mid-run is restarted and the block says so', async ({ page }) => {
  await openApp(page);
  await setParam(page, 'run', 'tstop', 20000);
  await expect.poll(async () => (await status(page, 'run')).state).toBe('running');
  await nw(page, (h) => h.crashWorker('out of memory'));
  await expect(page.getByTestId('node-run')).toHaveAttribute('data-status', 'error');
  // A real uncaught error inside the worker (its 'error' event), not a simulated failure.
  await expect(page.getByTestId('node-status-run')).toContainText(/worker stopped \(.*out of memory\)/);
  await setParam(page, 'run', 'tstop', 200);
  await settled(page);
  expect(await status(page, 'run')).toMatchObject({ state: 'done' });
});
