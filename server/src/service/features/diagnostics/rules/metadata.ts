/**
 * Metadata of any known technical-profile kind (B40x), from the facts in data/metadata.ts: unknown keys
 * (with the nearest documented key), keys spelled with the wrong case, values outside an enumeration,
 * required Metadata and CryptographicKeys missing on the merged profile, and the kind rules of the kinds
 * that no other family owns.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { MetadataKey, ProfileKind, acceptsValue, documentedKeys, findMetadataKey, findMetadataKeyIgnoreCase, valueWords } from '../../../data/metadata';
import { MetadataItem } from '../../../model/policyFile';
import { Finding, nearest, quoteList } from './ruleSupport';
import { ProfileRules, ProfileSubject, ownItemPart } from './profiles';
import { evaluateKindRules } from './kindRules';
import { RESTFUL_OWN_VALUES } from './restful';
import { OIDC_KINDS } from './openIdConnect';
import { plainSecret } from './secrets';
import { isPlaceholder } from './placeholders';
import { quoteValue } from '../../../model/quoting';

/** Kinds whose rules another family evaluates with its own codes. */
const KINDS_WITH_FAMILY: ReadonlySet<string> = new Set(['restful', ...OIDC_KINDS]);
/** Required keys whose absence another family reports (RESTful: a missing AuthenticationType means no authentication, B201/B202). */
const REQUIRED_ELSEWHERE: Readonly<Record<string, readonly string[]>> = { restful: ['AuthenticationType'] };
const OWN_VALUES: Readonly<Record<string, ReadonlySet<string>>> = { restful: RESTFUL_OWN_VALUES };

export const metadataRules: ProfileRules = {
  items: (s) => s.kind ? s.own.metadata.flatMap((m) => judgeItem(s, s.kind!, m)) : [],
  merged: (s) => s.kind
    ? [...requiredMetadata(s, s.kind), ...requiredKeys(s, s.kind), ...(KINDS_WITH_FAMILY.has(s.kind.id) ? [] : evaluateKindRules(s, {}))]
    : [],
};

export { documentedKeys };

function judgeItem(s: ProfileSubject, kind: ProfileKind, m: MetadataItem): Finding[] {
  const key = m.key.value;
  const fact = findMetadataKey(kind, key);
  if (fact?.family) return familyTypo(s, kind, m);
  if (fact) return judgeValue(s, kind, fact, m);
  if (plainSecret(kind, m)) return [];
  const cased = findMetadataKeyIgnoreCase(kind, key);
  if (cased) {
    return [{
      code: 'B402', parts: [ownItemPart(s, m, 'key')], data: { replaceWith: cased.key },
      message: `The ${kind.title} Metadata key is spelled '${cased.key}'; ${quoteValue(key)} differs only in letter case.`,
    }];
  }
  // B2C ignores Metadata keys it does not know: only a near miss of a documented key (a likely typo) is a warning.
  const guess = nearest(key, documentedKeys(kind));
  if (guess) {
    return [{
      code: 'B401', parts: [ownItemPart(s, m, 'key')], data: { replaceWith: guess },
      message: `${quoteValue(key)} is not a Metadata key of ${kind.title} profiles; did you mean '${guess}'?`,
    }];
  }
  return [{
    code: 'B401', parts: [ownItemPart(s, m, 'key')], severity: DiagnosticSeverity.Information,
    message: `${quoteValue(key)} is not a documented Metadata key of ${kind.title} profiles; B2C ignores keys it does not know.`,
  }];
}

/** A key that only a family pattern (e.g. `UserMessageIf...`) accepts, yet sits a typo away from a documented key. */
function familyTypo(s: ProfileSubject, kind: ProfileKind, m: MetadataItem): Finding[] {
  const key = m.key.value;
  const guess = nearest(key, documentedKeys(kind));
  // A typo stays inside its family (`UserMessageIfInvalidPasword`); another family's spelling (`UserMessage.InvalidCode`) is deliberate.
  const prefix = (kind.keyFamilies ?? []).find((f) => key.toLowerCase().startsWith(f.prefix.toLowerCase()))?.prefix.toLowerCase() ?? '';
  if (!guess || guess.toLowerCase() === key.toLowerCase() || !guess.toLowerCase().startsWith(prefix)) return [];
  return [{
    code: 'B401', parts: [ownItemPart(s, m, 'key')], data: { replaceWith: guess },
    message: `${quoteValue(key)} is not a documented ${kind.title} Metadata key; did you mean '${guess}'?`,
  }];
}

function judgeValue(s: ProfileSubject, kind: ProfileKind, fact: MetadataKey, m: MetadataItem): Finding[] {
  const values = fact.values;
  const raw = m.value.value.trim();
  if (!values || !raw || isPlaceholder(raw) || OWN_VALUES[kind.id]?.has(fact.key)) return [];
  const words = valueWords(fact, raw);
  const bad = words.find((w) => !acceptsValue(fact, w));
  if (bad === undefined) return [];
  const guess = words.length === 1 ? nearest(raw, values) : undefined;
  return [{
    code: 'B403', parts: [ownItemPart(s, m)], data: guess ? { replaceWith: guess } : undefined,
    message: `${quoteValue(bad)} is not a value of ${fact.key}. Allowed: ${quoteList(values)}${guess ? ` (did you mean '${guess}'?)` : ''}.`,
  }];
}

function requiredMetadata(s: ProfileSubject, kind: ProfileKind): Finding[] {
  const present = new Set([...s.merged.metadata.keys()].map((k) => k.toLowerCase()));
  const skip = REQUIRED_ELSEWHERE[kind.id] ?? [];
  const missing = kind.metadata.filter((f) => f.required === 'yes' && !f.notEnforced && !skip.includes(f.key) && !present.has(f.key.toLowerCase())
    && !(f.orInputClaim && sentAsInputClaim(s, f.orInputClaim)));
  return missing.map((f) => ({
    code: 'B404', parts: [], data: { addMetadata: f.key },
    message: `${kind.title} profiles need the Metadata item '${f.key}', and ${quoteValue(s.merged.id)} does not set it here or in its base or included profiles.`,
  }));
}

/** The old resource-owner-password profiles send client_id as an InputClaim with a DefaultValue instead of Metadata. */
function sentAsInputClaim(s: ProfileSubject, name: string): boolean {
  return s.merged.inputClaims.some((c) => (c.value.partnerClaimType ?? c.value.id.value).toLowerCase() === name.toLowerCase() && !!c.value.defaultValue?.trim());
}

function requiredKeys(s: ProfileSubject, kind: ProfileKind): Finding[] {
  return kind.cryptographicKeys.filter((k) => k.required === 'yes' && !k.idPattern && !s.merged.keys.has(k.id.toLowerCase())).map((k) => ({
    code: 'B406', parts: [], data: { addKeys: [k.id] },
    message: `${kind.title} profiles need the CryptographicKeys entry '${k.id}', and ${quoteValue(s.merged.id)} does not have it.`,
  }));
}
