/** Flame-graph SVGs: well-formed XML, one rectangle per stack node, widths proportional to samples, names escaped. */
import { describe, expect, it } from 'vitest';
import { buildProfileGzip } from '../../src/mock/grid/profiles.js';
import { createRng } from '../../src/mock/rng.js';
import { buildFlameTree, countNodes, parseFolded, renderFlameGraph, xmlEscape, type FoldedStack } from '../../src/profiling/flamegraph.js';
import { decodeProfile, foldedStacks } from '../../src/profiling/pprof.js';
import { elements, parseXml, textOf, XmlError, type XmlElement } from '../../src/profiling/xml.js';

interface Frame {
  name: string;
  samples: number;
  x: number;
  y: number;
  width: number;
  label: string;
}

/** The frames of a rendered flame graph, read back from the XML tree. */
function frames(svg: string): { root: XmlElement; frames: Frame[] } {
  const root = parseXml(svg);
  expect(root.name).toBe('svg');
  const out: Frame[] = [];
  for (const el of elements(root)) {
    if (el.name !== 'g' || el.attrs.class !== 'frame') continue;
    const kids = el.children.filter((c): c is XmlElement => typeof c !== 'string');
    const title = kids.find((k) => k.name === 'title')!;
    const rect = kids.find((k) => k.name === 'rect')!;
    const text = kids.find((k) => k.name === 'text')!;
    const m = /^(.*) \((.*), ([\d.]+)%\)$/.exec(textOf(title))!;
    expect(m, textOf(title)).toBeTruthy();
    out.push({ name: m[1], samples: Number(rect.attrs['data-samples']), x: Number(rect.attrs.x), y: Number(rect.attrs.y), width: Number(rect.attrs.width), label: textOf(text) });
  }
  return { root, frames: out };
}

/** Every distinct root-first prefix of the stacks, plus the root: the nodes of the merged tree. */
function prefixes(stacks: FoldedStack[]): Map<string, number> {
  const m = new Map<string, number>([['', stacks.reduce((a, s) => a + s.value, 0)]]);
  for (const s of stacks) for (let i = 1; i <= s.frames.length; i++) {
    const key = s.frames.slice(0, i).join('\u0000');
    m.set(key, (m.get(key) ?? 0) + s.value);
  }
  return m;
}

const TRICKY: FoldedStack[] = [
  { frames: ['<module> (app.py:1)', 'main', 'Vec<T>::push & "grow"'], value: 30 },
  { frames: ['<module> (app.py:1)', 'main', "it's <b>bold</b>"], value: 10 },
  { frames: ['<module> (app.py:1)', 'helper'], value: 20 },
  { frames: ['other'], value: 40 },
  { frames: ['<module> (app.py:1)', 'main', 'Vec<T>::push & "grow"'], value: 5 },
];

