/**
 * The generic engine for the per-kind rules in data/metadata.ts: a rule applies when all its `when` tests hold
 * on the merged profile, and each requirement it lists that the profile does not meet becomes a finding.
 * Rule families bind rule ids (or `ruleId#requirementType`) to their own codes; unbound rules use B407
 * (B408 when the rule is only a recommendation or names a discouraged setting).
 */
import { KindRule, Requirement, RuleTest, findKeyIdFact } from '../../../data/metadata';
import { Finding, Part } from './ruleSupport';
import { isPlaceholder, productionMode } from './placeholders';
import { ProfileSubject, item, itemParts, valueOf } from './profiles';
import { quoteValue } from '../../../model/quoting';

export interface RuleBinding {
  readonly code: string;
  /** The family judges this rule itself; the engine skips it. */
  readonly custom?: boolean;
}

export type RuleBindings = Readonly<Record<string, RuleBinding>>;

/** Every applicable rule of the subject's kind, judged on the merged profile. */
export function evaluateKindRules(s: ProfileSubject, bindings: RuleBindings): Finding[] {
  const out: Finding[] = [];
  for (const rule of s.kind?.rules ?? []) {
    if (rule.advisory || bindings[rule.id]?.custom) continue;
    const trigger = testsHold(s, rule.when ?? []);
    if (!trigger) continue;
    out.push(...judgeRule(s, rule, trigger, bindings));
  }
  return out;
}

function judgeRule(s: ProfileSubject, rule: KindRule, trigger: Part[], bindings: RuleBindings): Finding[] {
  const situation = describeSituation(s, rule.when ?? []);
  const codeFor = (r?: Requirement) => (r && bindings[`${rule.id}#${r.type}`]?.code) ?? bindings[rule.id]?.code ?? (rule.recommended || rule.discouraged ? 'B408' : 'B407');
  if (rule.discouraged && !rule.requires && !rule.requiresOneOf) {
    return [{ code: codeFor(), message: `${situation}: ${rule.doc}`, parts: trigger }];
  }
  const out: Finding[] = [];
  for (const r of rule.requires ?? []) {
    if (!met(s, r)) out.push({ code: codeFor(r), message: `${situation}, ${unmetText(s, r)}.`, parts: [...trigger, ...requirementParts(s, r)], data: fixData(s, [r]) });
  }
  const oneOf = rule.requiresOneOf ?? [];
  if (oneOf.length && !oneOf.some((r) => met(s, r))) {
    out.push({ code: codeFor(oneOf[0]), message: `${situation}, add ${oneOf.map(wanted).join(' or ')}.`, parts: trigger, data: fixData(s, oneOf.slice(0, 1)) });
  }
  return out;
}

/** The parts of the matched metadata tests, or undefined when a test does not hold (or cannot be judged). */
export function testsHold(s: ProfileSubject, tests: readonly RuleTest[]): Part[] | undefined {
  const parts: Part[] = [];
  for (const t of tests) {
    if (!testHolds(s, t)) return undefined;
    if (t.type === 'metadata' || t.type === 'metadataPrefix') parts.push(...itemParts(s, t.key));
  }
  return parts;
}

function testHolds(s: ProfileSubject, t: RuleTest): boolean {
  switch (t.type) {
    // A placeholder value is unknown: a test on what it says cannot hold (only a test for presence can).
    case 'metadata': return t.values && isPlaceholder(valueOf(s, t.key)) ? false : matchesValues(valueOf(s, t.key), t.values, t.orAbsent);
    case 'metadataPrefix': return !isPlaceholder(valueOf(s, t.key)) && (valueOf(s, t.key)?.toLowerCase().startsWith(t.prefix.toLowerCase()) ?? false);
    case 'policyAttribute': {
      const production = t.name === 'DeploymentMode' ? productionMode(s.ctx, s.view) : undefined;
      return production !== undefined && t.values.includes('Production') === production;
    }
    case 'context':
      return t.context === 'usesExtensionAttributes' ? usesExtensionAttributes(s) : false;
  }
}

