/**
 * `<Item Key="AuthenticationType">$0</Item>`: the documented values of the key for the profile's kind.
 * Keys whose value names a claim or a content definition are answered by reference completion, which
 * runs first.
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver-types';
import { MetadataKey, findMetadataKey } from '../../data/metadata';
import { PolicyIndex } from '../../index/policyIndex';
import type { CompletionOptions } from './types';
import { CompletionRequest, completionRequest, replaceItem } from './completionRequest';
import { itemKey } from '../shared/cursorContext';
import { DocumentContext } from '../../model/documentContext';
import { describeMetadataValue, markdown } from '../shared/describe';
import { profileHere } from '../shared/profileKind';

export function completeMetadataValue(ctx: DocumentContext, offset: number, index: PolicyIndex, options?: CompletionOptions): CompletionItem[] | undefined {
  const req = completionRequest(ctx, offset, index, options);
  const c = req?.cursor;
  if (!req || !c || c.where !== 'text' || c.node?.name !== 'Item' || c.parent?.name !== 'Metadata') return undefined;
  const key = itemKey(c.node);
  const here = profileHere(index, ctx.file.uri, ctx.xml, offset);
  if (!key || !here) return undefined;
  const fact = here.kind && findMetadataKey(here.kind, key);
  return fact?.values ? fact.values.map((v, i) => valueItem(req, fact, v, i)) : [];
}

function valueItem(req: CompletionRequest, key: MetadataKey, value: string, order: number): CompletionItem {
  const isDefault = key.default === value;
  const doc = describeMetadataValue(key, value);
  return replaceItem(req, value, value, {
    kind: CompletionItemKind.EnumMember,
    detail: isDefault ? 'default' : undefined,
    documentation: doc ? markdown(doc) : undefined,
    sortText: String(order).padStart(3, '0'),
  });
}
