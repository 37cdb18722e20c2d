/**
 * Structure checks against the TrustFrameworkPolicy schema: which elements may appear where, in which
 * order and how often, and which attributes they take. Messages are ours; codes B801..B807 are stable.
 */
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { XmlDocument, XmlElement, XmlAttribute, elementText, localName } from '../../xml/parser';
import { CODES } from '../../messages/codes';
import { isPlaceholder as isBuildPlaceholder } from '../diagnostics/rules/placeholders';
import { ChildSlot, MaxOccurs, childSlots, closedEnum, complexType, findAttribute, rootType } from '../../model/schemaModel';
import { quoteValue, shortValue } from '../../model/quoting';

export const StructureCode = {
  UnknownElement: 'B801',
  OutOfOrder: 'B802',
  MissingChild: 'B803',
  MissingAttribute: 'B804',
  BadEnumValue: 'B805',
  TooMany: 'B806',
  UnknownAttribute: 'B807',
} as const;

/** Data attached to a B802 diagnostic: the sibling the element belongs before. */
export interface OutOfOrderData {
  readonly element: string;
  readonly before: string;
  readonly beforeStart: number;
}

interface Context {
  readonly doc: TextDocument;
  readonly text: string;
  readonly out: Diagnostic[];
}

/** Checks the whole tree of a TrustFrameworkPolicy document; other documents get no diagnostics. */
export function validateStructure(xml: XmlDocument, doc: TextDocument): Diagnostic[] {
  const type = rootType(xml.root);
  if (!xml.root || !type) return [];
  const ctx: Context = { doc, text: xml.text, out: [] };
  checkElement(ctx, xml.root, type);
  return ctx.out;
}

function report(ctx: Context, start: number, end: number, code: string, message: string, data?: unknown): void {
  const range = Range.create(ctx.doc.positionAt(start), ctx.doc.positionAt(end));
  const severity = CODES[code]?.severity ?? DiagnosticSeverity.Error;
  const d: Diagnostic = { range, severity, code, source: 'b2c', message };
  if (data !== undefined) d.data = data;
  ctx.out.push(d);
}

/** Reports on the element's name in its start tag. */
function reportOnName(ctx: Context, el: XmlElement, code: string, message: string, data?: unknown): void {
  report(ctx, el.start + 1, el.nameEnd, code, message, data);
}

function checkElement(ctx: Context, el: XmlElement, typeName: string): void {
  const type = complexType(typeName);
  checkAttributes(ctx, el, typeName);
  if (!type) return checkSimpleContent(ctx, el, typeName);
  if (type.any) return;
  const slots = childSlots(typeName);
  checkChildren(ctx, el, slots);
  checkRequiredChildren(ctx, el, slots);
}

/** An element of simple type holds only text, which must match a closed enumeration when there is one. */
function checkSimpleContent(ctx: Context, el: XmlElement, typeName: string): void {
  for (const child of el.children) {
    if (isPlaceholder(child)) continue;
    reportOnName(ctx, child, StructureCode.UnknownElement, `<${localName(el.name)}> holds only text; the element <${shortValue(localName(child.name))}> cannot appear inside it.`);
  }
  const values = closedEnum(typeName);
  const span = elementText(el, ctx.text);
  // A `{Settings:...}` value is replaced by the build; what it becomes is not ours to judge.
  if (!values || !span || !span.value || values.includes(span.value) || isBuildPlaceholder(span.value)) return;
  report(ctx, span.start, span.end, StructureCode.BadEnumValue, `${quoteValue(span.value)} is not a valid value for <${localName(el.name)}>. Use one of: ${values.join(', ')}.`);
}

function checkChildren(ctx: Context, el: XmlElement, slots: readonly ChildSlot[]): void {
  const counts = new Map<string, number>();
  const placed: { el: XmlElement; order: number }[] = [];
  for (const child of el.children) {
    if (isPlaceholder(child)) continue;
    const slot = slots.find((s) => s.decl.name === localName(child.name));
    if (!slot) {
      reportUnknownChild(ctx, el, child, slots);
      continue;
    }
    const count = (counts.get(slot.decl.name) ?? 0) + 1;
    counts.set(slot.decl.name, count);
    if (exceeds(count, slot.max)) reportTooMany(ctx, el, child, slot.max);
    else checkOrder(ctx, el, child, slot, placed);
    checkElement(ctx, child, slot.decl.type);
  }
}

