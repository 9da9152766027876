import { describe, expect, it } from 'vitest';
import { fitEdits } from './apply-fit.ts';
import type { TableValue } from '../../nodes/values.ts';

const fitted: TableValue = { kind: 'table', title: 'fitted', columns: { parameter: ['props.Ra', 'my.pas.g'], fitted: Float64Array.of(266.1, 4.8e-5) } };

describe('fitEdits', () => {
  it('sets each fitted parameter and moves the fit’s starts to the result', () => {
    const text = 'props.Ra = 150 in [20, 2000] log\n# comment\nmy.pas.g = 2e-5 in [1e-6, 1e-3] log';
    expect(fitEdits('fit', fitted, text, () => true)).toEqual([
      { id: 'props', name: 'Ra', value: 266.1 },
      { id: 'my.pas', name: 'g', value: 4.8e-5 },
      { id: 'fit', name: 'parameters', value: 'props.Ra = 266.1 in [20, 2000] log\n# comment\nmy.pas.g = 0.000048 in [1e-6, 1e-3] log' },
    ]);
  });

  it('skips blocks that are gone and gives nothing without a result', () => {
    expect(fitEdits('fit', fitted, 'props.Ra = 150 in [20, 2000] log', (id) => id === 'props').map((e) => e.id)).toEqual(['props', 'fit']);
    expect(fitEdits('fit', undefined, '', () => true)).toEqual([]);
  });
});
