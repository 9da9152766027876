import { describe, expect, it } from 'vitest';
import { CoreError } from '../core/errors.ts';
import type { Graph, Issue, JsonValue } from './graph.ts';
import { chain, FAKE_BLOCKS, graphOf, n, w } from './test-kit.ts';
import { parseGraph, resolveParams, validateGraph } from './validate.ts';

const defOf = (type: string) => FAKE_BLOCKS.find((b) => b.type === type)!;
const check = (g: Graph): Issue[] => validateGraph(g, FAKE_BLOCKS);
const errors = (g: Graph): string[] => check(g).filter((i) => i.severity === 'error').map((i) => i.message);
const warnings = (g: Graph): string[] => check(g).filter((i) => i.severity === 'warning').map((i) => i.message);

/** The chain with one parameter of one block replaced. */
function withParam(id: string, name: string, value: JsonValue): Graph {
  const g = chain();
  const node = g.nodes.find((x) => x.id === id)!;
  node.params = { ...node.params, [name]: value };
  return g;
}

describe('validateGraph: a correct graph', () => {
  it('has no issues', () => {
    expect(check(chain())).toEqual([]);
  });

  it('accepts a lookup function as the catalogue', () => {
    const lookup = (t: string) => FAKE_BLOCKS.find((b) => b.type === t);
    expect(validateGraph(chain(), lookup)).toEqual([]);
  });
});

describe('validateGraph: blocks', () => {
  it('names an unknown block type and suggests the closest known one', () => {
    const g = chain();
    g.nodes[1].type = 'set-som';
    expect(check(g)).toContainEqual({ severity: 'error', message: "block 'soma': unknown block type 'set-som' (did you mean 'set-soma'?)", node: 'soma' });
  });

  it('suggests nothing when no known type is close', () => {
    const g = chain();
    g.nodes[4].type = 'histogram';
    expect(errors(g)).toEqual(["block 'plot': unknown block type 'histogram'"]);
  });

  it('does not pile wire errors onto a block of unknown type', () => {
    const g = chain();
    g.nodes[2].type = 'nope';
    expect(errors(g)).toEqual(["block 'model': unknown block type 'nope'"]);
  });

  it('suggests from the real catalogue by default', () => {
    const g = graphOf([n('load', 'load-skeletn')]);
    expect(validateGraph(g)).toContainEqual({ severity: 'error', message: "block 'load': unknown block type 'load-skeletn' (did you mean 'load-skeleton'?)", node: 'load' });
  });

  it('checks a graph of real blocks against the real catalogue', () => {
    const g = graphOf([n('load', 'load-skeleton', { source: 'synthetic' }), n('soma', 'set-soma', { node: 20 })], [w('load.neuron', 'soma.neuron')]);
    expect(validateGraph(g)).toEqual([]);
    g.nodes[1].params.node = 20.5;
    expect(validateGraph(g).map((i) => i.message)).toEqual(["block 'soma' (set-soma): parameter 'node' must be a whole number, got 20.5"]);
  });

  it('reports duplicate ids', () => {
    const g = chain();
    g.nodes.push(n('soma', 'set-soma'));
    expect(check(g)).toContainEqual({ severity: 'error', message: "2 blocks have the id 'soma'; ids must be unique (wires and --set name blocks by id)", node: 'soma' });
  });

  it('reports ids that cannot be used on the command line', () => {
    const g = graphOf([n('my load', 'load-skeleton')]);
    expect(errors(g)).toEqual(["block 'my load' (load-skeleton): a block id may only contain letters, digits, '_' and '-'"]);
  });

  it('warns that a bypassed block without a matching input passes nothing on', () => {
    const g = chain();
    g.nodes[3].bypass = true; // run: model in, traces out
    expect(warnings(g)).toEqual(["block 'run' (run) is bypassed, but has no traces input to pass on to its output 'traces'; blocks after it get nothing there"]);
    const g2 = chain();
    g2.nodes[1].bypass = true; // set-soma: neuron in, neuron out
    expect(check(g2)).toEqual([]);
  });
});

