/**
 * Schema-driven completion: child elements allowed at the cursor, attribute names, and enumerated
 * attribute values or element text. Returns undefined outside these contexts so that other
 * providers (references, metadata keys, ...) can answer.
 */
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { XmlDocument, XmlElement, localName, parseXml } from '../../xml/parser';
import { CursorContext, elementContaining, elementStartingAt, scanCursor } from '../shared/schemaCursor';
import { AttributeDecl, ChildSlot, MaxOccurs, childSlots, complexType, enumValues, findAttribute, rootType, schema, typeOfElement } from '../../model/schemaModel';
import { describeAttribute, describeElement } from './schemaHover';
import { isForeignAttribute } from './schemaValidation';

interface Request {
  readonly xml: XmlDocument;
  readonly doc: TextDocument;
  readonly offset: number;
}

export function doSchemaComplete(xml: XmlDocument | string, doc: TextDocument, offset: number): CompletionItem[] | undefined {
  const parsed = typeof xml === 'string' ? parseXml(xml) : xml;
  const ctx = scanCursor(parsed.text, offset);
  if (!ctx) return undefined;
  const req: Request = { xml: parsed, doc, offset };
  switch (ctx.kind) {
    case 'elementName': return completeElementName(req, ctx.tagStart, ctx.start, ctx.end);
    case 'attributeName': return completeAttributeName(req, ctx);
    case 'attributeValue': return completeAttributeValue(req, ctx);
    case 'text': return completeText(req, ctx);
  }
}

function range(req: Request, start: number, end: number): Range {
  return Range.create(req.doc.positionAt(start), req.doc.positionAt(end));
}

/** True when the document is a policy, or is still being started (the tag being typed is the root). */
function isPolicy(req: Request, tagStart: number): boolean {
  const root = req.xml.root;
  return !root || root.start === tagStart || rootType(root) !== undefined;
}

function completeElementName(req: Request, tagStart: number, start: number, end: number): CompletionItem[] | undefined {
  if (!isPolicy(req, tagStart)) return undefined;
  const parent = elementContaining(req.xml.root, tagStart);
  // Editing the name of an existing tag: keep its attributes and content, replace only the name.
  const renaming = /^(\s+[\w:.-]+\s*=|\s*\/?>)/.test(req.xml.text.slice(end, end + 200));
  if (!parent) return rootItems(req, start, end, renaming);
  const parentType = typeOfElement(parent);
  if (!complexType(parentType)) return undefined;
  const slots = allowedSlots(childSlots(parentType), parent.children.filter((c) => c.start !== tagStart), tagStart);
  return slots.map((slot) => elementItem(req, slot, start, end, renaming));
}

function rootItems(req: Request, start: number, end: number, renaming: boolean): CompletionItem[] {
  return Object.entries(schema.roots).map(([name, type], order) =>
    elementItem(req, { decl: { name, type, min: 1, max: 1 }, order, required: true, max: 1 }, start, end, renaming));
}

function exceeds(count: number, max: MaxOccurs): boolean {
  return max !== 'unbounded' && count >= max;
}

/** The slots that may take a new element at tagStart, given the siblings before and after it. */
export function allowedSlots(slots: readonly ChildSlot[], siblings: readonly XmlElement[], tagStart: number): ChildSlot[] {
  const orderOf = (el: XmlElement) => slots.find((s) => s.decl.name === localName(el.name))?.order;
  const before = siblings.filter((s) => s.start < tagStart).map(orderOf).filter((o): o is number => o !== undefined);
  const after = siblings.filter((s) => s.start > tagStart).map(orderOf).filter((o): o is number => o !== undefined);
  const low = Math.max(-1, ...before);
  const high = Math.min(Number.MAX_SAFE_INTEGER, ...after);
  const count = (name: string) => siblings.filter((s) => localName(s.name) === name).length;
  return slots.filter((s) => s.order >= low && s.order <= high && !exceeds(count(s.decl.name), s.max));
}

