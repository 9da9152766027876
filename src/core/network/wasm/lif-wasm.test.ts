import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildLifWasmModule, LIF_OUT } from '../../../../tools/wasm/build.ts';

describe('the LIF population WebAssembly kernel', () => {
  it('lif-wasm.ts is what lif.wat compiles to (run npm run build:wasm after editing the .wat)', async () => {
    expect(readFileSync(LIF_OUT, 'utf8')).toBe(await buildLifWasmModule());
  });
});
