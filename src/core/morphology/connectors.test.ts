import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import {
  POST,
  PRE,
  checkConnectors,
  connectorsOfType,
  readConnectors,
  scaleConnectors,
  writeConnectors,
  type ConnectorTable,
} from './connectors.ts';
import { readSwc } from './swc.ts';
import { SHARED_DATA } from '../../../tools/shared-data.ts';

/** The shared test data lives next to the checkout: `<repo>/../shared/data`. */
const DATA = SHARED_DATA;
/** Suite title that says why it is skipped when the shared data is missing. */
const suiteTitle = (what: string, path: string) => (existsSync(path) ? what : `${what}: skipped, ../shared/data is absent (no ${path})`);
const DA1 = resolve(DATA, 'hemibrain-da1-pns');

/** Run `f`, require a CoreError whose message contains every `parts` string; return it. */
function coreError(f: () => unknown, ...parts: string[]): CoreError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a CoreError').toBeInstanceOf(CoreError);
  const e = caught as CoreError;
  for (const p of parts) expect(e.message).toContain(p);
  return e;
}

const HEAD = 'connector_id,node_id,type,x,y,z';

describe('readConnectors', () => {
  it('reads the navis header with roi and confidence, empty roi and confidence cells included', () => {
    const t = readConnectors(
      ['connector_id,node_id,type,x,y,z,roi,confidence', '0,1436,pre,6444,21608,14516,LH(R),0.959', '1,12,post,1.5,-2,3e2,,0.5', '7,5,post,0,0.25,-1e-3,AL(R),'].join('\n'),
    );
    expect(Array.from(t.connectorId)).toEqual([0, 1, 7]);
    expect(Array.from(t.nodeId)).toEqual([1436, 12, 5]);
    expect(Array.from(t.type)).toEqual([PRE, POST, POST]);
    expect(Array.from(t.x)).toEqual([6444, 1.5, 0]);
    expect(Array.from(t.y)).toEqual([21608, -2, 0.25]);
    expect(Array.from(t.z)).toEqual([14516, 300, -0.001]);
    expect(t.roi).toEqual(['LH(R)', '', 'AL(R)']);
    expect(Array.from(t.confidence)).toEqual([0.959, 0.5, NaN]);
    expect(Array.from(t.line!)).toEqual([2, 3, 4]);
  });

  it('reads the header without roi and confidence', () => {
    const t = readConnectors(`${HEAD}\n3,9,post,1,2,3\n4,10,pre,4,5,6\n`);
    expect(Array.from(t.nodeId)).toEqual([9, 10]);
    expect(Array.from(t.type)).toEqual([POST, PRE]);
    expect(t.roi).toEqual(['', '']);
    expect(Array.from(t.confidence)).toEqual([NaN, NaN]);
  });

  it('finds columns in another order, ignores case, spaces and extra columns', () => {
    const t = readConnectors(' Type ,X,node_id,partner,Z,y,CONNECTOR_ID,Confidence,roi\npost,1,22,999,3,2,5,0.75,CA(R)\n');
    expect(Array.from(t.connectorId)).toEqual([5]);
    expect(Array.from(t.nodeId)).toEqual([22]);
    expect(Array.from(t.type)).toEqual([POST]);
    expect([t.x[0], t.y[0], t.z[0]]).toEqual([1, 2, 3]);
    expect(t.roi).toEqual(['CA(R)']);
    expect(t.confidence[0]).toBe(0.75);
  });

  it('accepts pre/post, 0/1 and presynapse/postsynapse in any case', () => {
    const t = readConnectors(`${HEAD}\n0,1,0,0,0,0\n1,1,1,0,0,0\n2,1, PRE ,0,0,0\n3,1,Post,0,0,0\n4,1,presynapse,0,0,0\n5,1,postsynapse,0,0,0\n`);
    expect(Array.from(t.type)).toEqual([PRE, POST, PRE, POST, PRE, POST]);
  });

  it('a bad type names the line', () => {
    const e = coreError(() => readConnectors(`${HEAD}\n0,1,pre,0,0,0\n1,2,both,0,0,0\n`), 'connector table line 3: type "both" is neither pre nor post');
    expect(e.code).toBe('connector');
    expect(e.where.line).toBe(3);
    coreError(() => readConnectors(`${HEAD}\n0,1,2,0,0,0\n`), 'connector table line 2: type "2" is neither pre nor post');
  });

  it('a non-numeric or non-integer node_id names the line', () => {
    coreError(() => readConnectors(`${HEAD}\n0,abc,pre,0,0,0\n`), 'connector table line 2: node_id "abc" is not an integer');
    coreError(() => readConnectors(`${HEAD}\n0,1,pre,0,0,0\n1,1.5,pre,0,0,0\n`), 'connector table line 3: node_id "1.5" is not an integer');
    coreError(() => readConnectors(`${HEAD}\n0,,pre,0,0,0\n`), 'connector table line 2: node_id "" is not an integer');
    coreError(() => readConnectors(`${HEAD}\n0,4294967297,pre,0,0,0\n`), 'connector table line 2: node_id 4294967297 is outside the supported id range');
    coreError(() => readConnectors(`${HEAD}\n0,1,pre,0,nan,0\n`), 'connector table line 2: y "nan" is not a number');
    coreError(() => readConnectors(`${HEAD}\nc7,1,pre,0,0,0\n`), 'connector table line 2: connector_id "c7" is not a number');
    coreError(() => readConnectors(`${HEAD},confidence\n0,1,pre,0,0,0,high\n`), 'connector table line 2: confidence "high" is not a number');
  });

  it('a missing column names the header line and the column', () => {
    coreError(() => readConnectors('connector_id,node_id,x,y,z\n0,1,0,0,0\n'), 'connector table line 1: missing column "type" (header is: connector_id,node_id,x,y,z)');
    coreError(() => readConnectors('\n\nconnector_id,type,x,y,z\n', { name: 'syn.csv' }), 'connector table syn.csv line 3: missing column "node_id"');
  });

  it('a short row names the line', () => {
    coreError(() => readConnectors(`${HEAD}\n0,1,pre,0,0,0\n1,2,pre,0,0\n`), 'connector table line 3: 5 fields, expected 6');
  });

  it('empty input', () => {
    coreError(() => readConnectors(''), 'connector table: empty');
    coreError(() => readConnectors(' \n\n  \n', { name: 'a.csv' }), 'connector table a.csv: empty');
    expect(readConnectors(`${HEAD}\n`).nodeId.length).toBe(0);
  });

  it('line numbers count blank lines, leading blank lines and quoted fields spanning lines', () => {
    coreError(() => readConnectors(`${HEAD}\n0,1,pre,0,0,0\n\n   \n1,2,bad,0,0,0\n`), 'connector table line 5: type "bad"');
    coreError(() => readConnectors(`\n\n${HEAD}\n0,1,bad,0,0,0\n`), 'connector table line 4: type "bad"');
    coreError(() => readConnectors(`${HEAD},roi\n0,1,pre,0,0,0,"two\nlines"\n1,2,bad,0,0,0,x\n`), 'connector table line 4: type "bad"');
    const t = readConnectors(`\n${HEAD}\n\n0,1,pre,0,0,0\n\n1,2,post,0,0,0\n`);
    expect(Array.from(t.line!)).toEqual([4, 6]);
  });

  it('reads CRLF, CR and mixed line ends and a byte-order mark', () => {
    const rows = [HEAD, '0,1,pre,0,0,5', '1,2,post,0,0,6', '2,3,post,0,0,7'];
    const expectRows = (t: ConnectorTable) => {
      expect(Array.from(t.nodeId)).toEqual([1, 2, 3]);
      expect(Array.from(t.z)).toEqual([5, 6, 7]);
      expect(Array.from(t.line!)).toEqual([2, 3, 4]);
    };
    expectRows(readConnectors(rows.join('\r\n') + '\r\n'));
    expectRows(readConnectors(rows.join('\r')));
    expectRows(readConnectors(`${rows[0]}\r\n${rows[1]}\n${rows[2]}\r\n${rows[3]}\n`));
    expectRows(readConnectors(`${rows[0]}\n${rows[1]}\r\n${rows[2]}\r${rows[3]}`));
    expectRows(readConnectors('\ufeff' + rows.join('\n')));
    coreError(() => readConnectors(`${rows[0]}\r\n${rows[1]}\n1,2,bad,0,0,0\r\n`), 'connector table line 3: type "bad"');
  });
});