function elementItem(req: Request, slot: ChildSlot, start: number, end: number, renaming: boolean): CompletionItem {
  const { name, type, doc } = slot.decl;
  const description = describeElement(name, type, doc);
  const item: CompletionItem = {
    label: name,
    kind: CompletionItemKind.Property,
    sortText: String(slot.order).padStart(3, '0'),
    textEdit: TextEdit.replace(range(req, start, end), renaming ? name : elementSnippet(name, type)),
    insertTextFormat: renaming ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
  };
  if (slot.required) item.detail = 'required';
  if (description) item.documentation = { kind: MarkupKind.Markdown, value: description };
  return item;
}

/** `Name A="$1">$0</Name>` with the required attributes; elements that hold nothing self-close. */
export function elementSnippet(name: string, type: string): string {
  const t = complexType(type);
  const required = (t?.attributes ?? []).filter((a) => a.required);
  const attrs = required.map((a, i) => ` ${a.name}="${valuePlaceholder(a, i + 1)}"`).join('');
  const empty = t !== undefined && !t.children?.length && !t.text && !t.any;
  return empty ? `${name}${attrs} />$0` : `${name}${attrs}>$0</${name}>`;
}

function valuePlaceholder(decl: AttributeDecl, tabstop: number): string {
  const values = enumValues(decl.type);
  return values ? `\${${tabstop}|${values.map(escapeChoice).join(',')}|}` : `$${tabstop}`;
}

function escapeChoice(value: string): string {
  return value.replace(/[\\$}|,]/g, (c) => '\\' + c);
}

function completeAttributeName(req: Request, ctx: Extract<CursorContext, { kind: 'attributeName' }>): CompletionItem[] | undefined {
  const el = elementStartingAt(req.xml.root, ctx.tagStart);
  if (!el || !isPolicy(req, ctx.tagStart)) return undefined;
  const decls = complexType(typeOfElement(el))?.attributes;
  if (!decls) return undefined;
  const present = new Set(el.attributes.filter((a) => a.nameStart !== ctx.start).map((a) => a.name));
  const hasValue = req.xml.text.slice(ctx.end).trimStart().startsWith('=');
  return decls.filter((d) => !present.has(d.name) && !isForeignAttribute(d.name))
    .map((d) => attributeItem(req, d, ctx.start, ctx.end, hasValue));
}

function attributeItem(req: Request, decl: AttributeDecl, start: number, end: number, hasValue: boolean): CompletionItem {
  const description = describeAttribute(decl);
  const item: CompletionItem = {
    label: decl.name,
    kind: CompletionItemKind.Field,
    sortText: (decl.required ? '0' : '1') + decl.name,
    textEdit: TextEdit.replace(range(req, start, end), hasValue ? decl.name : `${decl.name}="${valuePlaceholder(decl, 1)}"`),
    insertTextFormat: hasValue ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
  };
  if (decl.required) item.detail = 'required';
  if (description) item.documentation = { kind: MarkupKind.Markdown, value: description };
  return item;
}

function completeAttributeValue(req: Request, ctx: Extract<CursorContext, { kind: 'attributeValue' }>): CompletionItem[] | undefined {
  const el = elementStartingAt(req.xml.root, ctx.tagStart);
  if (!el || !isPolicy(req, ctx.tagStart)) return undefined;
  const decl = findAttribute(typeOfElement(el), ctx.attribute);
  const values = decl && enumValues(decl.type);
  return values ? valueItems(req, values, ctx.start, ctx.end) : undefined;
}

function completeText(req: Request, ctx: Extract<CursorContext, { kind: 'text' }>): CompletionItem[] | undefined {
  if (!rootType(req.xml.root)) return undefined;
  const el = elementContaining(req.xml.root, req.offset);
  if (!el || el.children.length) return undefined;
  const type = typeOfElement(el);
  const values = enumValues(type) ?? enumValues(complexType(type)?.text?.type);
  return values ? valueItems(req, values, ctx.start, ctx.end) : undefined;
}

function valueItems(req: Request, values: readonly string[], start: number, end: number): CompletionItem[] {
  return values.map((value, i) => ({
    label: value,
    kind: CompletionItemKind.EnumMember,
    sortText: String(i).padStart(3, '0'),
    textEdit: TextEdit.replace(range(req, start, end), value),
  }));
}
