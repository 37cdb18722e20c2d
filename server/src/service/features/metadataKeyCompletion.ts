/**
 * `<Item Key="$0">` inside a technical profile's Metadata: the keys its kind knows that the effective
 * (merged) profile does not set yet, required ones first.
 */
import { CompletionItem, CompletionItemKind, CompletionItemTag } from 'vscode-languageserver-types';
import { MetadataKey, ProfileKind, genericMetadata } from '../data/metadata';
import { PolicyIndex } from '../index/policyIndex';
import { MergedProfile } from '../effective/mergedProfile';
import type { CompletionOptions } from './completion';
import { CompletionRequest, completionRequest, replaceItem } from './completionRequest';
import { DocumentContext } from './documentContext';
import { describeMetadataKey, markdown, metadataKeyDetail } from './describe';
import { profileHere } from './profileKind';

export function completeMetadataKey(ctx: DocumentContext, offset: number, index: PolicyIndex, options?: CompletionOptions): CompletionItem[] | undefined {
  const req = completionRequest(ctx, offset, index, options);
  const c = req?.cursor;
  if (!req || !c || c.where !== 'attribute' || c.element !== 'Item' || c.attribute !== 'Key' || c.parent?.name !== 'Metadata') return undefined;
  const here = profileHere(index, ctx.file.uri, ctx.xml, offset);
  if (!here) return undefined;
  // An unknown kind gets no invented keys, and no schema items either.
  if (!here.kind) return [];
  const taken = takenKeys(here.merged, ctx.file.uri, c.start);
  return keysOfKind(here.kind).filter((k) => !taken.has(k.key)).map((k) => keyItem(req, k, here.kind!));
}

/** The kind's own keys, then the generic keys that apply to it. */
export function keysOfKind(kind: ProfileKind): MetadataKey[] {
  const own = new Set(kind.metadata.map((k) => k.key));
  const generic = genericMetadata.filter((g) => !own.has(g.key) && (g.appliesTo.includes('*') || g.appliesTo.includes(kind.id)));
  return [...kind.metadata, ...generic];
}

/** Keys set anywhere in the merged profile, except the item being typed (it is in the tree too). */
function takenKeys(merged: MergedProfile, uri: string, typedAt: number): Set<string> {
  const taken = new Set<string>();
  for (const [key, src] of merged.metadata) if (!(src.uri === uri && src.value.key.start === typedAt)) taken.add(key);
  return taken;
}

function rank(key: MetadataKey): string {
  if (key.deprecated) return '4';
  if (key.required === 'yes') return '0';
  if (key.required === 'conditional') return '1';
  return key.observedOnly || key.onlyInOlderDocRevision || key.category === 'error-message' ? '3' : '2';
}

function keyItem(req: CompletionRequest, key: MetadataKey, kind: ProfileKind): CompletionItem {
  const detail = metadataKeyDetail(key);
  return replaceItem(req, key.key, key.key, {
    kind: CompletionItemKind.Property,
    detail: detail || undefined,
    documentation: markdown(describeMetadataKey(key, kind)),
    sortText: rank(key) + key.key,
    tags: key.deprecated ? [CompletionItemTag.Deprecated] : undefined,
  });
}
