/**
 * Effective-policy checks, judged where the B2C service judges them: on the merged policy that each relying
 * party (leaf) runs, and only for what that leaf reaches. A finding is computed per leaf, placed on the
 * most-derived part in that leaf's chain, and reported by the file that holds the place. When several
 * leaves see it, it is reported once; when only some of the leaves that reach the element see it, the message
 * says how many and relatedInformation names them. No leaf reaching an element means no finding on it: a base
 * edited alone gets none of these.
 */
import { Diagnostic, DiagnosticRelatedInformation, Location } from 'vscode-languageserver-types';
import { Definition, PolicyFile, idKey } from '../../../model/policyFile';
import { KIND_LABELS, RULE_TABLES } from '../../../model/referenceKinds';
import { EffectiveModel, LeafPlan, Reach, ReachedProfile, subjectKey } from '../../../effective/effectiveModel';
import { MergedProfile } from '../../../effective/mergedProfile';
import { profileKindOf } from '../../shared/profileKind';
import type { ValidationOptions } from '../types';
import { Finding, Part, RuleContext, deploymentMode, partOf, placeFinding, toDiagnostic } from './ruleSupport';
import { ProfileRules, ProfileSubject } from './profiles';
import { judgeDefaultJourney, judgeJourney } from './journeys';
import { judgePages } from './pageContracts';
import { quoteValue, shortValue } from '../../../model/quoting';
import { claimFlow } from '../../../journey/claimFlow';

/** A finding of one leaf, placed. */
export interface PlacedFinding {
  readonly finding: Finding;
  readonly at: Part;
  /** `kind/key` of the element judged. */
  readonly subject: string;
}

export interface LeafFamilies {
  readonly profiles: readonly ProfileRules[];
}

type ByFile = ReadonlyMap<string, readonly PlacedFinding[]>;
type Mode = NonNullable<RuleContext['mode']>;

/**
 * Every placed finding of one leaf, by file. The journey's part is computed once per (view, roots,
 * DeploymentMode) and shared by the leaves that have the same; each merged profile is judged once.
 */
export function leafFindings(model: EffectiveModel, leaf: string, options: ValidationOptions, families: LeafFamilies): ByFile[] {
  const plan = model.plan(leaf);
  if (!plan) return [];
  const production: Mode = deploymentMode({ file: model.index.get(leaf)!, index: model.index, options }, leaf) ?? 'unknown';
  const journey = model.memo(`reachFindings|${production}`, plan.journeyReach, () => byFile(judgeReach(model, plan.journeyReach, options, families, production)));
  const rp = model.memo(`rpFindings|${production}`, plan, () => byFile(judgeRelyingParty(model, plan, options, families, production)));
  const flow = model.memo('flowFindings', plan, () => byFile(claimFlowFindings(model, plan)));
  return [journey, rp, flow];
}

/**
 * The claim-flow findings of one leaf (B6xx, journey/claimFlow.ts), placed where the walk found them: the
 * InputClaim, Metadata item or relying-party OutputClaim, in the merged part that supplies it. The subject is
 * the technical profile, so that "in N of M relying parties" counts the leaves that run it.
 */
function claimFlowFindings(model: EffectiveModel, plan: LeafPlan): PlacedFinding[] {
  const flow = claimFlow(model.index, plan.leaf, { model });
  if (!flow) return [];
  const out: PlacedFinding[] = [];
  for (const f of flow.model.findings) {
    const file = model.index.get(f.at.uri);
    if (!file) continue;
    const at = partOf(f.at.uri, { start: file.lines.offsetAt(f.at.range.start), end: file.lines.offsetAt(f.at.range.end) });
    const profile = f.profileId ?? [...plan.relyingPartyProfiles.values()][0]?.id;
    const subject = profile ? subjectKey('TechnicalProfile', idKey(profile)) : subjectKey('UserJourney', plan.defaultJourney?.key ?? '');
    out.push({ finding: { code: f.code, message: f.message, parts: [at] }, at, subject });
  }
  return out;
}

function byFile(list: readonly PlacedFinding[]): ByFile {
  const out = new Map<string, PlacedFinding[]>();
  for (const f of list) {
    const l = out.get(f.at.uri);
    if (l) l.push(f);
    else out.set(f.at.uri, [f]);
  }
  return out;
}

