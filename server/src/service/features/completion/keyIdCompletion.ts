/**
 * `<Key Id="$0"` inside a technical profile's CryptographicKeys: the key Ids the profile's kind reads.
 * Ids that the current Metadata makes necessary (AuthenticationType=Basic needs the Basic keys) come first;
 * for an API-key header the Id is a header name, so an example name is offered.
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver-types';
import { KeyIdFact, ProfileKind, Requirement, RuleTest } from '../../data/metadata';
import { PolicyIndex } from '../../index/policyIndex';
import { MergedProfile } from '../../effective/mergedProfile';
import type { CompletionOptions } from './types';
import { CompletionRequest, completionRequest, replaceItem } from './completionRequest';
import { DocumentContext } from '../../model/documentContext';
import { describeKeyId, markdown } from '../shared/describe';
import { profileHere } from '../shared/profileKind';

const HEADER = '\u0000header';

export function completeKeyId(ctx: DocumentContext, offset: number, index: PolicyIndex, options?: CompletionOptions): CompletionItem[] | undefined {
  const req = completionRequest(ctx, offset, index, options);
  const c = req?.cursor;
  if (!req || !c || c.where !== 'attribute' || c.element !== 'Key' || c.attribute !== 'Id' || c.parent?.name !== 'CryptographicKeys') return undefined;
  const here = profileHere(index, ctx.file.uri, ctx.xml, offset);
  if (!here) return undefined;
  if (!here.kind) return [];
  const kind = here.kind;
  const needed = neededKeyIds(kind, here.merged);
  const taken = takenIds(here.merged, ctx.file.uri, c.start);
  return kind.cryptographicKeys.filter((f) => !taken.has(idOf(f).toLowerCase())).map((f) => keyItem(req, f, kind, needed));
}

function idOf(fact: KeyIdFact): string {
  return fact.idPattern ? fact.idExample ?? 'x-api-key' : fact.id;
}

function takenIds(merged: MergedProfile, uri: string, typedAt: number): Set<string> {
  const taken = new Set<string>();
  for (const [id, src] of merged.keys) if (!(src.uri === uri && src.value.id?.start === typedAt)) taken.add(id);
  return taken;
}

function keyItem(req: CompletionRequest, fact: KeyIdFact, kind: ProfileKind, needed: Set<string>): CompletionItem {
  const id = idOf(fact);
  const isNeeded = needed.has(fact.idPattern ? HEADER : fact.id.toLowerCase());
  const rank = isNeeded ? '0' : fact.required === 'yes' ? '1' : '2';
  return replaceItem(req, id, id, {
    kind: CompletionItemKind.Value,
    detail: isNeeded ? 'needed by this profile\'s Metadata' : fact.idPattern ? 'HTTP header name' : fact.required === 'yes' ? 'required' : undefined,
    documentation: markdown(describeKeyId(fact, kind)),
    sortText: rank + id,
  });
}

/** Lower-cased key Ids (HEADER for header-named keys) required by the kind's rules that apply to the merged Metadata. */
export function neededKeyIds(kind: ProfileKind, merged: MergedProfile): Set<string> {
  const out = new Set<string>();
  for (const rule of kind.rules) {
    if (!(rule.when ?? []).every((t) => holds(t, merged))) continue;
    for (const r of [...(rule.requires ?? []), ...(rule.requiresOneOf ?? [])]) collect(r, out);
  }
  return out;
}

function holds(test: RuleTest, merged: MergedProfile): boolean {
  if (test.type !== 'metadata') return false;
  const value = merged.metadata.get(test.key)?.value.value.value;
  if (value === undefined) return !!test.orAbsent;
  return !test.values || test.values.some((v) => v.toLowerCase() === value.toLowerCase());
}

function collect(r: Requirement, out: Set<string>): void {
  if (r.type === 'key') out.add(r.id.toLowerCase());
  else if (r.type === 'headerKey') out.add(HEADER);
  else if (r.type === 'allOf') for (const x of r.of) collect(x, out);
}
