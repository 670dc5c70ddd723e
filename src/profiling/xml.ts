/**
 * A small, strict XML reader for flame-graph SVGs: checks well-formedness (one root element,
 * matching tags, quoted and unique attributes, valid entity and character references, no stray
 * `<` or `&`) and returns the element tree with entities decoded. Comments, processing
 * instructions, CDATA sections and a DOCTYPE without an internal subset are accepted.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: Array<XmlElement | string>;
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlError';
  }
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.\u00b7\u00c0-\uffff]*/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string, at: number): string {
  return text.replace(/&([^;&\s<]*);?/g, (m, body: string, i: number) => {
    if (!m.endsWith(';')) throw new XmlError('an "&" that does not start an entity reference', at + i);
    if (body in PREDEFINED) return PREDEFINED[body];
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (num) {
      const cp = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2], 10);
      const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
      if (!ok) throw new XmlError(`character reference &${body}; names a character XML forbids`, at + i);
      return String.fromCodePoint(cp);
    }
    throw new XmlError(`unknown entity &${body};`, at + i);
  });
}

/** Parse a document; throws XmlError naming the first problem. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const bad = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/.exec(text);
  if (bad) throw new XmlError('a control character XML forbids', bad.index);
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const expect = (s: string, what: string) => {
    const end = text.indexOf(s, i);
    if (end < 0) throw new XmlError(`unterminated ${what}`, i);
    const body = text.slice(i, end);
    i = end + s.length;
    return body;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) throw new XmlError('expected a name', i);
    i += m[0].length;
    return m[0];
  };
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const addText = (t: string, at: number) => {
    if (!stack.length) {
      if (t.trim()) throw new XmlError('text outside the root element', at);
      return;
    }
    if (t.includes(']]>')) throw new XmlError('"]]>" in text', at + t.indexOf(']]>'));
    stack[stack.length - 1].children.push(decodeEntities(t, at));
  };

  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      addText(text.slice(i), i);
      break;
    }
    if (lt > i) addText(text.slice(i, lt), i);
    i = lt;
    if (text.startsWith('<!--', i)) {
      i += 4;
      const body = expect('-->', 'comment');
      if (body.includes('--')) throw new XmlError('"--" inside a comment', i);
    } else if (text.startsWith('<![CDATA[', i)) {
      if (!stack.length) throw new XmlError('CDATA outside the root element', i);
      i += 9;
      stack[stack.length - 1].children.push(expect(']]>', 'CDATA section'));
    } else if (text.startsWith('<?', i)) {
      i += 2;
      const target = name();
      if (target.toLowerCase() === 'xml' && (lt !== 0 && !(lt === 1 && text.charCodeAt(0) === 0xfeff))) throw new XmlError('an XML declaration that is not at the start', lt);
      expect('?>', 'processing instruction');
    } else if (text.startsWith('<!DOCTYPE', i)) {
      if (root || stack.length) throw new XmlError('a DOCTYPE after the root element started', i);
      const close = text.indexOf('>', i);
      const bracket = text.indexOf('[', i);
      if (bracket >= 0 && (close < 0 || bracket < close)) {
        i = bracket;
        expect(']', 'DOCTYPE internal subset');
        space();
        if (text[i] !== '>') throw new XmlError('expected ">" after the DOCTYPE', i);
        i++;
      } else {
        i += 9;
        expect('>', 'DOCTYPE');
      }
    } else if (text.startsWith('</', i)) {
      i += 2;
      const n = name();
      space();
      if (text[i] !== '>') throw new XmlError(`expected ">" to close </${n}`, i);
      i++;
      const open = stack.pop();
      if (!open) throw new XmlError(`closing tag </${n}> without an open element`, lt);
      if (open.name !== n) throw new XmlError(`closing tag </${n}> does not match <${open.name}>`, lt);
    } else {
      i++;
      const el: XmlElement = { name: name(), attrs: {}, children: [] };
      for (;;) {
        const before = i;
        space();
        if (text.startsWith('/>', i)) {
          i += 2;
          break;
        }
        if (text[i] === '>') {
          i++;
          break;
        }
        if (i === before) throw new XmlError(`expected whitespace, ">" or "/>" in <${el.name}>`, i);
        const attr = name();
        space();
        if (text[i] !== '=') throw new XmlError(`attribute ${attr} of <${el.name}> has no value`, i);
        i++;
        space();
        const q = text[i];
        if (q !== '"' && q !== "'") throw new XmlError(`attribute ${attr} of <${el.name}> is not quoted`, i);
        i++;
        const start = i;
        const raw = expect(q, `attribute ${attr}`);
        if (raw.includes('<')) throw new XmlError(`"<" in the value of attribute ${attr}`, start + raw.indexOf('<'));
        if (attr in el.attrs) throw new XmlError(`attribute ${attr} given twice in <${el.name}>`, start);
        el.attrs[attr] = decodeEntities(raw, start);
      }
      const selfClosing = text[i - 2] === '/';
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new XmlError('a second root element', lt);
      else root = el;
      if (!selfClosing) stack.push(el);
    }
  }
  if (stack.length) throw new XmlError(`<${stack[stack.length - 1].name}> is never closed`, text.length);
  if (!root) throw new XmlError('no root element', 0);
  return root;
}

/** Every element of the tree, depth first. */
export function* elements(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) if (typeof c !== 'string') yield* elements(c);
}

/** The concatenated text content of an element. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
