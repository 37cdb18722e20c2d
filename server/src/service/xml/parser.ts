/**
 * A tolerant, non-validating XML parser that keeps offsets.
 *
 * It never throws and never expands entities (so XXE and entity bombs are inert):
 * every well-formedness problem becomes an XmlProblem and parsing goes on, so half-typed
 * XML still yields a usable tree. Offsets are UTF-16 code-unit indexes into the text,
 * exactly what TextDocument.positionAt expects.
 */

export interface XmlAttribute {
  readonly name: string;
  readonly nameStart: number;
  /** Raw text between the quotes; entities are not expanded. */
  readonly value: string;
  /** Offset of the first character inside the quotes. */
  readonly valueStart: number;
  /** Offset of the closing quote (exclusive end of the value). */
  readonly valueEnd: number;
  /** False when the value had no quotes or was never closed. */
  readonly quoted: boolean;
}

export interface XmlElement {
  readonly name: string;
  /** Offset of '<'. */
  readonly start: number;
  readonly nameEnd: number;
  /** Offset just after the '>' of the start tag (or where recovery ended it). */
  startTagEnd: number;
  /** Offset of '</' of the end tag; equals startTagEnd for a self-closing element; -1 if never closed. */
  closeStart: number;
  /** Offset just after the whole element. */
  end: number;
  selfClosing: boolean;
  readonly attributes: XmlAttribute[];
  readonly children: XmlElement[];
  readonly parent: XmlElement | undefined;
}

export interface XmlProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  /** 'error' for well-formedness errors; 'warning' for constructs we deliberately ignore (DOCTYPE). */
  readonly severity: 'error' | 'warning';
}

export interface XmlDocument {
  readonly root: XmlElement | undefined;
  readonly problems: XmlProblem[];
  readonly text: string;
}

/** Elements nested deeper than this are not put in the tree (no policy comes close; it bounds recursion). */
export const MAX_DEPTH = 256;
const MAX_PROBLEMS = 50;

const LT = 60, GT = 62, SLASH = 47, EQ = 61, QUOT = 34, APOS = 39, BANG = 33, QMARK = 63;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

const PREDEFINED_ENTITIES = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

/** XML 1.0 Char: tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF. */
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g;
const MAX_CHAR_PROBLEMS = 10;

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

function codePointName(c: number): string {
  return 'U+' + c.toString(16).toUpperCase().padStart(4, '0');
}

/** Shared empty lists for elements without attributes or children (replaced on the first push). */
const NO_ATTRIBUTES: XmlAttribute[] = Object.freeze([]) as unknown as XmlAttribute[];
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

function addAttribute(el: XmlElement, attribute: XmlAttribute): void {
  if (el.attributes === NO_ATTRIBUTES) (el as { attributes: XmlAttribute[] }).attributes = [attribute];
  else el.attributes.push(attribute);
}

class Parser {
  private pos = 0;
  private readonly stack: XmlElement[] = [];
  /** Depth of elements opened beyond MAX_DEPTH that are not in the tree. */
  private overflow = 0;
  private root: XmlElement | undefined;
  readonly problems: XmlProblem[] = [];
  /** Last answer of `next` per character. */
  private readonly nextCache = new Map<string, { from: number; at: number }>();
  /** Characters that placeholderEnd may still scan. */
  private searchBudget: number;

  constructor(private readonly text: string) {
    this.searchBudget = 4 * text.length + 65536;
  }

  /**
   * indexOf that remembers its last answer per character. The parser searches forward, so a search is
   * answered from the cache while the remembered hit is still ahead: thousands of attributes or '&' before
   * the next '<', ';' or line break cost one scan, not one scan each (which made hostile files quadratic).
   */
  private next(ch: string, from: number): number {
    const c = this.nextCache.get(ch);
    if (c && c.from <= from && (c.at < 0 || c.at >= from)) return c.at;
    const at = this.text.indexOf(ch, from);
    if (c) { c.from = from; c.at = at; } else this.nextCache.set(ch, { from, at });
    return at;
  }

  /** The first line break (\n, \r or \r\n) at or after `from`, or -1; never the middle of a \r\n. */
  private lineBreakAt(from: number): number {
    const lf = this.next('\n', from);
    const cr = this.next('\r', from);
    return cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
  }

