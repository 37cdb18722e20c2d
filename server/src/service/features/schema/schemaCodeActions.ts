/**
 * Quick fixes for structure diagnostics: an element reported out of order (B802) is moved before the
 * first sibling that the schema puts after it. The fix is recomputed from the current tree.
 */
import { CodeAction, CodeActionKind, Diagnostic, TextEdit, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { XmlDocument, XmlElement, localName } from '../../xml/parser';
import { elementStartingAt } from '../shared/schemaCursor';
import { findChildSlot, typeOfElement } from '../../model/schemaModel';
import { StructureCode } from './schemaValidation';

export function getStructureCodeActions(xml: XmlDocument, doc: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.code !== StructureCode.OutOfOrder) continue;
    const el = elementStartingAt(xml.root, doc.offsetAt(d.range.start) - 1);
    const action = el && moveAction(xml.text, doc, el, d);
    if (action) actions.push(action);
  }
  return actions;
}

/** The first earlier sibling that the schema orders after el, or undefined when el is in place. */
export function misplacedBefore(el: XmlElement): XmlElement | undefined {
  const parent = el.parent;
  if (!parent) return undefined;
  const type = typeOfElement(parent);
  const order = findChildSlot(type, el.name)?.order;
  if (order === undefined) return undefined;
  const earlier = parent.children.slice(0, parent.children.indexOf(el));
  return earlier.find((s) => (findChildSlot(type, s.name)?.order ?? -1) > order);
}

function moveAction(text: string, doc: TextDocument, el: XmlElement, diagnostic: Diagnostic): CodeAction | undefined {
  const target = misplacedBefore(el);
  if (!target) return undefined;
  const from = lineSpan(text, el.start, el.end);
  const to = lineSpan(text, target.start, target.end);
  const wholeLines = from.whole && to.whole;
  const moved = wholeLines ? text.slice(from.start, from.end) : text.slice(el.start, el.end);
  const insertAt = wholeLines ? to.start : target.start;
  const cut = wholeLines ? from : { start: el.start, end: el.end };
  const edits = [
    TextEdit.insert(doc.positionAt(insertAt), moved),
    TextEdit.del(Range.create(doc.positionAt(cut.start), doc.positionAt(cut.end))),
  ];
  return {
    title: `Move <${localName(el.name)}> before <${localName(target.name)}>`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: { changes: { [doc.uri]: edits } },
  };
}

/** The element's span extended to whole lines (with the line break) when nothing else shares them. */
function lineSpan(text: string, start: number, end: number): { start: number; end: number; whole: boolean } {
  let s = start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  const whole = (s === 0 || text[s - 1] === '\n') && (e >= text.length || text[e] === '\r' || text[e] === '\n');
  if (!whole) return { start, end, whole };
  if (text[e] === '\r') e++;
  if (text[e] === '\n') e++;
  return { start: s, end: e, whole };
}