/**
 * An element that was never closed and holds no elements, such as <yourtenant> left in a value: the parser
 * already reports it (B100), and structure messages about it would only repeat that.
 */
function isPlaceholder(el: XmlElement): boolean {
  return el.closeStart < 0 && !el.selfClosing && el.children.length === 0;
}

function exceeds(count: number, max: MaxOccurs): boolean {
  return max !== 'unbounded' && count > max;
}

function reportUnknownChild(ctx: Context, parent: XmlElement, child: XmlElement, slots: readonly ChildSlot[]): void {
  const names = [...new Set(slots.map((s) => s.decl.name))];
  const allowed = names.length ? ` Elements allowed here: ${names.join(', ')}.` : ' It takes no child elements.';
  reportOnName(ctx, child, StructureCode.UnknownElement, `<${shortValue(localName(child.name))}> is not allowed inside <${localName(parent.name)}>.${allowed}`);
}

function reportTooMany(ctx: Context, parent: XmlElement, child: XmlElement, max: MaxOccurs): void {
  const times = max === 1 ? 'once' : `${max} times`;
  reportOnName(ctx, child, StructureCode.TooMany, `<${localName(child.name)}> may appear only ${times} inside <${localName(parent.name)}>.`);
}

/** Reports a child that comes after a sibling which the schema puts later; such a child does not move the cursor. */
function checkOrder(ctx: Context, parent: XmlElement, child: XmlElement, slot: ChildSlot, placed: { el: XmlElement; order: number }[]): void {
  const later = placed.find((p) => p.order > slot.order);
  if (!later) {
    // Placed orders never decrease, and find() only needs the first element of each order: keeping just those
    // bounds the list by the number of slots, so 100,000 <Item>s in one <Metadata> stay linear.
    if (placed[placed.length - 1]?.order !== slot.order) placed.push({ el: child, order: slot.order });
    return;
  }
  const name = localName(child.name);
  const before = localName(later.el.name);
  const data: OutOfOrderData = { element: name, before, beforeStart: later.el.start };
  reportOnName(ctx, child, StructureCode.OutOfOrder, `<${name}> is out of order inside <${localName(parent.name)}>: it must come before <${before}>.`, data);
}

function checkRequiredChildren(ctx: Context, el: XmlElement, slots: readonly ChildSlot[]): void {
  for (const slot of slots) {
    if (!slot.required || el.children.some((c) => localName(c.name) === slot.decl.name)) continue;
    reportOnName(ctx, el, StructureCode.MissingChild, `<${localName(el.name)}> must contain a <${slot.decl.name}> element.`);
  }
}

function checkAttributes(ctx: Context, el: XmlElement, typeName: string): void {
  for (const attr of el.attributes) checkAttribute(ctx, el, typeName, attr);
  for (const decl of complexType(typeName)?.attributes ?? []) {
    if (decl.required && !el.attributes.some((a) => a.name === decl.name)) {
      reportOnName(ctx, el, StructureCode.MissingAttribute, `<${localName(el.name)}> requires the attribute '${decl.name}'.`);
    }
  }
}

/** Namespace declarations and attributes in other namespaces (xsi:type and the like) are never checked. */
export function isForeignAttribute(name: string): boolean {
  return name === 'xmlns' || name.includes(':');
}

function checkAttribute(ctx: Context, el: XmlElement, typeName: string, attr: XmlAttribute): void {
  if (isForeignAttribute(attr.name)) return;
  const decl = findAttribute(typeName, attr.name);
  if (!decl) {
    report(ctx, attr.nameStart, attr.nameStart + attr.name.length, StructureCode.UnknownAttribute, `${quoteValue(attr.name)} is not a known attribute of <${localName(el.name)}>; B2C may reject or ignore it.`);
    return;
  }
  const values = closedEnum(decl.type);
  // Surrounding spaces are tolerated: we are not sure B2C rejects them, and a false error costs more.
  if (!values || values.includes(attr.value.trim()) || isBuildPlaceholder(attr.value)) return;
  report(ctx, attr.valueStart, attr.valueEnd, StructureCode.BadEnumValue, `${quoteValue(attr.value)} is not a valid value for '${attr.name}'. Use one of: ${values.join(', ')}.`);
}
