/** Small helpers shared by the B2C-specific hover providers. */
import { Hover, Range } from 'vscode-languageserver-types';
import { DocumentContext } from '../../model/documentContext';
import { markdown } from '../shared/describe';

export function hoverAt(ctx: DocumentContext, value: string, start: number, end: number): Hover {
  const doc = ctx.document;
  return { contents: markdown(value), range: Range.create(doc.positionAt(start), doc.positionAt(end)) };
}
