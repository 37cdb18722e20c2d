/**
 * What every B2C-specific completion provider works from: the document, the index, the value under the
 * cursor, and helpers to build items whose edits replace exactly the value being typed.
 */
import { CompletionItem, Range, TextEdit } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import type { CompletionOptions } from './types';
import { DocumentContext } from '../../model/documentContext';
import { ValueCursor, valueCursor } from '../shared/cursorContext';

export interface CompletionRequest {
  readonly ctx: DocumentContext;
  readonly index: PolicyIndex;
  readonly options: CompletionOptions;
  readonly cursor: ValueCursor;
}

export function completionRequest(ctx: DocumentContext, offset: number, index: PolicyIndex, options: CompletionOptions = {}): CompletionRequest | undefined {
  const cursor = valueCursor(ctx.xml.text, ctx.xml.root, offset);
  return cursor && { ctx, index, options, cursor };
}

export function editRange(req: CompletionRequest, start = req.cursor.start, end = req.cursor.end): Range {
  const doc = req.ctx.document;
  const s = doc.positionAt(start);
  const e = doc.positionAt(end);
  const at = doc.positionAt(req.cursor.offset);
  if (s.line === at.line && e.line === at.line) return Range.create(s, e);
  // A completion edit must stay on the cursor's line: of a value that spans lines, replace only that line's part.
  const line = doc.getText(Range.create(at.line, 0, at.line + 1, 0)).replace(/\r?\n$|\r$/, '');
  return Range.create(s.line === at.line ? s : { line: at.line, character: 0 }, e.line === at.line ? e : { line: at.line, character: line.length });
}

/** An item whose edit replaces the cursor's value (or the given range) with `text`. */
export function replaceItem(req: CompletionRequest, label: string, text: string, rest: Omit<CompletionItem, 'label' | 'textEdit'>, start?: number, end?: number): CompletionItem {
  return { label, ...rest, textEdit: TextEdit.replace(editRange(req, start, end), text) };
}
