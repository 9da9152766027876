import { describe, expect, it } from 'vitest';
import { embedGraphInSvg, extractGraph } from '../library/png-graph.ts';
import { svgWithTitle, TITLE_BAND } from './export-title.ts';

describe('the plot SVG with its title', () => {
  const chart = '<svg width="400" height="300" xmlns="http://www.w3.org/2000/svg"><rect width="400" height="300" fill="red"/></svg>';

  it('is 32 px taller, the title centred in the band as escaped text, the chart below it', () => {
    const svg = svgWithTitle(chart, 'V & I at <soma> "1"', 400, 300);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="332" viewBox="0 0 400 332">')).toBe(true);
    expect(TITLE_BAND).toBe(32);
    expect(svg).toContain('<text x="200" y="21" text-anchor="middle"');
    expect(svg).toContain('>V &amp; I at &lt;soma&gt; &quot;1&quot;</text>');
    expect(svg).toContain(`<g transform="translate(0, 32)">${chart}</g>`);
    // Well-formed: the browser's parser would say so; here, one root and balanced svg tags.
    expect(svg.match(/<svg[\s>]/g)!.length).toBe(2);
    expect(svg.match(/<\/svg>/g)!.length).toBe(2);
  });

  it('a title that tries to close the text element stays text', () => {
    const svg = svgWithTitle(chart, '</text><script>alert(1)</script>', 400, 300);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
  });

  it('still carries the graph: embedded in the new root, read back from the file', async () => {
    const withGraph = embedGraphInSvg(svgWithTitle(chart, 'Voltage', 400, 300), '{"format":"neurowire-graph"}');
    expect(withGraph.indexOf('<metadata')).toBeLessThan(withGraph.indexOf('<text'));
    const r = await extractGraph(new TextEncoder().encode(withGraph));
    expect(r).toEqual({ ok: true, text: '{"format":"neurowire-graph"}', kind: 'svg' });
  });
});
