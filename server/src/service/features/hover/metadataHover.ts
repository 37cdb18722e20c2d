/**
 * Hover on a Metadata key (what it does, its values, default, whether this profile's kind needs it),
 * on a Metadata value (what that value means and what it requires), and on a CryptographicKeys Key Id.
 * The kind always comes from the merged profile, so an override in an extension file gets its base's kind.
 */
import { Hover } from 'vscode-languageserver-types';
import { findKeyIdFact, findMetadataKey, findMetadataKeyIgnoreCase, rulesForValue } from '../../data/metadata';
import { PolicyIndex } from '../../index/policyIndex';
import { getAttribute } from '../../xml/parser';
import { Definition, lookupKey } from '../../model/policyFile';
import { ValueAt, itemKey, valueAt } from '../shared/cursorContext';
import { DocumentContext } from '../../model/documentContext';
import { describeKeyId, describeMetadataKey, describeMetadataValue, placeText } from '../shared/describe';
import { hoverAt } from './hoverRequest';
import { ProfileHere, profileHere } from '../shared/profileKind';
import { metadataKeyArticles, withLearnLine } from './learnLinks';

export function hoverMetadata(ctx: DocumentContext, offset: number, index: PolicyIndex): Hover | undefined {
  const v = valueAt(ctx.xml.text, ctx.xml.root, offset);
  const parent = v?.node.parent?.name;
  if (!v || (parent !== 'Metadata' && parent !== 'CryptographicKeys')) return undefined;
  const here = profileHere(index, ctx.file.uri, ctx.xml, offset);
  if (!here?.kind) return undefined;
  const text = parent === 'CryptographicKeys' ? keyIdText(v, here) : v.where === 'attribute' ? keyText(ctx, index, v, here) : valueText(v, here);
  return text ? hoverAt(ctx, withLearnLine(text, articlesFor(v, here)), v.start, v.end) : undefined;
}

/** The article a key's facts come from; the kind's articles for values, key Ids and unknown keys. */
function articlesFor(v: ValueAt, here: ProfileHere): readonly string[] {
  const key = v.where === 'attribute' && v.node.name === 'Item' ? v.value.trim() : itemKey(v.node);
  const fact = key ? findMetadataKey(here.kind!, key) : undefined;
  return fact ? metadataKeyArticles(fact, here.kind!) : here.kind!.sources;
}

function keyText(ctx: DocumentContext, index: PolicyIndex, v: ValueAt, here: ProfileHere): string | undefined {
  if (v.node.name !== 'Item' || v.attribute !== 'Key') return undefined;
  const kind = here.kind!;
  const key = v.value.trim();
  const fact = findMetadataKey(kind, key);
  if (!fact) {
    const near = findMetadataKeyIgnoreCase(kind, key);
    return `**${key}** is not a ${kind.title} metadata key.` + (near ? ` Did you mean \`${near.key}\`?` : '');
  }
  return describeMetadataKey(fact, kind) + effectiveValue(ctx, index, key, here, v);
}

/** Where else along the chain the key is set: the values this item overrides and the files that override it. */
function effectiveValue(ctx: DocumentContext, index: PolicyIndex, key: string, here: ProfileHere, v: ValueAt): string {
  const uri = ctx.file.uri;
  const own = (u: string, d: Definition) => u === uri && d.start === here.definition.start;
  const before = here.merged.definitions.filter(({ uri: u, definition: d }) => !own(u, d)).flatMap(({ uri: u, definition: d }) => itemsOf(index, uri, u, d, key));
  const after = index.dependentsOf(uri).flatMap((u) => (index.get(u)?.defsByKey.get(lookupKey('TechnicalProfile', here.definition.key)) ?? []).flatMap((d) => itemsOf(index, uri, u, d, key)));
  const lines = [before.length ? `Overrides ${before.join(', ')}` : '', after.length ? `Overridden by ${after.join(', ')}` : ''].filter(Boolean);
  const effective = here.merged.metadata.get(key);
  if (effective && !(effective.uri === uri && effective.value.key.start === v.start)) lines.push(`Effective value here: \`${effective.value.value.value}\` (${effective.profileId})`);
  return lines.length ? '\n\n' + lines.join('\n\n') : '';
}

/** `` `value` at `File.xml:12` `` for each Item with this key in one definition. */
function itemsOf(index: PolicyIndex, from: string, uri: string, d: Definition, key: string): string[] {
  const info = d.detail?.type === 'profile' ? d.detail : undefined;
  return (info?.metadata ?? []).filter((m) => m.key.value === key).map((m) => `\`${m.value.value}\` at \`${placeText(index, from, uri, m.key.start)}\``);
}

function valueText(v: ValueAt, here: ProfileHere): string | undefined {
  const key = itemKey(v.node);
  const fact = key && findMetadataKey(here.kind!, key);
  const value = v.value.trim();
  if (!fact || !value) return undefined;
  const doc = describeMetadataValue(fact, value);
  const needs = rulesForValue(here.kind!, fact.key, value).map((r) => `- ${r.doc}`);
  if (!doc && !needs.length) return undefined;
  return [doc ?? `\`${fact.key}\` = **${value}**`, ...(needs.length ? ['', ...needs] : [])].join('\n');
}

function keyIdText(v: ValueAt, here: ProfileHere): string | undefined {
  if (v.node.name !== 'Key' || v.attribute !== 'Id' || !getAttribute(v.node, 'Id')) return undefined;
  const fact = findKeyIdFact(here.kind!, v.value.trim());
  return fact ? describeKeyId(fact, here.kind!) : `**${v.value}** is not a key Id that ${here.kind!.title} profiles read.`;
}