describe('validateGraph: parameters', () => {
  it('whole numbers', () => {
    expect(check(withParam('soma', 'node', 20.5))).toEqual([
      { severity: 'error', message: "block 'soma' (set-soma): parameter 'node' must be a whole number, got 20.5", node: 'soma', param: 'node' },
    ]);
    expect(errors(withParam('load', 'seed', 1.5))).toEqual(["block 'load' (load-skeleton): parameter 'seed' must be a whole number, got 1.5"]);
  });

  it('node id lists', () => {
    const g = chain();
    g.nodes.push(n('sel', 'select', { ids: [3, 4, 'five'] }));
    g.connections.push(w('soma.neuron', 'sel.neuron'));
    expect(errors(g)).toEqual([`block 'sel' (select): parameter 'ids' must be a list of node ids (whole numbers); item 3 is the text "five"`]);
    g.nodes[5].params = { ids: null };
    expect(errors(g)).toEqual(["block 'sel' (select): parameter 'ids' is empty; it needs one or more node ids (whole numbers)"]);
    g.nodes[5].params = { ids: [3, 4] };
    expect(errors(g)).toEqual([]);
  });

  it('ranges, inclusive and exclusive, with units', () => {
    expect(errors(withParam('model', 'res', -1))).toEqual(["block 'model' (compartment-model): parameter 'res' must be above 0 µm, got -1 µm"]);
    expect(errors(withParam('model', 'res', 0))).toEqual(["block 'model' (compartment-model): parameter 'res' must be above 0 µm, got 0 µm"]);
    expect(errors(withParam('model', 'diameter', 0.1))).toEqual([]);
    expect(errors(withParam('model', 'diameter', 0.05))).toEqual(["block 'model' (compartment-model): parameter 'diameter' must be at least 0.1 µm, got 0.05 µm"]);
    expect(errors(withParam('run', 'dt', 1))).toEqual(["block 'run' (run): parameter 'dt' must be strictly between 0 and 1 ms, got 1 ms"]);
    expect(errors(withParam('run', 'v_init', 150))).toEqual(["block 'run' (run): parameter 'v_init' must be between -200 and 100 mV, got 150 mV"]);
  });

  it('checks the range after converting, and shows both units', () => {
    expect(errors(withParam('model', 'diameter', { value: 50, unit: 'nm' }))).toEqual([
      "block 'model' (compartment-model): parameter 'diameter' must be at least 0.1 µm, got 0.05 µm (50 nm)",
    ]);
  });

  it('numbers of the wrong type, with a hint for numbers written as text', () => {
    expect(errors(withParam('model', 'res', '8 nm'))).toEqual([
      `block 'model' (compartment-model): parameter 'res' must be a number in µm, got the text "8 nm"; write { "value": 8, "unit": "nm" }`,
    ]);
    expect(errors(withParam('model', 'res', '10'))).toEqual([`block 'model' (compartment-model): parameter 'res' must be a number in µm, got the text "10"; write 10 without quotes`]);
    expect(errors(withParam('model', 'res', true))).toEqual(["block 'model' (compartment-model): parameter 'res' must be a number in µm, got true"]);
    expect(errors(withParam('model', 'res', null))).toEqual([
      "block 'model' (compartment-model): parameter 'res' is empty; it needs a number above 0 µm (or leave it out for the default, 10 µm)",
    ]);
    expect(errors(withParam('model', 'res', { value: 8 }))).toEqual([
      `block 'model' (compartment-model): parameter 'res' must be a number or { "value": <number>, "unit": "<unit>" }, got {"value": 8}`,
    ]);
  });

  it('optional numbers may be empty', () => {
    const g = chain();
    g.nodes.push(n('sel', 'select', { first: null, ids: [1] }));
    g.connections.push(w('soma.neuron', 'sel.neuron'));
    expect(check(g)).toEqual([]);
  });

  it('enums list their options', () => {
    expect(check(withParam('load', 'units', 'um'))).toEqual([
      {
        severity: 'error',
        message: "block 'load' (load-skeleton): parameter 'units' must be one of 'µm', 'nm' or '8 nm voxels', got the text \"um\" (did you mean 'µm'?)",
        node: 'load',
        param: 'units',
      },
    ]);
    expect(errors(withParam('run', 'method', 'crank-nicholson'))).toEqual([
      `block 'run' (run): parameter 'method' must be one of 'backward-euler' or 'crank-nicolson', got the text "crank-nicholson" (did you mean 'crank-nicolson'?)`,
    ]);
  });

  it('booleans and strings', () => {
    expect(errors(withParam('run', 'progress', 'yes'))).toEqual([`block 'run' (run): parameter 'progress' must be true or false, got the text "yes"`]);
    expect(errors(withParam('plot', 'title', 5))).toEqual(["block 'plot' (plot-traces): parameter 'title' must be text, got 5"]);
    expect(errors(withParam('plot', 'title', null))).toEqual([]);
  });

  it('warns about unknown parameter names, suggesting the closest', () => {
    expect(check(withParam('run', 'tsop', 50))).toEqual([
      { severity: 'warning', message: "block 'run' (run): unknown parameter 'tsop' is ignored (did you mean 'tstop'?)", node: 'run', param: 'tsop' },
    ]);
  });

  it('refuses a unit of another quantity', () => {
    expect(check(withParam('model', 'res', { value: 5, unit: 'mV' }))).toEqual([
      { severity: 'error', message: "block 'model' (compartment-model): parameter 'res' is a length in µm, got 5 mV, which is a voltage", node: 'model', param: 'res' },
    ]);
    expect(errors(withParam('run', 'tstop', { value: 5, unit: 'µm' }))).toEqual(["block 'run' (run): parameter 'tstop' is a time in ms, got 5 µm, which is a length"]);
  });

  it('refuses units it does not convert, and units on plain numbers', () => {
    expect(errors(withParam('model', 'res', { value: 5, unit: 'inch' }))).toEqual([
      "block 'model' (compartment-model): parameter 'res' is a length in µm; 'inch' is not a unit NeuroWire converts (use 'nm', 'µm', 'mm' or 'm')",
    ]);
    expect(errors(withParam('model', 'Ra', { value: 0.27, unit: 'kΩ·cm' }))).toEqual([
      "block 'model' (compartment-model): parameter 'Ra' is in Ω·cm and cannot be converted from 'kΩ·cm'; give it in Ω·cm",
    ]);
    expect(errors(withParam('model', 'Ra', { value: 100, unit: 'Ω·cm' }))).toEqual([]);
    expect(errors(withParam('run', 'celsius', { value: 300, unit: 'K' }))).toEqual(["block 'run' (run): parameter 'celsius' is in °C and cannot be converted from 'K'; give it in °C"]);
    expect(errors(withParam('load', 'seed', { value: 3, unit: 'ms' }))).toEqual(["block 'load' (load-skeleton): parameter 'seed' is a plain number without a unit, got 3 ms"]);
  });
});

