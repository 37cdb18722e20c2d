/**
 * Markdown descriptions shared by B2C completion and hover: Metadata keys and values, CryptographicKeys
 * Ids, claim resolvers, and definitions with where they are defined and overridden.
 */
import { CompletionItemKind, MarkupContent, MarkupKind } from 'vscode-languageserver-types';
import { ClaimResolver, KeyIdFact, MetadataKey, ProfileKind, valueWords } from '../../data/metadata';
import { Located, PolicyIndex } from '../../index/policyIndex';
import { mergeProfile } from '../../effective/mergedProfile';
import { Definition } from '../../model/policyFile';
import { KIND_LABELS, TargetKind } from '../../model/referenceKinds';

export function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

const code = (s: string) => '`' + s + '`';

/** `to` relative to the folder of `from` (both URIs), with forward slashes. */
export function relativePath(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  if (i < 3 && /^\w+:$/.test(b[0] ?? '')) return decodeName(b[b.length - 1]);
  return decodeName([...a.slice(i).map(() => '..'), ...b.slice(i)].join('/'));
}

function decodeName(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `File.xml:12` (1-based line) of an offset in an indexed file, relative to `from`. */
export function placeText(index: PolicyIndex, from: string, uri: string, offset: number): string {
  const line = index.get(uri)?.lines.positionAt(offset).line ?? 0;
  return `${relativePath(from, uri)}:${line + 1}`;
}

function requiredText(key: MetadataKey): string | undefined {
  if (key.required === 'yes') return key.notEnforced ? 'documented as required, but the service accepts profiles without it' : 'required';
  if (key.required === 'conditional') return key.condition ? `required when ${key.condition}` : 'sometimes required';
  return undefined;
}

/** One line for completion details: required / deprecated / value format. */
export function metadataKeyDetail(key: MetadataKey): string {
  const parts = [requiredText(key), key.deprecated ? 'deprecated' : undefined, key.valueFormat ?? (key.values ? undefined : key.valueType)];
  return parts.filter(Boolean).join(' · ');
}

export function describeMetadataKey(key: MetadataKey, kind: ProfileKind | undefined): string {
  const title = `**${key.key}**` + (kind ? ` — ${kind.title} metadata` : ' — metadata');
  const lines = [title, '', key.doc];
  if (key.deprecated) lines.push('', '_Deprecated: the service ignores it._');
  if (key.values) lines.push('', 'Values:', ...key.values.map((v) => `- ${code(v)}` + (key.valueDocs?.[v] ? ` — ${key.valueDocs[v]}` : '')));
  else if (key.valueFormat) lines.push('', `Value: ${key.valueFormat}`);
  if (key.references) lines.push('', `Value: the Id of a ${KIND_LABELS[key.references]}.`);
  if (key.default !== undefined) lines.push('', `Default: ${code(key.default)}`);
  const req = requiredText(key);
  lines.push('', kind ? `Required for ${kind.title}: ${req ?? 'no'}` : req ? `Required: ${req}` : '');
  return lines.join('\n').trim();
}

export function describeMetadataValue(key: MetadataKey, value: string): string | undefined {
  const parts = valueWords(key, value).map((word) => {
    const doc = key.valueDocs?.[word] ?? key.valueDocs?.[Object.keys(key.valueDocs ?? {}).find((v) => v.toLowerCase() === word.toLowerCase()) ?? ''];
    if (!doc) return undefined;
    const isDefault = key.default !== undefined && key.default.toLowerCase() === word.toLowerCase() ? ' (default)' : '';
    return `${code(key.key)} = **${word}**${isDefault}\n\n${doc}`;
  });
  return parts.every((p) => p !== undefined) ? parts.join('\n\n') : undefined;
}

export function describeKeyId(fact: KeyIdFact, kind: ProfileKind): string {
  const name = fact.idPattern ? fact.idExample ?? fact.id : fact.id;
  const req = fact.required === 'yes' ? 'required' : fact.required === 'conditional' ? `required ${fact.condition ?? 'in some configurations'}` : 'optional';
  const pattern = fact.idPattern ? `\n\nAny HTTP header name works as the Id (for example ${code(fact.idExample ?? 'x-api-key')}).` : '';
  return `**${name}** — ${kind.title} cryptographic key (${req})\n\n${fact.doc}${pattern}`;
}

export function describeResolver(resolver: ClaimResolver, text?: string): string {
  const head = `**{${text ?? resolver.name}}** — claim resolver (${resolver.category})`;
  const example = resolver.example ? `\n\nExample value: ${code(resolver.example)}` : '';
  const only = resolver.partnerClaimTypeOnly ? '\n\nOnly replaced as the `PartnerClaimType` of an output claim in an identity-provider profile.' : '';
  return `${head}\n\n${resolver.doc}${example}${only}`;
}

export const ITEM_KINDS: Readonly<Record<TargetKind, CompletionItemKind>> = {
  ClaimType: CompletionItemKind.Field,
  TechnicalProfile: CompletionItemKind.Class,
  ClaimsTransformation: CompletionItemKind.Function,
  ContentDefinition: CompletionItemKind.Interface,
  Predicate: CompletionItemKind.Constant,
  PredicateValidation: CompletionItemKind.Constant,
  DisplayControl: CompletionItemKind.Struct,
  LocalizedResources: CompletionItemKind.Text,
  UserJourney: CompletionItemKind.Module,
  SubJourney: CompletionItemKind.Module,
  ClaimsExchange: CompletionItemKind.Event,
  ClientDefinition: CompletionItemKind.Unit,
  PolicyKey: CompletionItemKind.Reference,
  Policy: CompletionItemKind.File,
};

/** What a definition is, beyond its Id: DataType/DisplayName for claims, Protocol for technical profiles. */
export function definitionFacts(index: PolicyIndex, from: string, defs: readonly Located<Definition>[]): string[] {
  const first = defs[0]?.item;
  if (!first) return [];
  if (first.kind === 'ClaimType') return claimFacts(defs);
  if (first.kind === 'TechnicalProfile') return profileFacts(index, from, first.id);
  return [];
}

function claimFacts(defs: readonly Located<Definition>[]): string[] {
  let dataType: string | undefined, displayName: string | undefined;
  for (const d of defs) {
    const c = d.item.detail?.type === 'claim' ? d.item.detail : undefined;
    dataType = c?.dataType?.value || dataType;
    displayName = c?.displayName || displayName;
  }
  return [dataType && `DataType: ${code(dataType)}`, displayName && `DisplayName: ${displayName}`].filter((s): s is string => !!s);
}

function profileFacts(index: PolicyIndex, from: string, id: string): string[] {
  const m = mergeProfile(index, from, id);
  if (!m) return [];
  const out: string[] = [];
  if (m.protocolName) out.push(`Protocol: ${code(m.protocolName.value.value)}` + (m.handlerShort ? ` (${code(m.handlerShort)})` : ''));
  if (m.included.length) out.push(`Includes: ${m.included.map(code).join(', ')}`);
  return out;
}

/** "Defined in X:1; overridden in Y:2, Z:3". */
export function placesText(index: PolicyIndex, from: string, defs: readonly Located<Definition>[]): string {
  if (!defs.length) return '';
  const places = defs.map((d) => code(placeText(index, from, d.uri, d.item.idStart)));
  const rest = places.length > 1 ? `; overridden in ${places.slice(1).join(', ')}` : '';
  return `Defined in ${places[0]}${rest}`;
}