function judgeReach(model: EffectiveModel, reach: Reach, options: ValidationOptions, families: LeafFamilies, production: Mode): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const [key, p] of reach.profiles) out.push(...placedProfileFindings(model, reach.view, key, p, options, families, production));
  const chain = model.index.chain(reach.view).uris;
  for (const [subject, j] of reach.journeys) {
    const last = j.definitions[j.definitions.length - 1];
    const fallback = partOf(last.uri, { start: last.item.idStart, end: last.item.idEnd });
    for (const f of judgeJourney(model, reach.view, j)) out.push({ finding: f, at: placeFinding(chain, f.parts, fallback), subject });
  }
  return out;
}

function judgeRelyingParty(model: EffectiveModel, plan: LeafPlan, options: ValidationOptions, families: LeafFamilies, production: Mode): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const [key, merged] of plan.relyingPartyProfiles) {
    out.push(...placedProfileFindings(model, plan.leaf, key, { merged, relyingParty: true, fragment: false }, options, families, production));
  }
  if (plan.profileReach.profiles.size) out.push(...judgeReach(model, plan.profileReach, options, families, production));
  // What the relying party as a whole runs: its DefaultUserJourney, and the content definitions its journey uses.
  const chain = model.index.chain(plan.leaf).uris;
  const subject = subjectKey('Policy', idKey(plan.leaf));
  for (const f of [...judgeDefaultJourney(model, plan), ...judgePages(model, plan)]) out.push({ finding: f, at: placeFinding(chain, f.parts, f.parts[0]), subject });
  return out;
}

/** The placed findings of one reached profile, as `view` sees it (memoised per merged profile). */
function placedProfileFindings(model: EffectiveModel, view: string, key: string, p: ReachedProfile, options: ValidationOptions,
  families: LeafFamilies, production: Mode): readonly PlacedFinding[] {
  const slot = `placed|${production}|${p.relyingParty}|${p.fragment}|${!!p.issuer}`;
  const own = model.memo(slot, p.merged, () => {
    const chain = model.index.chain(view).uris;
    const last = p.merged.definitions[p.merged.definitions.length - 1];
    const fallback = partOf(last.uri, { start: last.definition.idStart, end: last.definition.idEnd });
    const subject = subjectKey('TechnicalProfile', key);
    return profileFindings(model, view, options, families, p, production).map((f) => ({ finding: f, at: placeFinding(chain, f.parts, fallback), subject }));
  });
  if (p.fragment) return own;
  // Resolved in this view: leaves that share the merged profile may still define different targets.
  const refs = model.memo(`metadataRefs|${view}`, p.merged, () => {
    const chain = model.index.chain(view).uris;
    const subject = subjectKey('TechnicalProfile', key);
    return metadataReferences(model, view, p.merged).map((f) => ({ finding: f, at: placeFinding(chain, f.parts, f.parts[0]), subject }));
  });
  return refs.length ? [...own, ...refs] : own;
}

function profileFindings(model: EffectiveModel, leaf: string, options: ValidationOptions, families: LeafFamilies, p: ReachedProfile, production: Mode): Finding[] {
  const { merged } = p;
  const kind = model.memo(`kind|${p.relyingParty}|${!!p.issuer}`, merged, () => profileKindOf(merged, { relyingParty: p.relyingParty, usedAsIssuer: p.issuer }));
  const out: Finding[] = [];
  for (const { uri, definition } of merged.definitions) {
    const file = model.index.get(uri);
    if (!file || definition.detail?.type !== 'profile') continue;
    const s = subject(model, options, leaf, file, definition, merged, kind, p.fragment, production);
    // What a definition writes is judged once per kind, whichever leaf reaches it.
    const items = model.memo(`items|${kind?.id ?? ''}`, definition, () => families.profiles.flatMap((f) => f.items?.(s) ?? []));
    out.push(...items);
  }
  if (p.fragment) return out;
  const last = merged.definitions[merged.definitions.length - 1];
  const file = model.index.get(last.uri);
  if (!file || last.definition.detail?.type !== 'profile') return out;
  const s = subject(model, options, leaf, file, last.definition, merged, kind, false, production);
  out.push(...families.profiles.flatMap((f) => f.merged?.(s) ?? []));
  return out;
}