describe('validateGraph: file parameters', () => {
  const hash = 'a'.repeat(64);

  it('an embedded file that is missing', () => {
    const g = withParam('load', 'swc', `asset:${hash}`);
    expect(check(g)).toEqual([
      {
        severity: 'error',
        message: "block 'load' (load-skeleton): parameter 'swc' refers to an embedded file (asset:aaaaaaaaaaaa…) that is not in the graph; embed the file again or choose another",
        node: 'load',
        param: 'swc',
      },
    ]);
    g.assets[hash] = { name: 'da1.swc', mime: 'text/plain', encoding: 'utf8', data: '1 1 0 0 0 1 -1\n' };
    expect(check(g)).toEqual([]);
  });

  it('a malformed embedded-file reference', () => {
    expect(errors(withParam('load', 'swc', 'asset:1234'))).toEqual([
      "block 'load' (load-skeleton): parameter 'swc': 'asset:1234' is not an embedded-file reference (asset: followed by 64 lowercase hex digits)",
    ]);
  });

  it('built-in files by name', () => {
    expect(check(withParam('load', 'swc', 'builtin:synthetic'))).toEqual([]);
    expect(errors(withParam('load', 'swc', 'builtin:synthtic'))).toEqual([
      "block 'load' (load-skeleton): parameter 'swc': 'builtin:synthtic' is not a built-in file (did you mean 'builtin:synthetic'?); the built-in files are 'builtin:synthetic' and 'builtin:synthetic-synapses'",
    ]);
    expect(warnings(withParam('load', 'synapses', 'builtin:synthetic'))).toEqual(["block 'load' (load-skeleton): parameter 'synapses' expects a .csv file, got 'synthetic.swc'"]);
  });

  it('paths: relative ones are fine, absolute ones and other schemes are flagged', () => {
    expect(check(withParam('load', 'swc', 'data/da1.swc'))).toEqual([]);
    expect(warnings(withParam('load', 'swc', '/home/me/da1.swc'))).toEqual([
      "block 'load' (load-skeleton): parameter 'swc' is the absolute path '/home/me/da1.swc', which will not exist on another computer; embed the file or give a path relative to the graph file",
    ]);
    expect(errors(withParam('load', 'swc', 'https://example.org/da1.swc'))).toEqual([
      "block 'load' (load-skeleton): parameter 'swc': 'https://example.org/da1.swc' starts with 'https:', which NeuroWire does not read; use asset:, builtin: or a path relative to the graph file",
    ]);
    expect(warnings(withParam('load', 'swc', 'da1.csv'))).toEqual(["block 'load' (load-skeleton): parameter 'swc' expects a .swc file, got 'da1.csv'"]);
    expect(errors(withParam('load', 'swc', 42))).toEqual(["block 'load' (load-skeleton): parameter 'swc' must be a file reference (asset:…, builtin:… or a path), got 42"]);
  });

  it('warns about embedded files nobody uses', () => {
    const g = chain();
    g.assets[hash] = { name: 'old.swc', mime: 'text/plain', encoding: 'utf8', data: 'x' };
    expect(check(g)).toEqual([{ severity: 'warning', message: `embedded file 'old.swc' is not used by any block (remove it with "prune")`, asset: hash }]);
  });
});