describe('checkConnectors, scaleConnectors, connectorsOfType, writeConnectors', () => {
  const sk = readSwc('1 1 0 0 0 1 -1\n2 3 1 0 0 1 1\n5 3 2 0 0 1 2\n').skeleton;

  it('passes when every connector is on an existing node', () => {
    expect(() => checkConnectors(readConnectors(`${HEAD}\n0,1,pre,0,0,0\n1,5,post,0,0,0\n`), sk)).not.toThrow();
  });

  it('names the connector, its line and the missing node', () => {
    const t = readConnectors(`${HEAD}\n0,1,pre,0,0,0\n\n17,99,post,0,0,0\n`);
    const e = coreError(() => checkConnectors(t, sk), 'connector 17 (table line 4) is on node 99, which does not exist in the skeleton');
    expect(e.message).not.toContain('in all');
    expect(e.where).toEqual({ line: 4, node: 99 });
    const two = readConnectors(`${HEAD}\n3,4,pre,0,0,0\n4,1,pre,0,0,0\n5,3,post,0,0,0\n`);
    coreError(() => checkConnectors(two, sk), '2 of 3 synapses name nodes that are not in the skeleton (e.g. 4, 3; the first is connector 3 on table line 2): is this the synapse table of another neuron?');
  });

  it('for a generated table, names the line writeConnectors would give', () => {
    const t: ConnectorTable = {
      connectorId: Float64Array.of(10, 11),
      nodeId: Int32Array.of(1, 42),
      type: Uint8Array.of(PRE, POST),
      x: new Float64Array(2),
      y: new Float64Array(2),
      z: new Float64Array(2),
      roi: ['', ''],
      confidence: new Float64Array(2).fill(NaN),
    };
    coreError(() => checkConnectors(t, sk), 'connector 11 (table line 3) is on node 42');
    coreError(() => checkConnectors(readConnectors(writeConnectors(t)), sk), 'connector 11 (table line 3) is on node 42');
  });

  it('scaleConnectors scales positions only and leaves the input alone', () => {
    const t = readConnectors(`${HEAD},roi,confidence\n0,1,pre,1000,-250,125,AL(R),0.9\n1,5,post,8,16,24,,\n`);
    const s = scaleConnectors(t, 0.008);
    expect(Array.from(s.x)).toEqual([1000 * 0.008, 8 * 0.008]);
    expect(Array.from(s.y)).toEqual([-250 * 0.008, 16 * 0.008]);
    expect(Array.from(s.z)).toEqual([125 * 0.008, 24 * 0.008]);
    expect(s.x[0]).toBeCloseTo(8, 12);
    expect(Array.from(s.nodeId)).toEqual([1, 5]);
    expect(Array.from(s.type)).toEqual([PRE, POST]);
    expect(s.roi).toEqual(['AL(R)', '']);
    expect(Array.from(t.x)).toEqual([1000, 8]);
  });

  it('connectorsOfType gives rows in table order', () => {
    const t = readConnectors(`${HEAD}\n0,1,post,0,0,0\n1,1,pre,0,0,0\n2,1,post,0,0,0\n3,1,post,0,0,0\n4,1,pre,0,0,0\n`);
    expect(Array.from(connectorsOfType(t, PRE))).toEqual([1, 4]);
    expect(Array.from(connectorsOfType(t, POST))).toEqual([0, 2, 3]);
  });

  it('write → read round trip keeps every value, awkward roi text included', () => {
    const t: ConnectorTable = {
      connectorId: Float64Array.of(0, 1, 2 ** 40),
      nodeId: Int32Array.of(1, -7, 2147483647),
      type: Uint8Array.of(POST, PRE, POST),
      x: Float64Array.of(0.1 + 0.2, 1 / 3, -5e-324),
      y: Float64Array.of(1e21, -1e-7, 6.02214076e23),
      z: Float64Array.of(Math.PI, 0, 125.5),
      roi: ['AL(R)', 'a,b "quoted"', ''],
      confidence: Float64Array.of(NaN, 0.123456789012345, 1),
    };
    const text = writeConnectors(t);
    expect(text.split('\n')[0]).toBe('connector_id,node_id,type,x,y,z,roi,confidence');
    expect(text.split('\n')[2]).toBe('1,-7,pre,0.3333333333333333,-1e-7,0,"a,b ""quoted""",0.123456789012345');
    const back = readConnectors(text);
    for (const k of ['connectorId', 'nodeId', 'type', 'x', 'y', 'z', 'confidence'] as const) expect(Array.from(back[k])).toEqual(Array.from(t[k]));
    expect(back.roi).toEqual(t.roi);
  });
});