function subject(model: EffectiveModel, options: ValidationOptions, leaf: string, file: PolicyFile, definition: Definition,
  merged: MergedProfile, kind: ProfileSubject['kind'], fragment: boolean, mode: Mode): ProfileSubject {
  const ctx: RuleContext = { file, index: model.index, options, mode };
  return { ctx, view: leaf, definition, own: definition.detail as ProfileSubject['own'], merged, kind, fragment };
}

/**
 * Metadata items whose value names an element (ContentDefinitionReferenceId, RefreshTokenUserJourneyId,
 * UseClaimAsBearerToken, ...) resolve in the merged policy: a base may name a content definition that only
 * the leaf's localization file defines. Only the effective item counts (an overridden value is not used).
 */
function metadataReferences(model: EffectiveModel, leaf: string, merged: MergedProfile): Finding[] {
  const out: Finding[] = [];
  for (const m of merged.metadata.values()) {
    const rule = RULE_TABLES.byMetadataKey.get(m.value.key.value);
    const value = m.value.value.value.trim();
    if (!rule || rule.lenient || !value || value.includes('{')) continue;
    if (model.index.lookup(leaf, rule.target, idKey(value)).length) continue;
    out.push({
      code: 'B101', parts: [partOf(m.uri, m.value.value)],
      message: `The ${KIND_LABELS[rule.target]} ${quoteValue(value)} named by ${shortValue(m.value.key.value)} is not defined in the merged policy that runs this profile.`,
    });
  }
  return out;
}

/** Effective-policy diagnostics of one file: the findings of every leaf whose chain includes it, placed in it. */
export function validateEffective(model: EffectiveModel, file: PolicyFile, options: ValidationOptions, families: LeafFamilies): Diagnostic[] {
  const leaves = model.leavesSeeing(file.uri);
  if (!leaves.length) return [];
  const groups = new Map<string, { placed: PlacedFinding; leaves: string[] }>();
  for (const leaf of leaves) {
    for (const lists of leafFindings(model, leaf, options, families)) {
      for (const placed of lists.get(file.uri) ?? []) {
        const key = `${placed.finding.code}|${placed.at.start}|${placed.at.end}|${placed.finding.message}`;
        const g = groups.get(key);
        if (g) { if (!g.leaves.includes(leaf)) g.leaves.push(leaf); }
        else groups.set(key, { placed, leaves: [leaf] });
      }
    }
  }
  const out: Diagnostic[] = [];
  for (const { placed, leaves: seeing } of groups.values()) {
    const d = toDiagnostic(file, placed.at.start, placed.at.end, placed.finding);
    if (seeing.length < leaves.length) {
      const reaching = leaves.filter((l) => reaches(model, l, placed.subject));
      if (seeing.length < reaching.length) disagree(model, d, seeing, reaching.length);
    }
    out.push(d);
  }
  return out;
}

/** Whether a leaf runs the element `subject` (`kind/key`). */
export function reaches(model: EffectiveModel, leaf: string, subject: string): boolean {
  const plan = model.plan(leaf);
  if (!plan) return false;
  if (plan.journeyReach.subjects.has(subject) || plan.profileReach.subjects.has(subject)) return true;
  return subject.startsWith('TechnicalProfile/') && plan.relyingPartyProfiles.has(subject.slice('TechnicalProfile/'.length));
}

/** Says which relying parties see a finding when the others that reach the same element do not. */
function disagree(model: EffectiveModel, d: Diagnostic, seeing: readonly string[], reaching: number): void {
  d.message += ` (in ${seeing.length} of the ${reaching} relying parties that run it: ${seeing.slice(0, 3).map((l) => policyName(model, l)).join(', ')}${seeing.length > 3 ? ', ...' : ''})`;
  d.relatedInformation = seeing.slice(0, 10).map((l) => relyingPartyInfo(model, l));
}

function policyName(model: EffectiveModel, leaf: string): string {
  return model.index.get(leaf)?.policyId?.value ?? leaf.slice(leaf.lastIndexOf('/') + 1);
}

function relyingPartyInfo(model: EffectiveModel, leaf: string): DiagnosticRelatedInformation {
  const f = model.index.get(leaf)!;
  const rp = f.relyingParty ?? { start: 0, end: 0 };
  return { location: Location.create(leaf, f.lines.range(rp.start, rp.start)), message: `Seen from the relying party ${policyName(model, leaf)}` };
}

