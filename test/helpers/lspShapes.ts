/**
 * Small validators for LSP results as they arrive over the wire: each returns a list of problems (empty when valid).
 * Besides the shape, every range is checked against the text the server should hold for that URI
 * (line count and line lengths in UTF-16 code units, line breaks as TextDocument counts them).
 */
import type { Position } from 'vscode-languageserver/node';

export interface TextShape {
  /** Length of each line without its line break, in UTF-16 code units. */
  readonly lineLengths: readonly number[];
}

export function shapeOf(text: string): TextShape {
  const lineLengths: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineLengths.push(i - start);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lineLengths.push(text.length - start);
  return { lineLengths };
}

type Problems = string[];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 200);

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Validates results against the text the server should have: `shapeFor(uri)` (undefined when unknown: shape is still checked). */
export class Checker {
  constructor(private readonly shapeFor: (uri: string) => TextShape | undefined) {}

  position(p: unknown, what: string, shape: TextShape | undefined, out: Problems): p is Position {
    if (!isObject(p) || !isUInt(p.line) || !isUInt(p.character)) {
      out.push(`${what} is not a position: ${show(p)}`);
      return false;
    }
    if (shape) {
      if (p.line >= shape.lineLengths.length) out.push(`${what} ${p.line}:${p.character} is past the last line (${shape.lineLengths.length} lines)`);
      else if (p.character > shape.lineLengths[p.line]) out.push(`${what} ${p.line}:${p.character} is past the end of its line (length ${shape.lineLengths[p.line]})`);
    }
    return true;
  }

  range(r: unknown, what: string, shape: TextShape | undefined, out: Problems): boolean {
    if (!isObject(r)) {
      out.push(`${what} is not a range: ${show(r)}`);
      return false;
    }
    const ok = this.position(r.start, `${what}.start`, shape, out) && this.position(r.end, `${what}.end`, shape, out);
    if (ok && before(r.end as Position, r.start as Position)) out.push(`${what} ends before it starts: ${show(r)}`);
    return ok;
  }

  private contains(outer: unknown, inner: unknown): boolean {
    const o = outer as { start: Position; end: Position }, i = inner as { start: Position; end: Position };
    return !before(i.start, o.start) && !before(o.end, i.end);
  }

  private uri(v: unknown, what: string, out: Problems): v is string {
    if (typeof v !== 'string' || !/^[a-z][\w+.-]*:/.test(v)) {
      out.push(`${what} is not a URI: ${show(v)}`);
      return false;
    }
    return true;
  }

  location(l: unknown, what: string, out: Problems): void {
    if (!isObject(l)) { out.push(`${what} is not a Location: ${show(l)}`); return; }
    if (this.uri(l.uri, `${what}.uri`, out)) this.range(l.range, `${what}.range`, this.shapeFor(l.uri), out);
  }

  locationLink(l: unknown, what: string, originUri: string, out: Problems): void {
    if (!isObject(l)) { out.push(`${what} is not a LocationLink: ${show(l)}`); return; }
    if (l.originSelectionRange !== undefined) this.range(l.originSelectionRange, `${what}.originSelectionRange`, this.shapeFor(originUri), out);
    if (!this.uri(l.targetUri, `${what}.targetUri`, out)) return;
    const shape = this.shapeFor(l.targetUri);
    if (this.range(l.targetRange, `${what}.targetRange`, shape, out) && this.range(l.targetSelectionRange, `${what}.targetSelectionRange`, shape, out)
      && !this.contains(l.targetRange, l.targetSelectionRange)) out.push(`${what}.targetSelectionRange is not inside targetRange: ${show(l)}`);
  }

  definition(result: unknown, uri: string): Problems {
    const out: Problems = [];
    if (result === null) return out;
    const list = Array.isArray(result) ? result : [result];
    list.forEach((l, i) => (isObject(l) && 'targetUri' in l ? this.locationLink(l, `[${i}]`, uri, out) : this.location(l, `[${i}]`, out)));
    return out;
  }