describe('renderFlameGraph', () => {
  it('is well-formed XML with one frame rectangle per stack node', () => {
    const svg = renderFlameGraph(TRICKY, { title: 'a <title> & more' });
    const { root, frames: fs } = frames(svg);
    const nodes = prefixes(TRICKY);
    expect(fs).toHaveLength(nodes.size);
    expect(fs).toHaveLength(countNodes(buildFlameTree(TRICKY)));
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    const titles = [...elements(root)].filter((e) => e.name === 'text' && e.attrs.class === 'title').map(textOf);
    expect(titles).toEqual(['a <title> & more']);
  });

  it('embeds the function names escaped, and they read back intact', () => {
    const svg = renderFlameGraph(TRICKY);
    expect(svg).toContain('Vec&lt;T&gt;::push &amp; &quot;grow&quot;');
    expect(svg).toContain('it&apos;s &lt;b&gt;bold&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<module>');
    const names = frames(svg).frames.map((f) => f.name);
    for (const s of TRICKY) for (const n of s.frames) expect(names).toContain(n);
  });

  it('gives each frame a width proportional to its samples and nests children inside their parent', () => {
    const width = 1000;
    const { frames: fs } = frames(renderFlameGraph(TRICKY, { width }));
    const total = 105;
    const usable = width - 20;
    const all = fs.find((f) => f.name === 'all')!;
    expect(all.samples).toBe(total);
    expect(all.width).toBeCloseTo(usable, 1);
    for (const f of fs) expect(f.width).toBeCloseTo((f.samples / total) * usable, 1);
    const push = fs.find((f) => f.name.startsWith('Vec<T>'))!;
    expect(push.samples).toBe(35);
    const module = fs.find((f) => f.name === '<module> (app.py:1)')!;
    expect(module.samples).toBe(65);
    // children sit on the row above their parent, within its span
    const main = fs.find((f) => f.name === 'main')!;
    expect(main.y).toBeLessThan(module.y);
    expect(main.x).toBeGreaterThanOrEqual(module.x - 0.01);
    expect(main.x + main.width).toBeLessThanOrEqual(module.x + module.width + 0.01);
    // siblings do not overlap
    const kids = fs.filter((f) => f.y === main.y).sort((a, b) => a.x - b.x);
    for (let i = 1; i < kids.length; i++) expect(kids[i].x).toBeGreaterThanOrEqual(kids[i - 1].x + kids[i - 1].width - 0.02);
  });

  it('truncates labels that do not fit and leaves tiny frames unlabelled', () => {
    const stacks: FoldedStack[] = [
      { frames: ['a_rather_long_function_name_that_cannot_fit_in_a_small_frame'], value: 1 },
      { frames: ['big'], value: 400 },
    ];
    const { frames: fs } = frames(renderFlameGraph(stacks));
    const small = fs.find((f) => f.name.startsWith('a_rather'))!;
    expect(small.label).toBe('');
    expect(fs.find((f) => f.name === 'big')!.label).toBe('big');
  });

  it('draws a pprof profile: one rectangle per node, values in the profile unit', () => {
    const p = decodeProfile(buildProfileGzip('cpu', createRng(5), Date.now(), { workload: 'api' }));
    const { stacks } = foldedStacks(p);
    const svg = renderFlameGraph(stacks, { rootName: 'root', formatValue: (v) => `${v / 1e9}s` });
    const { frames: fs } = frames(svg);
    expect(fs).toHaveLength(prefixes(stacks).size);
    expect(fs.map((f) => f.name)).toContain('encoding/json.(*encodeState).marshal');
    expect(svg).toMatch(/<title>root \([\d.]+s, 100\.00%\)<\/title>/);
  });

  it('reads the folded text format', () => {
    expect(parseFolded('a;b;c 3\na;b 2\n\nbad line\nx 1.5\n')).toEqual([
      { frames: ['a', 'b', 'c'], value: 3 },
      { frames: ['a', 'b'], value: 2 },
      { frames: ['x'], value: 1.5 },
    ]);
  });

  it('replaces characters XML forbids', () => {
    expect(xmlEscape('a\u0001b\ud800c')).toBe('a\ufffdb\ufffdc');
    expect(() => parseXml(`<svg><text>${xmlEscape('bell \u0007 & <x>')}</text></svg>`)).not.toThrow();
  });
});

describe('parseXml', () => {
  it('accepts declarations, comments, CDATA, a DOCTYPE and entities', () => {
    const doc = parseXml('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- c --><svg a=\'1\' b="&lt;&#65;&#x42;"><script><![CDATA[ if (a < b && c) {} ]]></script><g/></svg>\n');
    expect(doc.attrs).toEqual({ a: '1', b: '<AB' });
    expect(textOf(doc)).toContain('a < b && c');
  });

  it.each([
    ['<svg><g></svg>', /does not match/],
    ['<svg>', /never closed/],
    ['<svg></svg><svg/>', /second root/],
    ['<svg a=1/>', /not quoted/],
    ['<svg a="1" a="2"/>', /given twice/],
    ['<svg>a & b</svg>', /"&"/],
    ['<svg>&nbsp;</svg>', /unknown entity/],
    ['<svg a="<"/>', /"<"/],
    ['text<svg/>', /outside the root/],
    ['<svg>\u0001</svg>', /control character/],
    ['', /no root element/],
    ['<svg/>\n<?xml version="1.0"?>', /not at the start/],
  ])('rejects %j', (text, re) => {
    expect(() => parseXml(text)).toThrow(XmlError);
    expect(() => parseXml(text)).toThrow(re);
  });
});
