/**
 * Finds what the cursor is on by scanning the text just before it, so that half-typed XML works:
 * a tag name, an attribute name, an attribute value or element text. The parsed tree (tolerant too)
 * is used only to find the elements around the cursor.
 */
import { XmlElement } from '../../xml/parser';

export type CursorContext =
  | { readonly kind: 'elementName'; readonly tagStart: number; readonly start: number; readonly end: number }
  | { readonly kind: 'attributeName'; readonly tagStart: number; readonly start: number; readonly end: number }
  | { readonly kind: 'attributeValue'; readonly tagStart: number; readonly attribute: string; readonly start: number; readonly end: number }
  | { readonly kind: 'text'; readonly start: number; readonly end: number };

const NAME_CHAR = /[\w:.-]/;

/**
 * Longest word the cursor scans look at on either side. A longer run (a 4 MB base64 blob, say) is no name or
 * Id to complete, and scanning it on every keystroke made completion linear in the size of the text node.
 */
export const MAX_WORD = 2048;

function isNameChar(ch: string | undefined): boolean {
  return ch !== undefined && NAME_CHAR.test(ch);
}

function wordEnd(text: string, from: number): number {
  let i = from;
  const stop = from + MAX_WORD;
  while (i < stop && isNameChar(text[i])) i++;
  return i;
}

function wordStart(text: string, from: number): number {
  let i = from;
  const stop = Math.max(0, from - MAX_WORD);
  while (i > stop && isNameChar(text[i - 1])) i--;
  return i;
}

function inComment(text: string, offset: number): boolean {
  // lastIndexOf treats a negative start as 0, so offset 0 must not search at all.
  if (offset <= 0) return false;
  const open = text.lastIndexOf('<!--', offset - 1);
  return open >= 0 && text.lastIndexOf('-->', offset - 1) < open;
}

/** The cursor context at offset, or undefined inside comments, end tags and other markup. */
export function scanCursor(text: string, offset: number): CursorContext | undefined {
  if (inComment(text, offset)) return undefined;
  const lt = offset > 0 ? text.lastIndexOf('<', offset - 1) : -1;
  if (lt < 0) return textContext(text, offset);
  const inTag = scanTag(text, lt, offset);
  if (inTag === 'closed') return textContext(text, offset);
  return inTag;
}

/** Scans a start tag from its '<' to the cursor; 'closed' when the tag ended before the cursor. */
function scanTag(text: string, lt: number, offset: number): CursorContext | 'closed' | undefined {
  const next = text[lt + 1];
  if (lt + 1 < offset && (next === '/' || next === '!' || next === '?')) return undefined;
  if (lt + 1 < offset && !/[A-Za-z_:]/.test(next)) return 'closed';
  const nameEnd = wordEnd(text, lt + 1);
  if (offset <= nameEnd) return { kind: 'elementName', tagStart: lt, start: lt + 1, end: nameEnd };
  let quote = '';
  let quoteAt = -1;
  for (let i = nameEnd; i < offset; i++) {
    const ch = text[i];
    if (quote) {
      // Jump over the value (values can be megabytes long).
      const close = text.indexOf(quote, i);
      if (close < 0 || close >= offset) break;
      quote = '';
      i = close;
      continue;
    }
    if (ch === '"' || ch === "'") { quote = ch; quoteAt = i; } else if (ch === '>') return 'closed';
  }
  if (quote) return valueContext(text, lt, quoteAt, offset);
  return nameContext(text, lt, offset);
}

function valueContext(text: string, lt: number, quoteAt: number, offset: number): CursorContext | undefined {
  let i = quoteAt - 1;
  while (i > lt && /\s/.test(text[i])) i--;
  if (text[i] !== '=') return undefined;
  i--;
  while (i > lt && /\s/.test(text[i])) i--;
  const attribute = text.slice(wordStart(text, i + 1), i + 1);
  let end = text.length;
  for (const stop of [text[quoteAt], '<', '\n']) {
    const at = text.indexOf(stop, offset);
    if (at >= 0 && at < end) end = at;
  }
  return { kind: 'attributeValue', tagStart: lt, attribute, start: quoteAt + 1, end };
}

function nameContext(text: string, lt: number, offset: number): CursorContext | undefined {
  const start = wordStart(text, offset);
  if (!/\s/.test(text[start - 1] ?? '')) return undefined;
  return { kind: 'attributeName', tagStart: lt, start, end: wordEnd(text, offset) };
}

function textContext(text: string, offset: number): CursorContext {
  let start = offset;
  const first = Math.max(0, offset - MAX_WORD);
  while (start > first && !isTextStop(text.charCodeAt(start - 1), GT)) start--;
  let end = offset;
  const last = Math.min(text.length, offset + MAX_WORD);
  while (end < last && !isTextStop(text.charCodeAt(end), LT)) end++;
  // A longer run is no token: complete at the cursor without replacing any of it.
  if ((start === first && start > 0 && !isTextStop(text.charCodeAt(start - 1), GT)) || (end === last && end < text.length && !isTextStop(text.charCodeAt(end), LT))) {
    return { kind: 'text', start: offset, end: offset };
  }
  return { kind: 'text', start, end };
}

const LT = 60, GT = 62;

function isTextStop(c: number, bracket: number): boolean {
  return c === bracket || c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x1680;
}

/** The end of an element's content: its end tag, or its end when it was never closed. */
function contentEnd(el: XmlElement): number {
  return el.closeStart >= 0 ? el.closeStart : el.end;
}

/** The innermost element whose content (between its tags) contains offset. */
export function elementContaining(root: XmlElement | undefined, offset: number): XmlElement | undefined {
  if (!root || offset < root.startTagEnd || offset > contentEnd(root) || root.selfClosing) return undefined;
  for (const child of root.children) {
    const inner = elementContaining(child, offset);
    if (inner) return inner;
  }
  return root;
}

/** The element whose start tag begins at offset (its '<'). */
export function elementStartingAt(el: XmlElement | undefined, offset: number): XmlElement | undefined {
  if (!el || offset < el.start || offset >= Math.max(el.end, el.start + 1)) return undefined;
  if (el.start === offset) return el;
  for (const child of el.children) {
    const found = elementStartingAt(child, offset);
    if (found) return found;
  }
  return undefined;
}