  references(result: unknown): Problems {
    const out: Problems = [];
    if (result === null) return out;
    if (!Array.isArray(result)) return [`not an array: ${show(result)}`];
    result.forEach((l, i) => this.location(l, `[${i}]`, out));
    return out;
  }

  private markup(c: unknown, what: string, out: Problems): void {
    const one = (v: unknown, w: string) => {
      if (typeof v === 'string') return;
      if (isObject(v) && typeof v.value === 'string' && (typeof v.language === 'string' || v.kind === 'markdown' || v.kind === 'plaintext')) return;
      out.push(`${w} is not MarkupContent or a MarkedString: ${show(v)}`);
    };
    if (Array.isArray(c)) c.forEach((v, i) => one(v, `${what}[${i}]`));
    else one(c, what);
  }

  /** A hover's range, when there is one, must contain the position asked about (clamped as the server clamps it). */
  hover(result: unknown, uri: string, at?: Position): Problems {
    const out: Problems = [];
    if (result === null) return out;
    if (!isObject(result) || result.contents === undefined) return [`not a Hover: ${show(result)}`];
    this.markup(result.contents, 'contents', out);
    const shape = this.shapeFor(uri);
    if (result.range !== undefined && this.range(result.range, 'range', shape, out) && at) {
      const p = clampToShape(at, shape);
      if (!this.contains(result.range, { start: p, end: p })) out.push(`range does not contain the hover position ${p.line}:${p.character}: ${show(result.range)}`);
    }
    return out;
  }

  private textEdit(e: unknown, what: string, shape: TextShape | undefined, out: Problems, at?: Position): void {
    if (!isObject(e) || typeof e.newText !== 'string') { out.push(`${what} is not a TextEdit: ${show(e)}`); return; }
    const ranges = 'insert' in e ? [['insert', e.insert], ['replace', e.replace]] as const : [['range', e.range]] as const;
    for (const [name, r] of ranges) {
      if (!this.range(r, `${what}.${name}`, shape, out) || !at) continue;
      const rr = r as { start: Position; end: Position };
      if (rr.start.line !== rr.end.line) out.push(`${what}.${name} spans lines: ${show(r)}`);
      else if (before(at, rr.start) || before(rr.end, at)) out.push(`${what}.${name} does not contain the completion position ${at.line}:${at.character}: ${show(r)}`);
    }
  }

  completion(result: unknown, uri: string, at: Position): Problems {
    const out: Problems = [];
    if (result === null) return out;
    let items: unknown;
    if (Array.isArray(result)) items = result;
    else if (isObject(result) && typeof result.isIncomplete === 'boolean' && Array.isArray(result.items)) items = result.items;
    else return [`not a CompletionList or CompletionItem[]: ${show(result)}`];
    const shape = this.shapeFor(uri);
    (items as unknown[]).forEach((item, i) => {
      const w = `items[${i}]`;
      if (!isObject(item) || typeof item.label !== 'string' || !item.label) { out.push(`${w} has no label: ${show(item)}`); return; }
      if (item.kind !== undefined && !(isUInt(item.kind) && item.kind >= 1 && item.kind <= 25)) out.push(`${w}.kind is invalid: ${show(item.kind)}`);
      if (item.insertTextFormat !== undefined && item.insertTextFormat !== 1 && item.insertTextFormat !== 2) out.push(`${w}.insertTextFormat is invalid`);
      if (item.documentation !== undefined) this.markup(item.documentation, `${w}.documentation`, out);
      if (item.textEdit !== undefined) this.textEdit(item.textEdit, `${w} ${show(item.label)} ${show(item.detail)} .textEdit`, shape, out, clampToShape(at, shape));
      if (item.additionalTextEdits !== undefined) {
        if (!Array.isArray(item.additionalTextEdits)) out.push(`${w}.additionalTextEdits is not an array`);
        else item.additionalTextEdits.forEach((e, k) => this.textEdit(e, `${w}.additionalTextEdits[${k}]`, shape, out));
      }
    });
    return out;
  }

