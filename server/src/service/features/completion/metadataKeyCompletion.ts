/**
 * `<Item Key="$0">` inside a technical profile's Metadata: the keys its kind knows, required ones first. Keys
 * that a base (or an included profile) sets come after the unset ones, labelled with the value they would
 * override: an override file exists to change exactly those. Keys this definition sets already are left out.
 * On a half-typed item, choosing a key completes the element: `Key">$1</Item>`, with the key's values as choices.
 */
import { CompletionItem, CompletionItemKind, CompletionItemTag, InsertTextFormat } from 'vscode-languageserver-types';
import { MetadataKey, ProfileKind, genericMetadata } from '../../data/metadata';
import { PolicyIndex } from '../../index/policyIndex';
import { MergedProfile, Sourced } from '../../effective/mergedProfile';
import { MetadataItem } from '../../model/policyFile';
import type { CompletionOptions } from './types';
import { CompletionRequest, completionRequest, replaceItem } from './completionRequest';
import { DocumentContext } from '../../model/documentContext';
import { describeMetadataKey, markdown, metadataKeyDetail } from '../shared/describe';
import { profileHere } from '../shared/profileKind';

export function completeMetadataKey(ctx: DocumentContext, offset: number, index: PolicyIndex, options?: CompletionOptions): CompletionItem[] | undefined {
  const req = completionRequest(ctx, offset, index, options);
  const c = req?.cursor;
  if (!req || !c || c.where !== 'attribute' || c.element !== 'Item' || c.attribute !== 'Key' || c.parent?.name !== 'Metadata') return undefined;
  const here = profileHere(index, ctx.file.uri, ctx.xml, offset);
  if (!here) return undefined;
  // An unknown kind gets no invented keys, and no schema items either.
  if (!here.kind) return [];
  const { own, inherited } = keysSet(here.merged, ctx.file.uri, c.start);
  const edit = itemEdit(ctx.xml.text, c.start, c.end, options?.snippetSupport !== false);
  return keysOfKind(here.kind).filter((k) => !own.has(k.key)).map((k) => keyItem(req, k, here.kind!, edit, inherited.get(k.key), here.merged.id));
}

/** The kind's own keys, then the generic keys that apply to it. */
export function keysOfKind(kind: ProfileKind): MetadataKey[] {
  const own = new Set(kind.metadata.map((k) => k.key));
  const generic = genericMetadata.filter((g) => !own.has(g.key) && (g.appliesTo.includes('*') || g.appliesTo.includes(kind.id)));
  return [...kind.metadata, ...generic];
}

/**
 * Keys this definition sets (`own`, except the item being typed: it is in the tree too), and keys that only
 * another definition along the chain or an included profile sets (`inherited`), with the item that sets them.
 */
function keysSet(merged: MergedProfile, uri: string, typedAt: number): { own: Set<string>; inherited: Map<string, Sourced<MetadataItem>> } {
  const own = new Set<string>();
  const inherited = new Map<string, Sourced<MetadataItem>>();
  for (const [key, src] of merged.metadata) {
    if (src.uri === uri && src.value.key.start === typedAt) continue;
    if (src.uri === uri && src.profileId.toLowerCase() === merged.id.toLowerCase()) own.add(key);
    else inherited.set(key, src);
  }
  return { own, inherited };
}

interface ItemEdit {
  /** Where the replaced text ends: the typed key, plus the closing quote when one is there. */
  readonly end: number;
  /** Complete the element (`">…</Item>`) rather than replace the key alone. */
  readonly completeElement: boolean;
  readonly snippets: boolean;
}

/**
 * `<Item Key="Auth` or `<Item Key="Auth"` with nothing more in the tag: the element is being written, so the
 * completion finishes it. When the tag goes on (`"></Item>`, `"/>`, another attribute) only the key is replaced.
 */
function itemEdit(text: string, start: number, end: number, snippets: boolean): ItemEdit {
  const quote = text[start - 1];
  if (text[end] !== quote) return { end, completeElement: true, snippets };
  const rest = /^[ \t]*(.?)/.exec(text.slice(end + 1, end + 200))![1];
  return rest === '' || rest === '\r' || rest === '\n' || rest === '<' ? { end: end + 1, completeElement: true, snippets } : { end, completeElement: false, snippets };
}

function rank(key: MetadataKey): string {
  if (key.deprecated) return '4';
  if (key.required === 'yes') return '0';
  if (key.required === 'conditional') return '1';
  return key.observedOnly || key.onlyInOlderDocRevision || key.category === 'error-message' ? '3' : '2';
}

function keyItem(req: CompletionRequest, key: MetadataKey, kind: ProfileKind, edit: ItemEdit, inherited: Sourced<MetadataItem> | undefined, mergedId: string): CompletionItem {
  const detail = metadataKeyDetail(key);
  const overrides = inherited && `overrides ${sourceName(inherited, mergedId)}: ${shorten(inherited.value.value.value)}`;
  const snippet = edit.completeElement && edit.snippets;
  const text = !edit.completeElement ? key.key : snippet ? `${escapeSnippet(key.key)}">${valueStop(key)}</Item>` : `${key.key}">`;
  return replaceItem(req, key.key, text, {
    kind: CompletionItemKind.Property,
    labelDetails: overrides ? { description: overrides } : undefined,
    detail: [overrides, detail].filter(Boolean).join(' · ') || undefined,
    documentation: markdown(describeMetadataKey(key, kind)),
    // Unset keys first (0-4), then the ones an override would change.
    sortText: (inherited ? '5' : '') + rank(key) + key.key,
    tags: key.deprecated ? [CompletionItemTag.Deprecated] : undefined,
    insertTextFormat: snippet ? InsertTextFormat.Snippet : undefined,
  }, undefined, edit.end);
}

/** The file that sets the value (its name without `.xml`), and the included profile's Id when it comes from one. */
function sourceName(src: Sourced<MetadataItem>, mergedId: string): string {
  const file = decodeURIComponent(src.uri.slice(src.uri.lastIndexOf('/') + 1)).replace(/\.xml$/i, '');
  return src.profileId.toLowerCase() === mergedId.toLowerCase() ? file : `${file} (${src.profileId})`;
}

function shorten(value: string): string {
  const v = value.trim().replace(/\s+/g, ' ');
  return v.length > 40 ? `${v.slice(0, 39)}…` : v || '""';
}

/** `$1`, or a choice of the key's documented values (the default first). */
function valueStop(key: MetadataKey): string {
  if (!key.values?.length) return '$1';
  const values = key.default && key.values.includes(key.default) ? [key.default, ...key.values.filter((v) => v !== key.default)] : key.values;
  return `\${1|${values.map((v) => v.replace(/[\\|,$}]/g, (ch) => `\\${ch}`)).join(',')}|}`;
}

function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (ch) => `\\${ch}`);
}
