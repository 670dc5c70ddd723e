/**
 * A flame graph as a self-contained SVG, from folded stacks (root first, with sample counts): one
 * frame rectangle per node of the merged stack tree, its width proportional to the node's
 * samples, its tooltip and label naming the function (XML-escaped).
 */

export interface FoldedStack {
  /** Root first. */
  frames: string[];
  value: number;
}

export interface FlameNode {
  name: string;
  value: number;
  children: FlameNode[];
}

export interface FlameGraphOptions {
  title?: string;
  /** Subtitle under the title (e.g. the sample type). */
  subtitle?: string;
  /** How a node's value reads in the tooltip (default: "N samples"). */
  formatValue?: (v: number) => string;
  /** Name of the root node. */
  rootName?: string;
  width?: number;
  frameHeight?: number;
}

/** Merge stacks into a tree; children keep first-seen order until sorted by the renderer. */
export function buildFlameTree(stacks: FoldedStack[], rootName = 'all'): FlameNode {
  const root: FlameNode = { name: rootName, value: 0, children: [] };
  const index = new Map<FlameNode, Map<string, FlameNode>>();
  for (const s of stacks) {
    if (!(s.value > 0)) continue;
    root.value += s.value;
    let node = root;
    for (const name of s.frames) {
      let kids = index.get(node);
      if (!kids) index.set(node, (kids = new Map()));
      let child = kids.get(name);
      if (!child) {
        child = { name, value: 0, children: [] };
        kids.set(name, child);
        node.children.push(child);
      }
      child.value += s.value;
      node = child;
    }
  }
  return root;
}

/** Count the nodes of a tree (the root included): the number of frame rectangles drawn. */
export function countNodes(node: FlameNode): number {
  return 1 + node.children.reduce((a, c) => a + countNodes(c), 0);
}

/** Parse the folded text format (`a;b;c 42` per line) that flame graph tools exchange. */
export function parseFolded(text: string): FoldedStack[] {
  const out: FoldedStack[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^(.*\S)\s+(\d+(?:\.\d+)?)\s*$/.exec(line);
    if (m) out.push({ frames: m[1].split(';'), value: Number(m[2]) });
  }
  return out;
}

/** Escape text for XML content and attribute values; characters XML 1.0 forbids become U+FFFD. */
export function xmlEscape(s: string): string {
  return (
    s
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Warm colours, stable per function name (as classic flame graphs). */
function colour(name: string): string {
  const h = hashOf(name);
  const r = 205 + (h % 50);
  const g = 80 + ((h >>> 8) % 130);
  const b = 30 + ((h >>> 16) % 50);
  return `rgb(${r},${g},${b})`;
}

const CHAR_W = 6.6;

function label(name: string, width: number): string {
  const fits = Math.floor((width - 6) / CHAR_W);
  if (fits < 3) return '';
  return name.length <= fits ? name : `${name.slice(0, fits - 2)}..`;
}

/** Render the SVG. Frames are laid out bottom-up (root at the bottom), children sorted by name. */
export function renderFlameGraph(stacks: FoldedStack[], opts: FlameGraphOptions = {}): string {
  const root = buildFlameTree(stacks, opts.rootName);
  const width = opts.width ?? 1200;
  const rowH = opts.frameHeight ?? 16;
  const pad = 10;
  const top = opts.subtitle ? 52 : 36;
  const fmt = opts.formatValue ?? ((v: number) => `${v} sample${v === 1 ? '' : 's'}`);
  const scale = root.value > 0 ? (width - 2 * pad) / root.value : 0;
  let depthMax = 0;
  const frames: Array<{ node: FlameNode; x: number; depth: number }> = [];
  const walk = (node: FlameNode, x: number, depth: number) => {
    depthMax = Math.max(depthMax, depth);
    frames.push({ node, x, depth });
    let cx = x;
    for (const c of [...node.children].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      walk(c, cx, depth + 1);
      cx += c.value * scale;
    }
  };
  walk(root, pad, 0);
  const height = top + (depthMax + 1) * rowH + 2 * pad;
  const body = frames.map(({ node, x, depth }) => {
    const w = node.value * scale;
    const y = height - pad - (depth + 1) * rowH;
    const pct = root.value ? ((node.value / root.value) * 100).toFixed(2) : '0.00';
    const name = xmlEscape(node.name);
    return (
      `<g class="frame"><title>${name} (${xmlEscape(fmt(node.value))}, ${pct}%)</title>` +
      `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${rowH - 1}" fill="${colour(node.name)}" rx="2" ry="2" data-samples="${node.value}"/>` +
      `<text x="${(x + 3).toFixed(2)}" y="${y + rowH - 4.5}">${xmlEscape(label(node.name, w))}</text></g>`
    );
  });
  const title = xmlEscape(opts.title ?? 'Flame Graph');
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<style>text { font-family: Verdana, sans-serif; font-size: 11px; fill: #000; } .frame:hover rect { stroke: #000; stroke-width: 0.6; } .title { font-size: 17px; } .subtitle { font-size: 12px; fill: #555; }</style>',
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fdf6ec"/>`,
    `<text class="title" x="${width / 2}" y="24" text-anchor="middle">${title}</text>`,
    opts.subtitle ? `<text class="subtitle" x="${width / 2}" y="42" text-anchor="middle">${xmlEscape(opts.subtitle)}</text>` : '',
    `<g id="frames">`,
    ...body,
    '</g>',
    '</svg>',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n')
    .concat('\n');
}
