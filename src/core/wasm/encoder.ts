/**
 * A small WebAssembly binary writer: enough for kernels generated at run time (one module per
 * engine: functions over f64 and i32, loads and stores into an imported memory, calls to
 * imported functions). Code is built from opcodes and numbers only, never from text, so nothing
 * a user wrote can become an instruction other than the ones the generator chose.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export type ValType = typeof I32 | typeof F64;

/** Opcodes used by the generators (the WebAssembly 1.0 numbering). */
export const OP = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  local_get: 0x20,
  local_set: 0x21,
  local_tee: 0x22,
  i32_load: 0x28,
  f64_load: 0x2b,
  i32_store: 0x36,
  f64_store: 0x39,
  i32_const: 0x41,
  f64_const: 0x44,
  i32_eqz: 0x45,
  i32_eq: 0x46,
  i32_lt_s: 0x48,
  i32_ge_s: 0x4e,
  f64_eq: 0x61,
  f64_ne: 0x62,
  f64_lt: 0x63,
  f64_gt: 0x64,
  f64_le: 0x65,
  f64_ge: 0x66,
  i32_add: 0x6a,
  i32_sub: 0x6b,
  i32_mul: 0x6c,
  i32_and: 0x71,
  i32_or: 0x72,
  i32_shl: 0x74,
  f64_abs: 0x99,
  f64_neg: 0x9a,
  f64_floor: 0x9c,
  f64_sqrt: 0x9f,
  f64_add: 0xa0,
  f64_sub: 0xa1,
  f64_mul: 0xa2,
  f64_div: 0xa3,
  f64_min: 0xa4,
  f64_max: 0xa5,
  i32_trunc_f64_s: 0xaa,
  f64_convert_i32_s: 0xb7,
} as const;

/** Block type of a structured instruction with no result. */
export const VOID = 0x40;

/** Bytes of a function body under construction. */
export class Code {
  readonly bytes: number[] = [];

  op(...ops: number[]): this {
    for (const o of ops) this.bytes.push(o);
    return this;
  }

  u32(x: number): this {
    pushU32(this.bytes, x);
    return this;
  }

  i32(x: number): this {
    this.bytes.push(OP.i32_const);
    pushS32(this.bytes, x);
    return this;
  }

  f64(x: number): this {
    this.bytes.push(OP.f64_const);
    const b = new Uint8Array(new Float64Array([x]).buffer);
    for (const y of b) this.bytes.push(y);
    return this;
  }

  get(local: number): this {
    return this.op(OP.local_get).u32(local);
  }

  set(local: number): this {
    return this.op(OP.local_set).u32(local);
  }

  tee(local: number): this {
    return this.op(OP.local_tee).u32(local);
  }

  /** f64.load at (address on the stack) + offset. */
  loadF64(offset: number): this {
    return this.op(OP.f64_load).u32(3).u32(offset);
  }

  storeF64(offset: number): this {
    return this.op(OP.f64_store).u32(3).u32(offset);
  }

  loadI32(offset: number): this {
    return this.op(OP.i32_load).u32(2).u32(offset);
  }

  call(fn: number): this {
    return this.op(OP.call).u32(fn);
  }
}

export interface FuncDef {
  params: ValType[];
  results: ValType[];
  /** Extra locals after the parameters. */
  locals: ValType[];
  code: Code;
  /** Exported under this name when given. */
  export?: string;
}

/** A module: an imported memory ("env" "memory"), imported functions, then defined functions. */
export class ModuleBuilder {
  private readonly imports: Array<{ module: string; name: string; params: ValType[]; results: ValType[] }> = [];
  private readonly funcs: FuncDef[] = [];

  /** Import a function; returns its index (imports come before defined functions). */
  importFunc(module: string, name: string, params: ValType[], results: ValType[]): number {
    if (this.funcs.length) throw new Error('import functions before defining any');
    this.imports.push({ module, name, params, results });
    return this.imports.length - 1;
  }

  /** Define a function; returns its index. */
  func(def: FuncDef): number {
    this.funcs.push(def);
    return this.imports.length + this.funcs.length - 1;
  }

  /** The module's bytes. */
  bytes(): Uint8Array<ArrayBuffer> {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    // Types: one per function signature (duplicates are allowed).
    const sigs = [...this.imports, ...this.funcs];
    section(out, 1, (b) => {
      pushU32(b, sigs.length);
      for (const s of sigs) {
        b.push(0x60);
        pushU32(b, s.params.length);
        b.push(...s.params);
        pushU32(b, s.results.length);
        b.push(...s.results);
      }
    });
    section(out, 2, (b) => {
      pushU32(b, this.imports.length + 1);
      pushName(b, 'env');
      pushName(b, 'memory');
      b.push(0x02, 0x00, 0x00); // memory, limits: min 0, no max
      this.imports.forEach((imp, k) => {
        pushName(b, imp.module);
        pushName(b, imp.name);
        b.push(0x00);
        pushU32(b, k);
      });
    });
    section(out, 3, (b) => {
      pushU32(b, this.funcs.length);
      this.funcs.forEach((_, k) => pushU32(b, this.imports.length + k));
    });
    const exported = this.funcs.map((f, k) => ({ f, k })).filter((x) => x.f.export !== undefined);
    section(out, 7, (b) => {
      pushU32(b, exported.length);
      for (const { f, k } of exported) {
        pushName(b, f.export!);
        b.push(0x00);
        pushU32(b, this.imports.length + k);
      }
    });
    section(out, 10, (b) => {
      pushU32(b, this.funcs.length);
      for (const f of this.funcs) {
        const body: number[] = [];
        // Locals, run-length encoded by type.
        const runs: Array<[number, ValType]> = [];
        for (const t of f.locals) {
          if (runs.length && runs[runs.length - 1][1] === t) runs[runs.length - 1][0]++;
          else runs.push([1, t]);
        }
        pushU32(body, runs.length);
        for (const [count, t] of runs) {
          pushU32(body, count);
          body.push(t);
        }
        body.push(...f.code.bytes, OP.end);
        pushU32(b, body.length);
        b.push(...body);
      }
    });
    return Uint8Array.from(out);
  }
}

function section(out: number[], id: number, fill: (b: number[]) => void): void {
  const b: number[] = [];
  fill(b);
  out.push(id);
  pushU32(out, b.length);
  for (const x of b) out.push(x);
}

function pushName(b: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  pushU32(b, bytes.length);
  for (const x of bytes) b.push(x);
}

/** Unsigned LEB128. */
function pushU32(b: number[], x: number): void {
  let v = x >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    b.push(byte);
  } while (v !== 0);
}

/** Signed LEB128 of a 32-bit integer. */
function pushS32(b: number[], x: number): void {
  let v = x | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      b.push(byte);
      return;
    }
    b.push(byte | 0x80);
  }
}
