/**
 * Hover on element and attribute names of a TrustFrameworkPolicy: a short description of what the
 * element or attribute is for, with the allowed values when there is an enumeration.
 */
import { Hover, MarkupKind, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { XmlDocument, XmlElement, XmlAttribute, localName } from '../../xml/parser';
import { attributeDescriptions, elementDescriptions } from '../../data/schemaDescriptions';
import { AttributeDecl, complexType, elementDecl, enumValues, findAttribute, rootType, typeOfElement } from '../../model/schemaModel';

/** The description of an element: ours first, then the XSD's for the declaration or its type. */
export function describeElement(name: string, type: string | undefined, declDoc: string | undefined): string | undefined {
  return (type && elementDescriptions[type]) || elementDescriptions[name] || declDoc || complexType(type)?.doc;
}

export function describeAttribute(decl: AttributeDecl): string | undefined {
  return attributeDescriptions[decl.name] ?? decl.doc;
}

export function doSchemaHover(xml: XmlDocument, doc: TextDocument, offset: number): Hover | null {
  if (!rootType(xml.root)) return null;
  const el = elementWithNameAt(xml.root, offset);
  if (el) return elementHover(el, doc, offset);
  const hit = attributeNameAt(xml.root, offset);
  return hit ? attributeHover(hit.el, hit.attr, doc) : null;
}

function elementHover(el: XmlElement, doc: TextDocument, offset: number): Hover | null {
  const name = localName(el.name);
  const type = typeOfElement(el);
  const text = describeElement(name, type, elementDecl(el)?.doc);
  if (!text) return null;
  const inEndTag = el.closeStart >= 0 && offset > el.closeStart;
  const start = inEndTag ? el.closeStart + 2 : el.start + 1;
  const values = enumValues(type);
  const allowed = values ? `\n\nValues: ${values.map((v) => '`' + v + '`').join(', ')}` : '';
  return markdown(`**<${name}>**\n\n${text}${allowed}`, doc, start, start + el.name.length);
}

function attributeHover(el: XmlElement, attr: XmlAttribute, doc: TextDocument): Hover | null {
  const decl = findAttribute(typeOfElement(el), attr.name);
  const text = decl && describeAttribute(decl);
  if (!decl || !text) return null;
  const values = enumValues(decl.type);
  const allowed = values ? `\n\nValues: ${values.map((v) => '`' + v + '`').join(', ')}` : '';
  const required = decl.required ? ' (required)' : '';
  return markdown(`**${attr.name}**${required} on <${localName(el.name)}>\n\n${text}${allowed}`, doc, attr.nameStart, attr.nameStart + attr.name.length);
}

function markdown(value: string, doc: TextDocument, start: number, end: number): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: Range.create(doc.positionAt(start), doc.positionAt(end)) };
}

/** The element whose start-tag or end-tag name covers offset. */
function elementWithNameAt(el: XmlElement | undefined, offset: number): XmlElement | undefined {
  if (!el || offset < el.start || offset > el.end) return undefined;
  if (offset > el.start && offset <= el.nameEnd) return el;
  const closeName = el.closeStart + 2;
  if (el.closeStart >= 0 && !el.selfClosing && offset >= closeName && offset <= closeName + el.name.length) return el;
  for (const child of el.children) {
    const found = elementWithNameAt(child, offset);
    if (found) return found;
  }
  return undefined;
}

/** The attribute whose name covers offset, with its element. */
function attributeNameAt(el: XmlElement | undefined, offset: number): { el: XmlElement; attr: XmlAttribute } | undefined {
  if (!el || offset < el.start || offset > el.end) return undefined;
  if (offset < el.startTagEnd) {
    const attr = el.attributes.find((a) => offset >= a.nameStart && offset <= a.nameStart + a.name.length);
    return attr ? { el, attr } : undefined;
  }
  for (const child of el.children) {
    const found = attributeNameAt(child, offset);
    if (found) return found;
  }
  return undefined;
}
