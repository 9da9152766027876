/** NeuroML 2 `<morphology>` → skeleton, on small hand-written documents (µm). */
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import { discretize } from '../cable/discretize.ts';
import { looksLikeXml, readNeuroMl, xmlTags } from './neuroml.ts';

/** A ball-and-stick-like cell: soma, a dendrite of two segments with a branch in the middle of the first, an axon from the soma's proximal end. */
const CELL = `<?xml version="1.0" encoding="UTF-8"?>
<!-- hand-written test cell; <segment id="99"> in a comment is ignored -->
<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="test">
  <cell id="bs">
    <morphology id="morph1">
      <segment id="0" name="soma">
        <proximal x="0" y="0" z="0" diameter="10"/>
        <distal x="0" y="10" z="0" diameter="10"/>
      </segment>
      <segment id="1" name="dend1">
        <parent segment="0"/>
        <distal x="0" y="20" z="0" diameter="2"/>
      </segment>
      <segment id="2" name="dend2">
        <parent segment="1" fractionAlong="1.0"/>
        <proximal x="0" y="20" z="0" diameter="2"/>
        <distal x="0" y="30" z="0" diameter="1"/>
      </segment>
      <segment id="4" name="branch">
        <parent segment="1" fractionAlong="0.5"/>
        <distal x="10" y="15" z="0" diameter="1"/>
      </segment>
      <segment id="3" name="axon">
        <parent segment="0" fractionAlong="0"/>
        <proximal x="0" y="0" z="0" diameter="1"/>
        <distal x="0" y="-20" z="0" diameter="1"/>
      </segment>
      <segmentGroup id="soma_group" neuroLexId="sao864921383"><member segment="0"/></segmentGroup>
      <segmentGroup id="dend_a"><member segment="1"/><member segment="2"/></segmentGroup>
      <segmentGroup id="dendrite_group"><include segmentGroup="dend_a"/><member segment="4"/></segmentGroup>
      <segmentGroup id="axon_group"><member segment="3"/></segmentGroup>
      <segmentGroup id="all"><include segmentGroup="soma_group"/><include segmentGroup="dendrite_group"/><include segmentGroup="axon_group"/></segmentGroup>
    </morphology>
  </cell>
</neuroml>
`;

function node(sk: ReturnType<typeof readNeuroMl>['skeleton'], id: number) {
  const r = sk.requireRow(id);
  const p = sk.parent[r];
  return { xyz: [sk.x[r], sk.y[r], sk.z[r]], radius: sk.radius[r], type: sk.type[r], parent: p < 0 ? -1 : sk.id[p] };
}