describe('validateGraph: connections', () => {
  it('a wire from or to a block that does not exist', () => {
    const g = chain();
    g.connections.push(w('lod.neuron', 'model.neuron'));
    expect(check(g)).toContainEqual({
      severity: 'error',
      message: "connection lod.neuron → model.neuron: there is no block 'lod' (did you mean 'load'?)",
      connection: 4,
      node: 'model',
    });
  });

  it('a port that does not exist, with the ports there are', () => {
    const g = chain();
    g.connections[0] = w('load.neurons', 'soma.neuron');
    expect(errors(g)).toEqual(["connection load.neurons → soma.neuron: block 'load' (load-skeleton) has no output 'neurons' (did you mean 'neuron'?); its outputs are 'neuron'"]);
    g.connections[0] = w('load.neuron', 'soma.skeleton');
    expect(errors(g)[0]).toBe("connection load.neuron → soma.skeleton: block 'soma' (set-soma) has no input 'skeleton'; its inputs are 'neuron'");
  });

  it('an input used as an output', () => {
    const g = chain();
    g.connections[1] = w('soma.neuron', 'model.neuron');
    g.connections.push(w('model.neuron', 'run.model'));
    expect(errors(g)).toContain("connection model.neuron → run.model: 'neuron' is an input of block 'model' (compartment-model), not an output");
  });

  it('incompatible socket types', () => {
    const g = chain();
    g.connections[2] = w('load.neuron', 'run.model');
    expect(check(g)).toContainEqual({ severity: 'error', message: 'connection load.neuron → run.model: a neuron cannot go into a model input', connection: 2, node: 'run' });
    const g2 = chain();
    g2.connections[3] = w('run.traces', 'model.neuron');
    expect(errors(g2)).toContain('connection run.traces → model.neuron: traces cannot go into a neuron input');
  });

  it('two wires into one input', () => {
    const g = chain();
    g.nodes.push(n('model2', 'compartment-model'));
    g.connections.push(w('soma.neuron', 'model2.neuron'), w('model2.model', 'run.model'));
    expect(check(g)).toContainEqual({
      severity: 'error',
      message: "block 'run' (run): input 'model' has 2 connections (from 'model.model' and 'model2.model'); an input takes one, remove the others",
      node: 'run',
      connection: 5,
    });
  });

  it('an output may feed many inputs', () => {
    const g = chain();
    g.nodes.push(n('plot2', 'plot-traces'));
    g.connections.push(w('run.traces', 'plot2.traces'));
    expect(check(g)).toEqual([]);
  });

  it('warns about required inputs left open, not about optional ones', () => {
    const g = chain();
    g.nodes.push(n('clamp', 'current-clamp'));
    expect(check(g)).toEqual([
      { severity: 'warning', message: "block 'clamp' (current-clamp): input 'model' is not connected; the block will wait for a model", node: 'clamp' },
    ]);
  });

  it('cycles, naming the blocks on them', () => {
    const g = graphOf(
      [n('load', 'load-skeleton'), n('a', 'merge-models'), n('b', 'current-clamp'), n('c', 'current-clamp')],
      [w('a.model', 'b.model'), w('b.model', 'c.model'), w('c.model', 'a.a'), w('b.model', 'a.b')],
    );
    expect(errors(g)).toEqual(["blocks 'a' and 'b' form a cycle (a → b → a): a block cannot depend on its own output; 'c' is caught in it too"]);
    const g2 = graphOf([n('x', 'current-clamp'), n('y', 'current-clamp'), n('z', 'current-clamp')], [w('x.model', 'y.model'), w('y.model', 'z.model'), w('z.model', 'x.model')]);
    expect(check(g2)).toEqual([{ severity: 'error', message: "blocks 'x', 'y' and 'z' form a cycle (x → y → z → x): a block cannot depend on its own output", node: 'x' }]);
  });

  it('a block wired to itself', () => {
    const g = graphOf([n('clamp', 'current-clamp')], [w('clamp.model', 'clamp.model')]);
    expect(check(g)).toEqual([{ severity: 'error', message: "block 'clamp' is connected to itself (clamp → clamp): a block cannot depend on its own output", node: 'clamp' }]);
  });
});