function matchesValues(value: string | undefined, values: readonly string[] | undefined, orAbsent?: boolean): boolean {
  if (value === undefined) return !!orAbsent;
  return !values || values.some((v) => v.toLowerCase() === value.toLowerCase());
}

function usesExtensionAttributes(s: ProfileSubject): boolean {
  const claims = [...s.merged.inputClaims, ...s.merged.outputClaims, ...s.merged.persistedClaims];
  return claims.some((c) => /^extension_/i.test(c.value.partnerClaimType ?? c.value.id.value));
}

export function met(s: ProfileSubject, r: Requirement): boolean {
  switch (r.type) {
    case 'key': return s.merged.keys.has(r.id.toLowerCase());
    // A placeholder may become any of the values: never reported as unmet.
    case 'metadata': return isPlaceholder(valueOf(s, r.key)) || matchesValues(valueOf(s, r.key), r.values, r.orAbsent);
    case 'headerKey': return s.merged.keys.size === r.count;
    case 'inputClaimFromMetadata': {
      const claim = valueOf(s, r.key);
      return !claim || s.merged.inputClaims.some((c) => c.value.id.value.toLowerCase() === claim.toLowerCase());
    }
    case 'allOf': return r.of.every((x) => met(s, x));
  }
}

function requirementParts(s: ProfileSubject, r: Requirement): Part[] {
  return r.type === 'metadata' ? itemParts(s, r.key) : [];
}

function describeSituation(s: ProfileSubject, tests: readonly RuleTest[]): string {
  const said = tests.flatMap((t) => {
    if (t.type === 'metadata') return [`${t.key} ${item(s, t.key) ? quoteValue(valueOf(s, t.key) ?? '') : '(not set, so the default)'}`];
    if (t.type === 'policyAttribute') return [`the policy in ${t.values.join('/')} mode`];
    if (t.type === 'context') return ['extension attributes in use'];
    return [`${t.key} starting with ${t.prefix}`];
  });
  return said.length ? `With ${said.join(' and ')}` : `A ${s.kind?.title ?? ''} profile`.replace(/\s+/g, ' ');
}

function unmetText(s: ProfileSubject, r: Requirement): string {
  switch (r.type) {
    case 'key': return `the CryptographicKeys entry '${r.id}' is missing`;
    case 'metadata':
      return item(s, r.key) && r.values ? `Metadata '${r.key}' must be ${r.values.map((v) => `'${v}'`).join(' or ')}` : `the Metadata item '${r.key}' is missing`;
    case 'headerKey': return `exactly ${r.count} CryptographicKeys entry is needed, named after the HTTP header (found ${s.merged.keys.size})`;
    case 'inputClaimFromMetadata': return `the claim ${quoteValue(valueOf(s, r.key) ?? '')} named in '${r.key}' must also be one of the profile's InputClaims`;
    case 'allOf': return `it needs ${wanted(r)}`;
  }
}

function wanted(r: Requirement): string {
  switch (r.type) {
    case 'key': return `the CryptographicKeys entry '${r.id}'`;
    case 'metadata': return `the Metadata item '${r.key}'`;
    case 'headerKey': return `${r.count} header key`;
    case 'inputClaimFromMetadata': return `an InputClaim for '${r.key}'`;
    case 'allOf': return r.of.map(wanted).join(' with ');
  }
}

/** For the "add the missing keys" quick fix: the key Ids to add (a header name example for ApiKeyHeader). */
function fixData(s: ProfileSubject, reqs: readonly Requirement[]): { addKeys: string[] } | undefined {
  const ids: string[] = [];
  for (const r of reqs) {
    if (r.type === 'key') ids.push(r.id);
    else if (r.type === 'headerKey' && s.merged.keys.size === 0 && s.kind) {
      const example = s.kind.cryptographicKeys.find((k) => k.idPattern)?.idExample;
      if (example && findKeyIdFact(s.kind, example)) ids.push(example);
    }
  }
  return ids.length ? { addKeys: ids } : undefined;
}