describe('readNeuroMl', () => {
  it('turns segments into nodes: distal of segment s is node s, with the start points and inner attachments as extra nodes', () => {
    const { skeleton: sk, morphologyId, segments, warnings } = readNeuroMl(CELL, { name: 'bs' });
    expect(morphologyId).toBe('morph1');
    expect(segments).toBe(5);
    expect(sk.units).toBe('µm');
    expect(sk.name).toBe('bs');
    // Extra ids start after the largest segment id (4): 5 = root (soma's proximal point).
    expect(node(sk, 5)).toEqual({ xyz: [0, 0, 0], radius: 5, type: 1, parent: -1 });
    expect(sk.soma).toBe(sk.requireRow(5));
    expect(node(sk, 0)).toEqual({ xyz: [0, 10, 0], radius: 5, type: 1, parent: 5 });
    // Segment 4 attaches half way along segment 1 (from (0,10,0) d 10 to (0,20,0) d 2): an
    // interpolated node (0,15,0) with d 6, which becomes the parent of segment 1's distal node.
    const mid = sk.id[sk.parent[sk.requireRow(4)]];
    expect(node(sk, mid)).toEqual({ xyz: [0, 15, 0], radius: 3, type: 3, parent: 0 });
    expect(node(sk, 1)).toEqual({ xyz: [0, 20, 0], radius: 1, type: 3, parent: mid });
    expect(node(sk, 4)).toEqual({ xyz: [10, 15, 0], radius: 0.5, type: 3, parent: mid });
    // Segment 2's proximal point is where it attaches: no extra node.
    expect(node(sk, 2)).toEqual({ xyz: [0, 30, 0], radius: 0.5, type: 3, parent: 1 });
    // The axon starts at the soma's proximal end (fractionAlong 0) with another diameter: a step node.
    const step = sk.id[sk.parent[sk.requireRow(3)]];
    expect(node(sk, step)).toEqual({ xyz: [0, 0, 0], radius: 0.5, type: 2, parent: 5 });
    expect(node(sk, 3)).toEqual({ xyz: [0, -20, 0], radius: 0.5, type: 2, parent: step });
    expect(sk.size).toBe(8);
    expect(warnings).toEqual([expect.stringMatching(/1 segment\(s\) start away from the point they attach to/)]);
  });

  it('gives a skeleton the simulator discretizes with NeuroML lengths', () => {
    const { skeleton } = readNeuroMl(CELL);
    const disc = discretize(skeleton, { res: 10 });
    const total = disc.sections.reduce((a, s) => a + s.L, 0);
    // soma 10 + dendrite 10 + 10 + branch 10 + axon 20 (the step node adds no length).
    expect(total).toBeCloseTo(60, 10);
    expect(disc.trees).toBe(1);
  });

  it('reads prefixed elements, single quotes, entities and picks a morphology by id', () => {
    const doc = `<nml:neuroml xmlns:nml="http://www.neuroml.org/schema/neuroml2">
      <nml:morphology id='a'><nml:segment id='0'><nml:proximal x='0' y='0' z='0' diameter='1'/><nml:distal x='1e1' y='0' z='0' diameter='1'/></nml:segment></nml:morphology>
      <nml:morphology id="b&amp;c"><nml:segment id="7" name="x &lt; y"><nml:proximal x="0" y="0" z="0" diameter="2"/><nml:distal x="0" y="5" z="0" diameter="2"/></nml:segment></nml:morphology>
    </nml:neuroml>`;
    const a = readNeuroMl(doc);
    expect(a.morphologyId).toBe('a');
    expect(a.warnings).toContain('the file has 2 morphologies; read "a"');
    expect(node(a.skeleton, 0).xyz).toEqual([10, 0, 0]);
    const b = readNeuroMl(doc, { morphologyId: 'b&c' });
    expect(node(b.skeleton, 7)).toEqual({ xyz: [0, 5, 0], radius: 1, type: 0, parent: 8 });
    expect(b.warnings).toContain('the morphology has no segment groups, so no node is typed as soma, axon or dendrite');
  });

  it('names the line and the problem for bad input', () => {
    const err = (text: string) => {
      try {
        readNeuroMl(text, { name: 'bad' });
      } catch (e) {
        expect(e).toBeInstanceOf(CoreError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    const seg = (inner: string) => `<neuroml>\n<morphology id="m">\n${inner}\n</morphology>\n</neuroml>`;
    expect(err('id type x y z r parent')).toMatch(/no <morphology> element found/);
    expect(err(seg('<segment id="0"><distal x="0" y="1" z="0" diameter="1"/></segment>'))).toMatch(/line 3: segment 0 has no parent and no proximal point/);
    expect(err(seg('<segment id="0"><proximal x="0" y="0" z="0" diameter="1"/><distal x="0" y="abc" z="0" diameter="1"/></segment>'))).toMatch(/NeuroML bad line 3: y="abc" of the distal point of segment 0 is not a number/);
    expect(err(seg('<segment id="0"><parent segment="5"/><distal x="0" y="1" z="0" diameter="1"/></segment>'))).toMatch(/parent 5 of segment 0 does not exist/);
    expect(err(seg('<segment id="0"><parent segment="1"/><distal x="0" y="1" z="0" diameter="1"/></segment>\n<segment id="1"><parent segment="0"/><distal x="0" y="2" z="0" diameter="1"/></segment>'))).toMatch(/cycle through segments/);
    expect(err(seg('<segment id="0"><proximal x="0" y="0" z="0" diameter="1"/></segment>'))).toMatch(/segment 0 has no distal point/);
    expect(err(seg('<segment id="0"><proximal x="0" y="0" z="0" diameter="-1"/><distal x="0" y="1" z="0" diameter="1"/></segment>'))).toMatch(/negative diameter/);
    expect(err(seg('<segment id="0"><proximal x="0" y="0" z="0" diameter="1"/><distal x="0" y="1" z="0" diameter="1"/></segment><segment id="0"><parent segment="0"/><distal x="0" y="1" z="0" diameter="1"/></segment>'))).toMatch(/segment id 0 is already used on line 3/);
    expect(err('<neuroml><morphology id="m"><!-- open')).toMatch(/a comment is not closed/);
  });

  it('reads NeuroML 1 (MorphML) as NEURON 8.2 ModelView writes it: parent attributes, cables with fract_along_parent', () => {
    // The layout of NEURON's ModelViewXML.exportNeuroML(file, 1) for soma → dend (at 1), soma → axon (at 0).
    const v1 = `<?xml version="1.0" encoding="UTF-8"?>
<neuroml xmlns="http://morphml.org/neuroml/schema" xmlns:mml="http://morphml.org/morphml/schema" lengthUnits="micron">
<cells>
  <cell name="_pysec.soma">
    <segments  xmlns="http://morphml.org/morphml/schema"> <!-- Changing the namespace from neuroml to morphml-->
      <segment id="0" name = "Seg0_soma" cable = "0">
        <proximal x="0" y="0" z="0" diameter="10"/>
        <distal x="0" y="10" z="0" diameter="10"/>
      </segment>
      <segment id="4" name = "Seg0_axon" parent="0" cable = "2">  <!-- Connected at 0 on parent section: _pysec.soma  -->
        <proximal x="0" y="0" z="0" diameter="1"/>
        <distal x="0" y="-20" z="0" diameter="1"/>
      </segment>
      <segment id="2" name = "Seg0_dend" parent="0" cable = "1">
        <proximal x="0" y="10" z="0" diameter="2"/>
        <distal x="0" y="20" z="0" diameter="2"/>
      </segment>
      <segment id="3" name = "Seg1_dend" parent="2" cable = "1">
        <distal x="0" y="30" z="0" diameter="1"/>
      </segment>
    </segments>
    <cables  xmlns="http://morphml.org/morphml/schema">
      <cable id = "0" name = "soma" fract_along_parent = "0"/>
      <cable id = "2" name = "axon" fract_along_parent = "0"/>
      <cable id = "1" name = "dend"/>
      <cablegroup name="all"><cable id = "0"/><cable id = "2"/><cable id = "1"/></cablegroup>
    </cables>
  </cell>
</cells>
</neuroml>`;
    const { skeleton: sk, morphologyId, warnings } = readNeuroMl(v1);
    expect(morphologyId).toBe('_pysec.soma');
    expect(node(sk, 5)).toEqual({ xyz: [0, 0, 0], radius: 5, type: 1, parent: -1 });
    // The axon starts at the soma's 0 end (fract_along_parent 0), with its own diameter.
    const axStart = sk.id[sk.parent[sk.requireRow(4)]];
    expect(node(sk, axStart)).toEqual({ xyz: [0, 0, 0], radius: 0.5, type: 2, parent: 5 });
    expect(node(sk, 3)).toEqual({ xyz: [0, 30, 0], radius: 0.5, type: 3, parent: 2 });
    expect(warnings).toEqual([expect.stringMatching(/^2 segment\(s\) start away/)]);
    expect(discretize(sk).sections.reduce((a, s) => a + s.L, 0)).toBeCloseTo(50, 10);
  });

  it('tells XML from SWC and scans tags with line numbers', () => {
    expect(looksLikeXml('\uFEFF  <?xml version="1.0"?><neuroml/>')).toBe(true);
    expect(looksLikeXml('# SWC\n1 1 0 0 0 1 -1')).toBe(false);
    const tags = [...xmlTags('<a>\n<b x="1>2"/>\n<![CDATA[<c/>]]></a>')];
    expect(tags.map((t) => [t.name, t.kind, t.selfClosing, t.line, t.attrs])).toEqual([
      ['a', 'open', false, 1, {}],
      ['b', 'open', true, 2, { x: '1>2' }],
      ['a', 'close', false, 3, {}],
    ]);
  });
});