describe.skipIf(!existsSync(DA1))(suiteTitle('hemibrain DA1 connector tables', DA1), () => {
  // [body id, connectors, pre, post, empty roi cells], from the data README and the files.
  const cases: Array<[string, number, number, number, number]> = [
    ['1734350788', 2705, 621, 2084, 21],
    ['1734350908', 3042, 725, 2317, 16],
    ['722817260', 3136, 701, 2435, 23],
    ['754534424', 3010, 646, 2364, 9],
    ['754538881', 2943, 623, 2320, 14],
  ];
  const read = (body: string) => readConnectors(readFileSync(resolve(DA1, 'synapses', `${body}.csv`), 'utf8'), { name: `${body}.csv` });

  it.each(cases)('%s: %i connectors (%i pre, %i post), all on nodes of the SWC', (body, n, pre, post, emptyRoi) => {
    const t = read(body);
    expect(t.nodeId.length).toBe(n);
    expect(connectorsOfType(t, PRE).length).toBe(pre);
    expect(connectorsOfType(t, POST).length).toBe(post);
    expect(t.roi.filter((r) => r === '').length).toBe(emptyRoi);
    // connector_id is the 0-based row id.
    expect(Array.from(t.connectorId)).toEqual(Array.from({ length: n }, (_, k) => k));
    const sk = readSwc(readFileSync(resolve(DA1, 'swc', `${body}.swc`), 'utf8')).skeleton;
    expect(() => checkConnectors(t, sk)).not.toThrow();
  });

  it('1734350788: first and last rows as in the file', () => {
    const t = read('1734350788');
    expect([t.connectorId[0], t.nodeId[0], t.type[0], t.x[0], t.y[0], t.z[0], t.roi[0], t.confidence[0]]).toEqual([0, 1436, PRE, 6444, 21608, 14516, 'LH(R)', 0.959]);
    const k = t.nodeId.length - 1;
    expect([t.connectorId[k], t.nodeId[k], t.type[k], t.x[k], t.y[k], t.z[k], t.roi[k], t.confidence[k]]).toEqual([2704, 311, POST, 16446, 15982, 12569, '', 0.998071]);
    expect(t.line![k]).toBe(2706);
  });

  it('ROI totals and confidence range over all five tables match the README', () => {
    const roi = new Map<string, number>();
    let lo = Infinity;
    let hi = -Infinity;
    for (const [body] of cases) {
      const t = read(body);
      for (const r of t.roi) roi.set(r, (roi.get(r) ?? 0) + 1);
      for (const c of t.confidence) {
        lo = Math.min(lo, c);
        hi = Math.max(hi, c);
      }
    }
    expect(Object.fromEntries(roi)).toEqual({ 'AL(R)': 11991, 'LH(R)': 2051, 'CA(R)': 637, 'SCL(R)': 68, 'AVLP(R)': 4, 'SLP(R)': 2, '': 83 });
    expect([lo, hi]).toEqual([0.281, 1]);
  });
});
