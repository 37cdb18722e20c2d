import { CompletionItem, CompletionList, Position } from 'vscode-languageserver-types';
import { PolicyIndex } from '../index/policyIndex';
import { DocumentContext } from './documentContext';
import { doSchemaComplete } from './schemaCompletion';

/** A completion source for one kind of cursor context; undefined means "not my context". */
export type CompletionProvider = (ctx: DocumentContext, offset: number, index: PolicyIndex) => CompletionItem[] | undefined;

/** Tried in order; the first provider that recognises the cursor context answers. B2C-specific contexts come before the schema. */
export const COMPLETION_PROVIDERS: Array<{ readonly name: string; readonly provide: CompletionProvider }> = [
  { name: 'schema', provide: (ctx, offset) => doSchemaComplete(ctx.xml, ctx.document, offset) },
];

export function doComplete(ctx: DocumentContext, position: Position, index: PolicyIndex): CompletionList {
  const offset = ctx.document.offsetAt(position);
  for (const p of COMPLETION_PROVIDERS) {
    const items = p.provide(ctx, offset, index);
    if (items) return { isIncomplete: false, items };
  }
  return { isIncomplete: false, items: [] };
}