  parse(): XmlDocument {
    const text = this.text;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    // First, so that other problems never crowd these out: the service refuses such a file outright.
    this.checkChars();
    while (this.pos < text.length) {
      const lt = text.indexOf('<', this.pos);
      const textEnd = lt < 0 ? text.length : lt;
      if (textEnd > this.pos) this.checkText(this.pos, textEnd);
      if (lt < 0) break;
      this.pos = lt;
      this.markup();
    }
    this.closeAtEof();
    return { root: this.root, problems: this.problems, text };
  }

  /**
   * Characters that XML 1.0 forbids anywhere in a document (most C0 controls, U+FFFE, U+FFFF, unpaired surrogate
   * halves): the service rejects a file that holds one, raw or in a comment. Reported once each, up to a limit.
   */
  private checkChars(): void {
    const text = this.text;
    FORBIDDEN_CHARS.lastIndex = 0;
    let n = 0;
    for (let m = FORBIDDEN_CHARS.exec(text); m && n < MAX_CHAR_PROBLEMS; m = FORBIDDEN_CHARS.exec(text)) {
      const c = text.charCodeAt(m.index);
      // A high surrogate followed by a low one is a character beyond the BMP: allowed.
      if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(m.index + 1) & 0xfc00) === 0xdc00) {
        FORBIDDEN_CHARS.lastIndex = m.index + 2;
        continue;
      }
      this.problem(`The character ${codePointName(c)} is not allowed in XML 1.0: remove it.`, m.index, m.index + 1);
      n++;
    }
  }

  private problem(message: string, start: number, end: number, severity: 'error' | 'warning' = 'error'): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ message, start, end: Math.max(end, start), severity });
  }

  private checkText(start: number, end: number): void {
    if (this.stack.length === 0 && this.overflow === 0) {
      for (let i = start; i < end; i++) {
        if (!isSpace(this.text.charCodeAt(i))) {
          const message = this.root ? 'Text after the root element is not allowed.' : 'Text before the root element is not allowed.';
          this.problem(message, i, Math.min(end, i + 1));
          return;
        }
      }
      return;
    }
    this.checkAmpersands(start, end);
  }

  /** Reports '&' that does not start a character or predefined entity reference. */
  private checkAmpersands(start: number, end: number): void {
    const text = this.text;
    let amp = this.next('&', start);
    while (amp >= 0 && amp < end) {
      const semi = this.next(';', amp + 1);
      const ref = semi > amp && semi < end && semi - amp <= 32 ? text.slice(amp + 1, semi) : undefined;
      const charRef = ref !== undefined ? /^#(\d+|x[0-9a-fA-F]+)$/.exec(ref) : null;
      if (charRef && !isXmlChar(charRef[1][0] === 'x' ? parseInt(charRef[1].slice(1), 16) : parseInt(charRef[1], 10))) {
        this.problem(`The character reference '&${ref};' names a character that XML 1.0 does not allow.`, amp, semi + 1);
      } else if (ref === undefined || !(PREDEFINED_ENTITIES.has(ref) || charRef)) {
        const message = ref !== undefined && /^[A-Za-z_][\w.-]*$/.test(ref)
          ? `The entity '&${ref};' is not defined. Policies may only use &lt; &gt; &amp; &quot; &apos; and character references.`
          : "A bare '&' is not allowed: write it as &amp;.";
        this.problem(message, amp, ref !== undefined ? semi + 1 : amp + 1);
      }
      amp = this.next('&', amp + 1);
    }
  }

  private markup(): void {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start + 1);
    if (c === BANG) {
      if (text.startsWith('<!--', start)) return this.skipTo('-->', start, 4, 'This comment is never closed (missing -->).');
      if (text.startsWith('<![CDATA[', start)) return this.skipTo(']]>', start, 9, 'This CDATA section is never closed (missing ]]>).');
      if (text.startsWith('<!DOCTYPE', start)) return this.doctype(start);
      this.problem("'<!' must start a comment (<!--) or a CDATA section.", start, start + 2);
      this.pos = start + 2;
      return;
    }
    if (c === QMARK) return this.skipTo('?>', start, 2, 'This processing instruction is never closed (missing ?>).');
    if (c === SLASH) return this.endTag(start);
    if (!isNameStart(c)) {
      this.problem("A '<' that does not start a tag must be written as &lt;.", start, start + 1);
      this.pos = start + 1;
      return;
    }
    this.startTag(start);
  }

  /** Skips to after `terminator`; an unterminated construct is reported on its opener (`<!--`, `<?`, ...). */
  private skipTo(terminator: string, start: number, openerLength: number, message: string): void {
    const end = this.text.indexOf(terminator, start + 2);
    if (end < 0) {
      this.problem(message, start, Math.min(this.text.length, start + openerLength));
      this.pos = this.text.length;
    } else {
      this.pos = end + terminator.length;
    }
  }

  private doctype(start: number): void {
    // Skip the whole declaration, including an internal subset in [...]; nothing in it is honoured.
    const text = this.text;
    let i = start + 9;
    let depth = 0;
    let quote = 0;
    for (; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (quote) { if (ch === quote) quote = 0; continue; }
      if (ch === QUOT || ch === APOS) quote = ch;
      else if (ch === 91) depth++;
      else if (ch === 93) depth--;
      else if (ch === GT && depth <= 0) break;
    }
    this.problem('DOCTYPE declarations are ignored: B2C policies do not use them, and entities they declare are never expanded.', start, start + 9, 'warning');
    this.pos = Math.min(text.length, i + 1);
  }

  private readName(from: number): number {
    const text = this.text;
    let i = from;
    while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
    return i;
  }

  /**
   * The end of a template leftover such as `<yourtenant>` at `start`: a bare `<name>` that nothing ever closes.
   * -1 when the text there is (or may be) a real tag. The searches for `</name` are bounded by a budget of
   * characters, so hostile text cannot make them quadratic; once it is spent, every tag counts as real.
   */
  private placeholderEnd(start: number): number {
    const text = this.text;
    const nameEnd = this.readName(start + 1);
    if (nameEnd === start + 1 || text.charCodeAt(nameEnd) !== GT || this.searchBudget <= 0) return -1;
    const close = text.indexOf(`</${text.slice(start + 1, nameEnd)}`, nameEnd);
    this.searchBudget -= (close < 0 ? text.length : close) - nameEnd;
    return close < 0 ? nameEnd + 1 : -1;
  }

  /** Whether the next tag after `from` opens the element that the text's last end tag closes (the real root). */
  private rootFollows(from: number): boolean {
    const text = this.text;
    let i = from;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== LT || !isNameStart(text.charCodeAt(i + 1))) return false;
    const name = text.slice(i + 1, this.readName(i + 1));
    const last = text.lastIndexOf('</');
    return last > i && text.slice(last + 2, this.readName(last + 2)) === name;
  }

  private startTag(start: number): void {
    const text = this.text;
    const nameEnd = this.readName(start + 1);
    const name = text.slice(start + 1, nameEnd);
    const parent = this.stack.length ? this.stack[this.stack.length - 1] : undefined;
    if (!parent && !this.root && this.overflow === 0) {
      // A placeholder before the root element (<yourtenant> on a line of its own) must not become the root.
      const placeholder = this.placeholderEnd(start);
      if (placeholder > 0 && this.rootFollows(placeholder)) {
        this.problem(`The placeholder ${text.slice(start, placeholder)} comes before the root element: replace it with a real value or remove it.`, start, placeholder);
        this.pos = placeholder;
        return;
      }
    }
    if (!parent && this.root && this.overflow === 0) this.problem('A document can have only one root element.', start, nameEnd);
    const el: XmlElement = {
      name, start, nameEnd, startTagEnd: nameEnd, closeStart: -1, end: nameEnd,
      selfClosing: false, attributes: NO_ATTRIBUTES, children: NO_CHILDREN, parent,
    };
    this.attributes(el);
    if (this.stack.length + this.overflow >= MAX_DEPTH) {
      if (this.overflow === 0) this.problem(`Elements are nested more than ${MAX_DEPTH} levels deep; deeper content is not analysed.`, start, nameEnd);
      if (!el.selfClosing) this.overflow++;
      return;
    }
    if (parent) {
      // Leaves share one empty array until they get a child: most policy elements are leaves.
      if (parent.children === NO_CHILDREN) (parent as { children: XmlElement[] }).children = [el];
      else parent.children.push(el);
    } else if (!this.root) this.root = el;
    if (!el.selfClosing) this.stack.push(el);
  }

  private attributes(el: XmlElement): void {
    const text = this.text;
    let i = el.nameEnd;
    let seen: Set<string> | undefined;
    for (;;) {
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (i >= text.length) {
        this.problem(`The start tag <${el.name}> is never closed (missing '>').`, el.start, el.nameEnd);
        el.startTagEnd = el.end = el.closeStart = i;
        el.selfClosing = true;
        this.pos = i;
        return;
      }
      const c = text.charCodeAt(i);
      if (c === GT) { el.startTagEnd = el.end = i + 1; this.pos = i + 1; return; }
      if (c === SLASH && text.charCodeAt(i + 1) === GT) {
        el.startTagEnd = el.end = el.closeStart = i + 2;
        el.selfClosing = true;
        this.pos = i + 2;
        return;
      }
      if (c === LT) {
        const placeholder = this.placeholderEnd(i);
        if (placeholder > 0) {
          // A template leftover such as <yourtenant> inside the tag: one problem, and the tag goes on.
          this.problem(`The placeholder ${text.slice(i, placeholder)} is inside the start tag <${el.name}>: replace it with a real value (or write '<' as &lt;).`, i, placeholder);
          i = placeholder;
          continue;
        }
        // Half-typed tag: end it here and let the next tag be parsed normally.
        this.problem(`The start tag <${el.name}> is not closed with '>'.`, el.start, el.nameEnd);
        el.startTagEnd = el.end = el.closeStart = i;
        el.selfClosing = true;
        this.pos = i;
        return;
      }
      if (!isNameStart(c)) {
        this.problem(`Unexpected character '${text[i]}' in the start tag <${el.name}>.`, i, i + 1);
        i++;
        continue;
      }
      const nameStart = i;
      i = this.readName(i);
      const name = text.slice(nameStart, i);
      // A linear check for the usual handful of attributes; a set only for tags with many.
      if (el.attributes.length > 8) seen ??= new Set(el.attributes.map((a) => a.name));
      if (seen ? seen.has(name) : el.attributes.some((a) => a.name === name)) this.problem(`The attribute '${name}' is repeated.`, nameStart, i);
      seen?.add(name);
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== EQ) {
        this.problem(`The attribute '${name}' has no value (expected ="...").`, nameStart, i);
        addAttribute(el, { name, nameStart, value: '', valueStart: i, valueEnd: i, quoted: false });
        continue;
      }
      i++;
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      const q = text.charCodeAt(i);
      if (q !== QUOT && q !== APOS) {
        const vs = i;
        for (;;) {
          while (i < text.length && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== GT && text.charCodeAt(i) !== LT) i++;
          // A placeholder such as TenantId=<yourtenant>.onmicrosoft.com is part of the value, not a new tag.
          const placeholder = text.charCodeAt(i) === LT ? this.placeholderEnd(i) : -1;
          if (placeholder < 0) break;
          i = placeholder;
        }
        this.problem(`The value of '${name}' must be in quotes.`, vs, i);
        addAttribute(el, { name, nameStart, value: text.slice(vs, i), valueStart: vs, valueEnd: i, quoted: false });
        continue;
      }
      i = this.quotedValue(el, name, nameStart, i + 1, q);
    }
  }

  /** Reads a quoted value starting after the quote; returns the offset after the closing quote. */
  private quotedValue(el: XmlElement, name: string, nameStart: number, vs: number, q: number): number {
    const text = this.text;
    let close = this.next(q === QUOT ? '"' : "'", vs);
    if (close < 0) close = text.length;
    const lt = this.next('<', vs);
    if (lt >= 0 && lt < close) {
      // A '<' inside a value is an error. If a line break comes before it and it looks like a tag,
      // the quote was most likely left open while typing: end the value at the line break.
      const nl = this.lineBreakAt(vs);
      const next = text.charCodeAt(lt + 1);
      if (nl >= 0 && nl < lt && (next === SLASH || isNameStart(next))) {
        this.problem(`The value of '${name}' is never closed (missing ${q === QUOT ? '"' : "'"}).`, vs - 1, nl);
        addAttribute(el, { name, nameStart, value: text.slice(vs, nl), valueStart: vs, valueEnd: nl, quoted: false });
        return nl;
      }
      this.problem(`'<' is not allowed inside the value of '${name}': write it as &lt; (or replace the placeholder with a real value).`, lt, Math.min(close, this.next('>', lt) + 1 || close));
    }
    if (close >= text.length) {
      this.problem(`The value of '${name}' is never closed.`, vs - 1, vs);
      addAttribute(el, { name, nameStart, value: text.slice(vs), valueStart: vs, valueEnd: text.length, quoted: false });
      return text.length;
    }
    const amp = this.next('&', vs);
    if (amp >= 0 && amp < close) this.checkAmpersands(vs, close);
    addAttribute(el, { name, nameStart, value: text.slice(vs, close), valueStart: vs, valueEnd: close, quoted: true });
    return close + 1;
  }

  private endTag(start: number): void {
    const text = this.text;
    const nameEnd = this.readName(start + 2);
    const name = text.slice(start + 2, nameEnd);
    let gt = nameEnd;
    while (gt < text.length && isSpace(text.charCodeAt(gt))) gt++;
    let end: number;
    if (text.charCodeAt(gt) === GT) end = gt + 1;
    else {
      this.problem(`The end tag </${name}> is not closed with '>'.`, start, nameEnd);
      end = gt;
    }
    this.pos = Math.max(end, start + 2);
    if (this.overflow > 0) { this.overflow--; return; }
    const stack = this.stack;
    let k = stack.length - 1;
    while (k >= 0 && stack[k].name !== name) k--;
    if (k < 0) {
      const open = stack.length ? ` (the open element is <${stack[stack.length - 1].name}>)` : '';
      this.problem(`The end tag </${name}> does not match any open element${open}.`, start, end);
      return;
    }
    for (let j = stack.length - 1; j > k; j--) {
      const orphan = stack[j];
      this.problem(`The element <${orphan.name}> is never closed. If it is a placeholder such as <yourtenant>, replace it with a real value or write '<' as &lt;.`, orphan.start, orphan.startTagEnd);
      orphan.end = start;
    }
    const el = stack[k];
    stack.length = k;
    el.closeStart = start;
    el.end = end;
  }

  private closeAtEof(): void {
    const len = this.text.length;
    for (let j = this.stack.length - 1; j >= 0; j--) {
      const el = this.stack[j];
      el.end = len;
      if (j === this.stack.length - 1 || j === 0) {
        this.problem(`The element <${el.name}> is never closed (missing </${el.name}>).`, el.start, el.startTagEnd);
      }
    }
    this.stack.length = 0;
    if (!this.root && this.problems.length === 0) this.problem('The document has no root element.', 0, 0);
  }
}

