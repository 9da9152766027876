/**
 * The edge list as a table in the inspector (issue 18 item 6): the example's seven rows shown as a
 * grid; a typed weight, an added row and rows pasted from a spreadsheet each become the block's
 * CSV text, and the network runs again with them.
 */
import { expect, test } from '@playwright/test';
import { nw, openApp, settled } from './kit.ts';

const table = (page: import('@playwright/test').Page) => nw(page, (h) => h.graph().nodes.find((n) => n.id === 'edges')!.params.table as string);
const spikes = (page: import('@playwright/test').Page) => nw(page, (h) => JSON.stringify(h.output('counts')));

test('the edge list is edited as a table: a cell, a new row, pasted spreadsheet rows', async ({ page }) => {
  await openApp(page, 'connectome-network');
  await nw(page, (h) => h.select(['edges']));
  const grid = page.getByTestId('table-table');
  await expect(grid).toBeVisible();
  await expect(grid.locator('tbody tr')).toHaveCount(7);
  await expect(page.getByTestId('table-table-r0-c0')).toHaveValue('A');
  const before = await spikes(page);

  // A weight typed into a cell: the text changes in that cell only, and the network runs again.
  await page.getByTestId('table-table-r2-c2').fill('100');
  await page.getByTestId('table-table-r2-c2').press('Tab');
  await expect.poll(() => table(page)).toContain('C,D,100,2');
  await settled(page);
  expect(await spikes(page)).not.toBe(before);

  // A new row, filled in.
  await page.getByTestId('table-table-add').click();
  await expect(grid.locator('tbody tr')).toHaveCount(8);
  for (const [c, v] of ['F', 'B', '900', '6'].entries()) {
    await page.getByTestId(`table-table-r7-c${c}`).fill(v);
    await page.getByTestId(`table-table-r7-c${c}`).press('Tab');
  }
  await expect.poll(() => table(page)).toContain('F,B,900,6');

  // Two rows copied from a spreadsheet (tab-separated) pasted into the first cell of row 8.
  await page.getByTestId('table-table-add').click();
  await page.getByTestId('table-table-r8-c0').focus();
  await page.getByTestId('table-table-r8-c0').evaluate((el) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'B\tE\t400\t3\nD\tB\t250\t9\n');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(grid.locator('tbody tr')).toHaveCount(10);
  await expect.poll(() => table(page)).toMatch(/B,E,400,3\nD,B,250,9\n$/);

  // A row removed; then the network runs with the table as it stands.
  await page.getByTestId('table-table-remove-0').click();
  await expect(grid.locator('tbody tr')).toHaveCount(9);
  await settled(page);
  expect(await nw(page, (h) => h.status('run').state)).toBe('done');
  const text = await table(page);
  expect(text.split('\n')[0]).toBe('source,target,weight,delay');
  expect(text).not.toContain('A,C,800,5');
});
