/**
 * The technical-profile rule families and what they judge. Each family has two halves: `items` judges what
 * one definition writes (its own Metadata items and keys), `merged` judges the effective profile. Both run
 * on the profiles a relying party reaches, merged as that leaf sees them (rules/leafJudge.ts); profiles
 * that are only included by others (IncludeTechnicalProfile) are fragments: only their items are judged,
 * the including profiles carry the merged checks.
 */
import { Definition, KeyInfo, MetadataItem, ProfileInfo } from '../../../model/policyFile';
import { MergedProfile, Sourced } from '../../../effective/mergedProfile';
import { ProfileKind } from '../../../data/metadata';
import { Finding, Part, RuleContext, partOf } from './ruleSupport';

export interface ProfileSubject {
  /** `file` is the file of `definition`. */
  readonly ctx: RuleContext;
  /** The leaf (relying-party file) whose merged policy is judged. */
  readonly view: string;
  /** The definition being judged: for items the one that writes them, for merged checks the most-derived. */
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