describe('resolveParams', () => {
  it('fills defaults and converts units exactly', () => {
    const p = resolveParams(n('m', 'compartment-model', { res: { value: 8, unit: 'nm' } }), defOf('compartment-model'));
    expect(p).toEqual({ res: 0.008, Ra: 266.1, diameter: 1 });
    expect(p.res).toBe(0.008);
  });

  it('converts times, voltages, currents, conductances and rates', () => {
    const r = resolveParams(n('r', 'run', { tstop: { value: 0.5, unit: 's' }, v_init: { value: -0.065, unit: 'V' }, rate: { value: 0.02, unit: 'kHz' } }), defOf('run'));
    expect(r.tstop).toBe(500);
    expect(r.v_init).toBe(-65);
    expect(r.rate).toBe(20);
    const c = resolveParams(n('c', 'current-clamp', { amp: { value: 250, unit: 'pA' }, g: { value: 5, unit: 'nS' }, delay: { value: 2000, unit: 'µs' } }), defOf('current-clamp'));
    expect(c).toEqual({ amp: 0.25, g: 0.005, delay: 2 });
  });

  it('accepts um and the Greek mu for µ', () => {
    expect(resolveParams(n('m', 'compartment-model', { res: { value: 2, unit: 'um' } }), defOf('compartment-model')).res).toBe(2);
    expect(resolveParams(n('m', 'compartment-model', { res: { value: 0.002, unit: 'mm' } }), defOf('compartment-model')).res).toBe(2);
    expect(resolveParams(n('c', 'current-clamp', { g: { value: 1, unit: 'μS' } }), defOf('current-clamp')).g).toBe(1);
  });

  it('turns a single node id into a list, drops unknown names, copies default lists', () => {
    const def = defOf('set-soma');
    expect(resolveParams(n('s', 'set-soma', { node: 20, extra: 1 }), def)).toEqual({ node: [20] });
    const a = resolveParams(n('s', 'set-soma'), def);
    (a.node as number[]).push(5);
    expect(resolveParams(n('s', 'set-soma'), def)).toEqual({ node: [] });
  });

  it('throws the validator message as a CoreError', () => {
    let caught: unknown;
    try {
      resolveParams(n('soma', 'set-soma', { node: 20.5 }), defOf('set-soma'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CoreError);
    expect((caught as CoreError).message).toBe("block 'soma' (set-soma): parameter 'node' must be a whole number, got 20.5");
  });
});

describe('parseGraph', () => {
  const text = JSON.stringify({
    format: 'neurowire-graph',
    version: 1,
    nodes: [
      { id: 'load', type: 'load-skeleton', position: [0, 0], params: {} },
      { id: 'run', type: 'run', position: [1, 2], params: { tstop: 'long' } },
    ],
    connections: [{ from: { node: 'load', port: 'neuron' }, to: { node: 'run', port: 'model' } }],
  });

  it('returns the graph with every problem, in file order', () => {
    const r = parseGraph(text, FAKE_BLOCKS);
    expect(r.graph?.nodes.map((x) => x.id)).toEqual(['load', 'run']);
    expect(r.issues.map((i) => i.message)).toEqual([
      `block 'run' (run): parameter 'tstop' must be a number in ms, got the text "long"`,
      'connection load.neuron → run.model: a neuron cannot go into a model input',
    ]);
  });

  it('reports a JSON syntax error with line and column, and no graph', () => {
    const bad = '{\n  "format": "neurowire-graph",\n  "version": 1\n  "nodes": []\n}\n';
    const r = parseGraph(bad, FAKE_BLOCKS);
    expect(r.graph).toBeNull();
    expect(r.issues).toEqual([
      {
        severity: 'error',
        message: `the file is not valid JSON: line 4, column 3: expected ',' or '}' after the value of 'version', found "nodes" (a missing comma?)`,
        line: 4,
        column: 3,
      },
    ]);
  });

  it('reports an empty file, and reads a file with a byte-order mark', () => {
    expect(parseGraph('  \n', FAKE_BLOCKS)).toEqual({ graph: null, issues: [{ severity: 'error', message: 'the file is empty' }] });
    expect(parseGraph('\ufeff' + text, FAKE_BLOCKS).graph).not.toBeNull();
  });

  it('reports shape problems and still opens the rest', () => {
    const doc = {
      format: 'neurowire-graph',
      version: 1,
      nodes: [
        { id: 'load', type: 'load-skeleton', params: {}, colour: 'red' },
        { type: 'run', position: [0, 0] },
        'soma',
        { id: 'plot', type: 'plot-traces', position: [1, 2], params: [], bypass: 'no' },
      ],
      connections: [{ from: 'load.neuron', to: { node: 'plot', port: 'traces' } }],
      assets: { ABC: { name: 'x', mime: 'text/plain', encoding: 'utf8', data: '' } },
      extra: 1,
    };
    const r = parseGraph(JSON.stringify(doc), FAKE_BLOCKS);
    expect(r.graph?.nodes.map((x) => x.id)).toEqual(['load', 'plot']);
    expect(r.issues.map((i) => `${i.severity}: ${i.message}`)).toEqual([
      `warning: block 'load': no "position"; placed at 0, 0`,
      "warning: block 'load': unknown field 'colour' ignored (and left out when the graph is saved)",
      'error: block #2 in "nodes" has no "id"; it is left out, with its connections',
      'error: block #3 in "nodes" must be an object, got the text "soma"; it is left out',
      `error: block 'plot': "params" must be an object of name: value, got the list []; the block's defaults are used`,
      `error: block 'plot': "bypass" must be true or false, got the text "no"; the block is not bypassed`,
      `error: connection #1 must be { "from": { "node", "port" }, "to": { "node", "port" } }, got {"from": "load.neuron", "to": {"node": "plot", "port": "traces"}}; it is left out`,
      "error: embedded file 'ABC': its key must be the SHA-256 of its content (64 lowercase hex digits); it is left out",
      "warning: the graph: unknown field 'extra' ignored (and left out when the graph is saved)",
      "warning: block 'plot' (plot-traces): input 'traces' is not connected; the block will wait for traces",
    ]);
  });

  it('refuses what is not a NeuroWire graph', () => {
    expect(parseGraph('[1, 2]', FAKE_BLOCKS).issues[0].message).toBe('not a NeuroWire graph: the file holds a list, not an object with "format": "neurowire-graph"');
    expect(parseGraph('{"format": "rete", "version": 1}', FAKE_BLOCKS).issues[0].message).toBe('not a NeuroWire graph: its format is "rete", expected "neurowire-graph"');
  });
});
