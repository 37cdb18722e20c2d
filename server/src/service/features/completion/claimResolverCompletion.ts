/**
 * `{` in an attribute value or element text: claim resolvers ({Context:CorrelationId}, {Claim:<id>} for
 * every visible claim, ...) and, when the workspace has an appsettings.json, {Settings:<name>}.
 */
import { CompletionItem, CompletionItemKind, InsertTextFormat } from 'vscode-languageserver-types';
import { ClaimResolver, claimResolvers, otherPlaceholders } from '../../data/metadata';
import { PolicyIndex } from '../../index/policyIndex';
import type { CompletionOptions } from './types';
import { CompletionRequest, completionRequest, replaceItem } from './completionRequest';
import { DocumentContext } from '../../model/documentContext';
import { definitionFacts, describeResolver, markdown } from '../shared/describe';

const TOKEN = /[\w:.\-]/;
/** A '{' right after these is a regular-expression quantifier, not a resolver. */
const REGEX_BEFORE = /[\])}\\.*+?]/;

interface Braced {
  readonly req: CompletionRequest;
  readonly start: number;
  readonly end: number;
}

export function completeClaimResolver(ctx: DocumentContext, offset: number, index: PolicyIndex, options?: CompletionOptions): CompletionItem[] | undefined {
  const req = completionRequest(ctx, offset, index, options);
  const start = req ? openBrace(ctx.xml.text, offset, req.cursor.where === 'attribute' ? req.cursor.start : 0) : -1;
  if (!req || start < 0) return undefined;
  const b: Braced = { req, start, end: closeBrace(ctx.xml.text, offset) };
  return [...settingsItems(b), ...resolverItems(b), ...claimItems(b)];
}

/** The '{' that opens the token the cursor is in, or -1. */
function openBrace(text: string, offset: number, limit: number): number {
  let i = offset - 1;
  // A claim resolver is short: a long run of word characters before the cursor holds none.
  const stop = Math.max(limit, offset - 256);
  while (i >= stop && TOKEN.test(text[i])) i--;
  if (i < stop && stop > limit) return -1;
  if (i < limit || text[i] !== '{') return -1;
  return REGEX_BEFORE.test(text[i - 1] ?? '') || /\\[A-Za-z]$/.test(text.slice(i - 2, i)) ? -1 : i;
}

function closeBrace(text: string, offset: number): number {
  let i = offset;
  const stop = Math.min(text.length, offset + 256);
  while (i < stop && TOKEN.test(text[i])) i++;
  return text[i] === '}' ? i + 1 : i;
}

function item(b: Braced, text: string, rest: Omit<CompletionItem, 'label' | 'textEdit'>, newText = text): CompletionItem {
  return replaceItem(b.req, text, newText, { filterText: text, kind: CompletionItemKind.Variable, ...rest }, b.start, b.end);
}

function resolverItems(b: Braced): CompletionItem[] {
  const inPartnerClaimType = b.req.cursor.attribute === 'PartnerClaimType';
  return claimResolvers.filter((r) => r.prefix !== 'Claim:').map((r) => {
    const late = r.partnerClaimTypeOnly && !inPartnerClaimType ? '3' : '1';
    return r.prefix ? parameterItem(b, r, late) : item(b, `{${r.name}}`, {
      detail: `claim resolver · ${r.category}`, documentation: markdown(describeResolver(r)), sortText: late + r.name.toLowerCase(),
    });
  });
}

/** `{OAUTH-KV:parameterName}` with the parameter as a placeholder. */
function parameterItem(b: Braced, r: ClaimResolver, rank: string): CompletionItem {
  const param = r.name.slice(r.prefix!.length).replace(/[<>]/g, '');
  return item(b, `{${r.prefix}${param}}`, {
    detail: `claim resolver · ${r.category}`, documentation: markdown(describeResolver(r)), sortText: rank + r.name.toLowerCase(),
    filterText: `{${r.prefix}`, insertTextFormat: InsertTextFormat.Snippet,
  }, `{${r.prefix}\${1:${param}}}`);
}

/** `{Claim:<id>}` for every claim visible through the chain. */
function claimItems(b: Braced): CompletionItem[] {
  const { index, ctx } = b.req;
  const resolver = claimResolvers.find((r) => r.prefix === 'Claim:');
  return [...index.visible(ctx.file.uri, 'ClaimType').values()].map((defs) => {
    const id = defs[0].item.id;
    const facts = definitionFacts(index, ctx.file.uri, defs);
    const doc = (resolver ? describeResolver(resolver, 'Claim:' + id) + '\n\n' : '') + facts.join('\n\n');
    return item(b, `{Claim:${id}}`, { detail: 'claim resolver · claim value', documentation: markdown(doc), sortText: '2' + id.toLowerCase() });
  });
}

/** `{Settings:<name>}`: only when the workspace has an appsettings.json (its names come in through the options). */
function settingsItems(b: Braced): CompletionItem[] {
  const names = b.req.options.settingsNames ?? [];
  if (!names.length) return [];
  const known = otherPlaceholders.find((p) => p.placeholder.startsWith('{Settings:'));
  const all = [...new Set([...names, ...(known?.knownNames ?? [])])];
  return all.map((name) => item(b, `{Settings:${name}}`, {
    kind: CompletionItemKind.Constant,
    detail: names.includes(name) ? 'appsettings.json · PolicySettings' : 'appsettings.json',
    documentation: markdown(`**{Settings:${name}}**\n\n${known?.doc ?? ''}`),
    sortText: '0' + name.toLowerCase(),
  }));
}
