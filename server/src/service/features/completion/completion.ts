import { CompletionList, Position } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { DocumentContext } from '../../model/documentContext';
import { doSchemaComplete } from '../schema/schemaCompletion';
import { completeClaimResolver } from './claimResolverCompletion';
import { completeReference } from './referenceCompletion';
import { completeMetadataKey } from './metadataKeyCompletion';
import { completeMetadataValue } from './metadataValueCompletion';
import { completeKeyId } from './keyIdCompletion';
import type { CompletionOptions, CompletionProvider } from './types';

export type { CompletionOptions, CompletionProvider } from './types';

/** Tried in order; the first provider that recognises the cursor context answers. B2C-specific contexts come before the schema. */
export const COMPLETION_PROVIDERS: Array<{ readonly name: string; readonly provide: CompletionProvider }> = [
  { name: 'claimResolvers', provide: completeClaimResolver },
  { name: 'references', provide: completeReference },
  { name: 'metadataKeys', provide: completeMetadataKey },
  { name: 'metadataValues', provide: completeMetadataValue },
  { name: 'keyIds', provide: completeKeyId },
  { name: 'schema', provide: (ctx, offset) => doSchemaComplete(ctx.xml, ctx.document, offset) },
];

export function doComplete(ctx: DocumentContext, position: Position, index: PolicyIndex, options: CompletionOptions = {}): CompletionList {
  const offset = ctx.document.offsetAt(position);
  for (const p of COMPLETION_PROVIDERS) {
    const items = p.provide(ctx, offset, index, options);
    if (items) return { isIncomplete: false, items };
  }
  return { isIncomplete: false, items: [] };
}
