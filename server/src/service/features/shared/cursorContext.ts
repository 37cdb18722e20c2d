/**
 * Where a value under the cursor sits, for B2C-specific completion and hover: an attribute value or an
 * element's text, with the element and its parent. Completion scans the text before the cursor (through
 * scanCursor, so half-typed XML works); hover reads the parse tree.
 */
import { XmlElement, getAttribute } from '../../xml/parser';
import { MAX_WORD, elementContaining, elementStartingAt, scanCursor } from './schemaCursor';

export interface ValueCursor {
  readonly where: 'attribute' | 'text';
  /** Name of the element that holds the value. */
  readonly element: string;
  readonly attribute?: string;
  /** The element itself, when the parser saw it. */
  readonly node?: XmlElement;
  readonly parent?: XmlElement;
  /** The word to replace: the whole attribute value, or the text token around the cursor. */
  readonly start: number;
  readonly end: number;
  /** The cursor. */
  readonly offset: number;
}

const WORD = /[^\s<>"'{}]/;

/** The value the cursor is in, scanning the text before it; undefined in names, end tags and comments. */
export function valueCursor(text: string, root: XmlElement | undefined, offset: number): ValueCursor | undefined {
  const c = scanCursor(text, offset);
  if (c?.kind === 'attributeValue') return attributeCursor(text, root, c.tagStart, c.attribute, c.start, c.end, offset);
  if (c?.kind === 'text' || (!c && outsideMarkup(text, offset))) return textCursor(text, root, offset);
  return undefined;
}

function attributeCursor(text: string, root: XmlElement | undefined, tagStart: number, attribute: string, start: number, end: number, offset: number): ValueCursor {
  const quote = text[start - 1];
  // An unclosed value runs to the end of the line: replace only the word at the cursor.
  const stop = text[end] === quote ? end : wordEnd(text, offset);
  const node = elementStartingAt(root, tagStart);
  const name = /^[\w:.-]*/.exec(text.slice(tagStart + 1, tagStart + 200))![0];
  return { where: 'attribute', element: name, attribute, node, parent: node?.parent ?? elementContaining(root, tagStart), start, end: stop, offset };
}

function textCursor(text: string, root: XmlElement | undefined, offset: number): ValueCursor | undefined {
  const node = elementContaining(root, offset);
  if (!node) return undefined;
  return { where: 'text', element: node.name, node, parent: node.parent, start: wordStart(text, offset), end: wordEnd(text, offset), offset };
}

/** After an end tag or a comment the scanner gives up; the cursor is still in text when no tag is open. */
function outsideMarkup(text: string, offset: number): boolean {
  const lt = text.lastIndexOf('<', offset - 1);
  const gt = text.lastIndexOf('>', offset - 1);
  if (gt < lt) return false;
  const comment = text.lastIndexOf('<!--', offset - 1);
  return comment < 0 || text.lastIndexOf('-->', offset - 1) > comment;
}

export function wordStart(text: string, from: number): number {
  let i = from;
  const stop = Math.max(0, from - MAX_WORD);
  while (i > stop && WORD.test(text[i - 1])) i--;
  return i;
}

export function wordEnd(text: string, from: number): number {
  let i = from;
  const stop = Math.min(text.length, from + MAX_WORD);
  while (i < stop && WORD.test(text[i])) i++;
  return i;
}

/** The ancestor (or the element itself) with this name. */
export function ancestor(el: XmlElement | undefined, name: string): XmlElement | undefined {
  for (let e = el; e; e = e.parent) if (e.name === name) return e;
  return undefined;
}

/** Value of the `Key` attribute of an Item whose text the cursor is in. */
export function itemKey(node: XmlElement | undefined): string | undefined {
  return node?.name === 'Item' ? getAttribute(node, 'Key')?.value.trim() : undefined;
}

// Hover: exact positions from the parse tree.

export interface ValueAt {
  readonly where: 'attribute' | 'text';
  readonly node: XmlElement;
  readonly attribute?: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** The attribute value or leaf text that covers offset (ends inclusive). */
export function valueAt(text: string, root: XmlElement | undefined, offset: number): ValueAt | undefined {
  const el = innermost(root, offset);
  if (!el) return undefined;
  if (offset < el.startTagEnd) {
    const a = el.attributes.find((x) => offset >= x.valueStart && offset <= x.valueEnd);
    return a && { where: 'attribute', node: el, attribute: a.name, value: a.value, start: a.valueStart, end: a.valueEnd };
  }
  // The closing tag is not the text before it: `</Item>` answers for the element (schema hover) or nothing.
  if (el.children.length || el.closeStart < 0 || offset > el.closeStart) return undefined;
  return { where: 'text', node: el, value: text.slice(el.startTagEnd, el.closeStart), start: el.startTagEnd, end: el.closeStart };
}

function innermost(el: XmlElement | undefined, offset: number): XmlElement | undefined {
  if (!el || offset < el.start || offset > el.end) return undefined;
  for (const c of el.children) {
    const inner = innermost(c, offset);
    if (inner) return inner;
  }
  return el;
}