  private documentSymbol(s: unknown, what: string, shape: TextShape | undefined, out: Problems): void {
    if (!isObject(s)) { out.push(`${what} is not a DocumentSymbol`); return; }
    if (typeof s.name !== 'string' || !s.name.trim()) out.push(`${what} has an empty name (VS Code rejects it): ${show(s.name)}`);
    if (!(isUInt(s.kind) && s.kind >= 1 && s.kind <= 26)) out.push(`${what}.kind is invalid: ${show(s.kind)}`);
    if (this.range(s.range, `${what}.range`, shape, out) && this.range(s.selectionRange, `${what}.selectionRange`, shape, out)
      && !this.contains(s.range, s.selectionRange)) out.push(`${what}.selectionRange is not inside range (VS Code rejects it): ${show({ range: s.range, selectionRange: s.selectionRange })}`);
    if (s.children !== undefined) {
      if (!Array.isArray(s.children)) out.push(`${what}.children is not an array`);
      else s.children.forEach((c, i) => this.documentSymbol(c, `${what}.children[${i}]`, shape, out));
    }
  }

  documentSymbols(result: unknown, uri: string): Problems {
    const out: Problems = [];
    if (result === null) return out;
    if (!Array.isArray(result)) return [`not an array: ${show(result)}`];
    const shape = this.shapeFor(uri);
    result.forEach((s, i) => (isObject(s) && 'location' in s ? this.location(s.location, `[${i}].location`, out) : this.documentSymbol(s, `[${i}]`, shape, out)));
    return out;
  }

  /** Diagnostics checked against the text of the version they were published for (shape only, when that text is unknown). */
  diagnostics(list: unknown, shape: TextShape | undefined): Problems {
    const out: Problems = [];
    if (!Array.isArray(list)) return [`diagnostics are not an array: ${show(list)}`];
    list.forEach((d, i) => {
      const w = `[${i}]`;
      if (!isObject(d)) { out.push(`${w} is not a Diagnostic`); return; }
      this.range(d.range, `${w}.range`, shape, out);
      if (typeof d.message !== 'string' || !d.message.trim()) out.push(`${w} has no message`);
      if (d.severity !== undefined && !(isUInt(d.severity) && d.severity >= 1 && d.severity <= 4)) out.push(`${w}.severity is invalid: ${show(d.severity)}`);
      if (d.code !== undefined && typeof d.code !== 'string' && !Number.isInteger(d.code)) out.push(`${w}.code is invalid: ${show(d.code)}`);
      if (d.source !== undefined && typeof d.source !== 'string') out.push(`${w}.source is not a string`);
      if (d.tags !== undefined && !(Array.isArray(d.tags) && d.tags.every((t) => t === 1 || t === 2))) out.push(`${w}.tags are invalid`);
      if (d.relatedInformation !== undefined) {
        if (!Array.isArray(d.relatedInformation)) out.push(`${w}.relatedInformation is not an array`);
        else d.relatedInformation.forEach((r, k) => isObject(r) && typeof r.message === 'string' ? this.location(r.location, `${w}.relatedInformation[${k}].location`, out) : out.push(`${w}.relatedInformation[${k}] is invalid`));
      }
    });
    return out;
  }

  /** Dispatches on the request method. */
  response(method: string, result: unknown, uri: string, at?: Position): Problems {
    switch (method) {
      case 'textDocument/definition': return this.definition(result, uri);
      case 'textDocument/references': return this.references(result);
      case 'textDocument/hover': return this.hover(result, uri, at);
      case 'textDocument/completion': return this.completion(result, uri, at ?? { line: 0, character: 0 });
      case 'textDocument/documentSymbol': return this.documentSymbols(result, uri);
      default: return [];
    }
  }
}

/** The position a server sees after clamping an out-of-range request position to the document, as TextDocument does. */
function clampToShape(p: Position, shape: TextShape | undefined): Position {
  if (!shape) return p;
  const last = shape.lineLengths.length - 1;
  if (p.line > last) return { line: last, character: shape.lineLengths[last] };
  return { line: p.line, character: Math.min(p.character, shape.lineLengths[p.line]) };
}
