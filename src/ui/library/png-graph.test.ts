import { describe, expect, it } from 'vitest';
import { crc32, embedGraphInPng, embedGraphInSvg, extractGraph, GRAPH_KEYWORD, isPng, makeChunk, NO_GRAPH_MESSAGE, PNG_SIGNATURE, readChunks } from './png-graph.ts';

const enc = new TextEncoder();

async function zlib(bytes: Uint8Array): Promise<Uint8Array> {
  const s = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(s).arrayBuffer());
}

/** A valid 2×1 8-bit grayscale PNG built chunk by chunk (IHDR, IDAT, IEND). */
async function tinyPng(): Promise<Uint8Array> {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, 2); // width
  v.setUint32(4, 1); // height
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (grey), deflate, filter 0, no interlace
  const scanline = Uint8Array.of(0, 0x00, 0xff); // filter type 0, two pixels
  const parts = [PNG_SIGNATURE, makeChunk('IHDR', ihdr), makeChunk('IDAT', await zlib(scanline)), makeChunk('IEND', new Uint8Array())];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

const GRAPH = '{\n  "format": "neurowire-graph",\n  "version": 1,\n  "meta": { "title": "Ω µm — <&> ]]>" }\n}\n';

describe('CRC-32 (PNG spec Annex D)', () => {
  it('matches the published values', () => {
    // The CRC stored after every PNG's IEND chunk (type "IEND", no data).
    expect(crc32(enc.encode('IEND'))).toBe(0xae426082);
    // The standard check value of CRC-32/ISO-HDLC.
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('an IEND chunk is the 12 bytes every PNG ends with', () => {
    expect(Array.from(makeChunk('IEND', new Uint8Array()))).toEqual([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  });
});

describe('graph in a PNG', () => {
  it('round trip: embedded after IHDR, image chunks unchanged, every CRC valid', async () => {
    const png = await tinyPng();
    expect(isPng(png)).toBe(true);
    const out = await embedGraphInPng(png, GRAPH);
    const { chunks, truncated } = readChunks(out);
    expect(truncated).toBe(false);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    const before = readChunks(png).chunks;
    expect(Array.from(chunks[0].data)).toEqual(Array.from(before[0].data));
    expect(Array.from(chunks[2].data)).toEqual(Array.from(before[1].data));
    // keyword, NUL, compression flag 1, method 0, empty language and translated keyword
    expect(new TextDecoder().decode(chunks[1].data.subarray(0, GRAPH_KEYWORD.length))).toBe(GRAPH_KEYWORD);
    expect(Array.from(chunks[1].data.subarray(GRAPH_KEYWORD.length, GRAPH_KEYWORD.length + 5))).toEqual([0, 1, 0, 0, 0]);
    expect(await extractGraph(out)).toEqual({ ok: true, text: GRAPH, kind: 'png' });
  });

  it('uncompressed iTXt and tEXt are read too; embedding again replaces the graph', async () => {
    const png = await tinyPng();
    const plain = await embedGraphInPng(png, GRAPH, { compress: false });
    expect(await extractGraph(plain)).toEqual({ ok: true, text: GRAPH, kind: 'png' });
    const again = await embedGraphInPng(plain, 'second');
    expect(readChunks(again).chunks.filter((c) => c.type === 'iTXt')).toHaveLength(1);
    expect(await extractGraph(again)).toMatchObject({ ok: true, text: 'second' });
    // A tEXt chunk (Latin-1) as another tool might write it, before IEND.
    const { chunks } = readChunks(png);
    const text = makeChunk('tEXt', Uint8Array.from([...enc.encode(GRAPH_KEYWORD), 0, ...enc.encode('{"a":1}')]));
    const parts = [PNG_SIGNATURE, ...chunks.slice(0, -1).map((c) => png.subarray(c.offset, c.offset + 12 + c.data.length)), text, makeChunk('IEND', new Uint8Array())];
    const withText = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) (withText.set(p, at), (at += p.length));
    expect(await extractGraph(withText)).toEqual({ ok: true, text: '{"a":1}', kind: 'png' });
  });

  it('an image without a graph, a damaged chunk, a cut file and a non-image each say so', async () => {
    const png = await tinyPng();
    expect(await extractGraph(png)).toEqual({ ok: false, message: NO_GRAPH_MESSAGE });
    const out = await embedGraphInPng(png, GRAPH);
    const damaged = out.slice();
    const it = readChunks(out).chunks[1];
    damaged[it.offset + 8 + 20] ^= 0xff;
    expect(await extractGraph(damaged)).toMatchObject({ ok: false, message: expect.stringContaining('damaged') });
    const cut = out.subarray(0, 40); // inside the iTXt chunk
    expect(await extractGraph(cut)).toMatchObject({ ok: false, message: expect.stringContaining(NO_GRAPH_MESSAGE) });
    expect(await extractGraph(enc.encode('\u0089PNG\r\n'))).toEqual({ ok: false, message: 'not a PNG or SVG image' });
    expect(await extractGraph(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toEqual({ ok: false, message: 'not a PNG or SVG image' });
    await expect(embedGraphInPng(cut, GRAPH)).rejects.toThrow(/incomplete/);
  });
});

describe('graph in an SVG', () => {
  const svg = '<?xml version="1.0"?>\n<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg" data-x="a>b"><rect width="10" height="10"/></svg>';

  it('round trip through <metadata>, escaping what XML needs', async () => {
    const out = embedGraphInSvg(svg, GRAPH);
    expect(out).toContain('data-x="a>b"><metadata><nw:graph');
    expect(out).toContain('&lt;&amp;&gt; ]]&gt;');
    expect(out.endsWith('<rect width="10" height="10"/></svg>')).toBe(true);
    expect(await extractGraph(enc.encode(out))).toEqual({ ok: true, text: GRAPH, kind: 'svg' });
    // Embedding again replaces the graph.
    const again = embedGraphInSvg(out, 'two');
    expect(again.match(/<metadata>/g)).toHaveLength(1);
    expect(await extractGraph(enc.encode(again))).toMatchObject({ ok: true, text: 'two' });
  });

  it('a self-closing root works; an SVG without a graph says so', async () => {
    const out = embedGraphInSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', 'x');
    expect(out).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"><metadata>.*<\/metadata><\/svg>$/);
    expect(await extractGraph(enc.encode(out))).toMatchObject({ ok: true, text: 'x' });
    expect(await extractGraph(enc.encode(svg))).toEqual({ ok: false, message: NO_GRAPH_MESSAGE });
  });
});
