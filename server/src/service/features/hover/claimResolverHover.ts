/**
 * Hover on a `{...}` placeholder inside a value: a claim resolver ({Context:CorrelationId}, {Claim:email},
 * ...) or one of the look-alikes ({Settings:...}, {tenant}, ...).
 */
import { Hover } from 'vscode-languageserver-types';
import { findClaimResolver, otherPlaceholders } from '../../data/metadata';
import { PolicyIndex } from '../../index/policyIndex';
import { idKey } from '../../model/policyFile';
import { valueAt } from '../shared/cursorContext';
import { DocumentContext } from '../../model/documentContext';
import { definitionFacts, describeResolver, placesText } from '../shared/describe';
import { hoverAt } from './hoverRequest';

export function hoverClaimResolver(ctx: DocumentContext, offset: number, index: PolicyIndex): Hover | undefined {
  const v = valueAt(ctx.xml.text, ctx.xml.root, offset);
  const braced = v && bracedAt(v.value, offset - v.start);
  if (!v || !braced) return undefined;
  const text = resolverText(ctx, index, braced.text) ?? placeholderText(braced.text);
  return text ? hoverAt(ctx, text, v.start + braced.start, v.start + braced.end) : undefined;
}

/** The `{...}` in `value` that covers position `at`. */
function bracedAt(value: string, at: number): { text: string; start: number; end: number } | undefined {
  const re = /\{[^{}\s]+\}/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (at >= m.index && at <= m.index + m[0].length) return { text: m[0], start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

function resolverText(ctx: DocumentContext, index: PolicyIndex, text: string): string | undefined {
  const r = findClaimResolver(text);
  if (!r) return undefined;
  const inner = text.slice(1, -1);
  const doc = describeResolver(r, r.prefix ? inner : undefined);
  if (r.prefix !== 'Claim:') return doc;
  const defs = index.lookup(ctx.file.uri, 'ClaimType', idKey(inner.slice(r.prefix.length)));
  const facts = defs.length ? [...definitionFacts(index, ctx.file.uri, defs), placesText(index, ctx.file.uri, defs)] : ['The claim is not defined in this policy\'s inheritance chain.'];
  return [doc, ...facts].join('\n\n');
}

function placeholderText(text: string): string | undefined {
  const p = otherPlaceholders.find((x) => new RegExp(`^${x.pattern}$`).test(text));
  return p && `**${text}**\n\n${p.doc}`;
}
