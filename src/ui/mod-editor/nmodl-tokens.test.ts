import { describe, expect, it } from 'vitest';
import { nmodlTokens } from './nmodl-tokens.ts';
import { diagnosticsOf } from './diagnostics.ts';

const shown = (text: string) => nmodlTokens(text).map((t) => `${t.kind}:${text.slice(t.from, t.to)}`);

describe('NMODL highlighting tokens', () => {
  it('colours blocks, keywords, numbers, units, definitions and both kinds of comment', () => {
    const text = 'COMMENT\nNEURON { SUFFIX x }\nENDCOMMENT\nNEURON {\n\tSUFFIX kdr : a K current\n}\nPARAMETER { gbar = 0.03 (S/cm2) }\nDERIVATIVE states {\n\trates(v)\n\tn\' = (ninf - n) / ntau * 1e-3 (/ms-mV)\n}';
    expect(shown(text)).toEqual([
      'comment:COMMENT\nNEURON { SUFFIX x }\nENDCOMMENT',
      'block:NEURON',
      'keyword:SUFFIX',
      'comment:: a K current',
      'block:PARAMETER',
      'number:0.03',
      'unit:(S/cm2)',
      'block:DERIVATIVE',
      'def:states',
      'number:1e-3',
      'unit:(/ms-mV)',
    ]);
  });

  it('does not take a call or an expression in parentheses for a unit', () => {
    expect(shown('a = trap(v)\nb = (v - ek) (mV)\nc = exp(-x/k)')).toEqual(['unit:(mV)']);
  });

  it('an unclosed COMMENT runs to the end (as the text is being typed)', () => {
    expect(shown('COMMENT\nNEURON {')).toEqual(['comment:COMMENT\nNEURON {']);
  });
});

describe('the pane reads the block messages', () => {
  it('takes each place, skipping the quoted lines', () => {
    expect(diagnosticsOf("kdr.mod:48:1: expected ')', got '}'\n  }\n  ^", 'error')).toEqual([{ line: 48, col: 1, message: "48:1: expected ')', got '}'", severity: 'error' }]);
    expect(diagnosticsOf('warning: ca.mod:12:5: units: (mV) ≠ (mA)', 'warning')).toEqual([{ line: 12, col: 5, message: '12:5: units: (mV) ≠ (mA)', severity: 'warning' }]);
    expect(diagnosticsOf('kdr.mod declares a POINT_PROCESS', 'error')).toEqual([]);
  });
});
