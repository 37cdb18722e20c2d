/**
 * Runs the technical-profile rule families over a file. Each family has two halves: `items` judges what
 * this file writes (seen from this file), `merged` judges the effective profile seen from the most-derived
 * redefinitions (see ruleSupport.ts for who reports what). Profiles that other profiles include are
 * fragments: only their items are judged; the including profiles carry the merged checks.
 */
import { Diagnostic } from 'vscode-languageserver-types';
import { Definition, KeyInfo, MetadataItem, ProfileInfo, idKey } from '../../model/policyFile';
import { MergedProfile, Sourced, mergeProfile } from '../../model/mergedProfile';
import { ProfileKind, findKind } from '../../data/metadata';
import type { ValidationContext } from '../diagnostics';
import { Finding, Part, Reporter, chainIsKnown, leafViews, partOf } from './ruleSupport';

export interface ProfileSubject {
  readonly ctx: ValidationContext;
  /** The file whose chain the profile is merged from. */
  readonly view: string;
  /** This file's definition of the profile. */
  readonly definition: Definition;
  readonly own: ProfileInfo;
  readonly merged: MergedProfile;
  readonly kind?: ProfileKind;
  readonly fragment: boolean;
}

export interface ProfileRules {
  readonly items?: (s: ProfileSubject) => Finding[];
  readonly merged?: (s: ProfileSubject) => Finding[];
}

export function validateProfiles(ctx: ValidationContext, families: readonly ProfileRules[]): Diagnostic[] {
  const reporter = new Reporter(ctx);
  const fragments = includedProfileIds(ctx);
  const relyingParty = relyingPartyRanges(ctx);
  for (const d of ctx.file.definitions) {
    if (d.kind !== 'TechnicalProfile' || d.detail?.type !== 'profile') continue;
    const rp = relyingParty.some((r) => r.start <= d.start && d.end <= r.end);
    const here = subjectFor(ctx, ctx.file.uri, d, rp, fragments);
    if (!here) continue;
    for (const f of families) if (f.items) reporter.report(here.view, d, f.items(here));
    if (here.fragment) continue;
    for (const view of leafViews(ctx.index, ctx.file.uri, 'TechnicalProfile', d.key)) {
      if (!chainIsKnown(ctx.index, view)) continue;
      const s = view === ctx.file.uri ? here : subjectFor(ctx, view, d, rp, fragments);
      if (s) for (const f of families) if (f.merged) reporter.report(view, d, f.merged(s));
    }
  }
  return reporter.out;
}

function subjectFor(ctx: ValidationContext, view: string, d: Definition, relyingParty: boolean, fragments: Set<string>): ProfileSubject | undefined {
  const merged = mergeProfile(ctx.index, view, d.id);
  if (!merged || d.detail?.type !== 'profile') return undefined;
  const kind = findKind(merged.protocolName?.value.value, merged.protocolHandler?.value.value, merged.outputTokenFormat?.value.value,
    { relyingParty, metadataKeys: [...merged.metadata.keys()] });
  return { ctx, view, definition: d, own: d.detail, merged, kind, fragment: fragments.has(d.key) };
}

/** Lower-cased Ids of profiles that some profile in this file's chain or its dependents includes. */
function includedProfileIds(ctx: ValidationContext): Set<string> {
  const out = new Set<string>();
  const uris = [...ctx.index.chain(ctx.file.uri).uris, ...ctx.index.dependentsOf(ctx.file.uri)];
  for (const uri of uris) {
    for (const d of ctx.index.get(uri)?.definitions ?? []) {
      if (d.detail?.type === 'profile') for (const inc of d.detail.includes) out.add(idKey(inc.value));
    }
  }
  return out;
}

function relyingPartyRanges(ctx: ValidationContext): Array<{ start: number; end: number }> {
  return (ctx.xml.root?.children ?? []).filter((c) => c.name === 'RelyingParty');
}

// --- small accessors the families share -------------------------------------------------------------

/** The effective Metadata item, looked up exactly. */
export function item(s: ProfileSubject, key: string): Sourced<MetadataItem> | undefined {
  return s.merged.metadata.get(key);
}

/** The effective value of a Metadata item, trimmed; undefined when absent. */
export function valueOf(s: ProfileSubject, key: string): string | undefined {
  return item(s, key)?.value.value.value.trim();
}

/** Parts for the named items that are present (their values; their keys when a value is empty). */
export function itemParts(s: ProfileSubject, ...keys: string[]): Part[] {
  const out: Part[] = [];
  for (const k of keys) {
    const it = item(s, k);
    if (it) out.push(partOf(it.uri, it.value.value.value ? it.value.value : it.value.key));
  }
  return out;
}

export function keyPart(k: Sourced<KeyInfo>): Part {
  return partOf(k.uri, k.value.id ?? { start: k.value.element.start, end: k.value.element.contentStart });
}

/** This file's own items of the profile, as parts of the file. */
export function ownItemPart(s: ProfileSubject, m: MetadataItem, which: 'key' | 'value' = 'value'): Part {
  const span = which === 'value' && m.value.value ? m.value : m.key;
  return partOf(s.ctx.file.uri, span);
}

export function isKind(s: ProfileSubject, id: string): boolean {
  return s.kind?.id === id;
}