export function parseXml(text: string): XmlDocument {
  return new Parser(text).parse();
}

/** The local part of a possibly prefixed name. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export function getAttribute(el: XmlElement, name: string): XmlAttribute | undefined {
  for (const a of el.attributes) if (a.name === name) return a;
  return undefined;
}

export function childElements(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

export function firstChild(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

export interface TextSpan { readonly value: string; readonly start: number; readonly end: number }

/** The trimmed text content of a leaf element, with its range; undefined when the element has no content. */
export function elementText(el: XmlElement, text: string): TextSpan | undefined {
  if (el.selfClosing) return undefined;
  let s = el.startTagEnd;
  let e = el.closeStart >= 0 ? el.closeStart : el.children.length ? el.children[0].start : el.end;
  if (el.children.length && el.children[0].start < e) e = el.children[0].start;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  const raw = text.slice(s, e);
  if (raw.startsWith('<![CDATA[') && raw.endsWith(']]>')) return { value: raw.slice(9, -3), start: s + 9, end: e - 3 };
  return { value: raw, start: s, end: e };
}

/** Expands the five predefined entities and character references (never user-declared entities). */
export function decodeEntities(value: string): string {
  if (value.indexOf('&') < 0) return value;
  return value.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (m, ref: string) => {
    switch (ref) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
