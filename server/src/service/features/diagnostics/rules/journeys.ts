/**
 * User journeys and sub journeys (B50x). Each file's own steps are checked where they are written (an Order
 * twice in one journey definition is rejected when that file is uploaded). The merged journey, as a leaf runs
 * it (steps merged by Order along the chain), is judged by rules/leafJudge.ts with `judgeJourney`: Orders run
 * 1..n, a UserJourney has a SendClaims step, a selection step points at exchanges of later steps, a step
 * offering several exchanges comes right after a selection step, the step after a selection step is a
 * ClaimsExchange, and a SendClaims step names its issuer. `judgeDefaultJourney` checks that a relying party
 * has a DefaultUserJourney along its chain.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { JourneyInfo, PolicyFile, Reference, idKey } from '../../../model/policyFile';
import { PolicyIndex } from '../../../index/policyIndex';
import { EffectiveModel, LeafPlan, MergedJourney, MergedStep, orderOf, referencesWithin } from '../../../effective/effectiveModel';
import { Finding, Part, partOf, toDiagnostic } from './ruleSupport';
import { quoteValue } from '../../../model/quoting';

export { orderOf };
export type { MergedStep };

const SELECTION_TYPES = ['ClaimsProviderSelection', 'CombinedSignInAndSignUp'];

/** The Orders of each journey definition in this file, judged where they are written. */
export function validateJourneyOrders(file: PolicyFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of file.definitions) {
    if ((d.kind !== 'UserJourney' && d.kind !== 'SubJourney') || d.detail?.type !== 'journey') continue;
    for (const f of ownOrders(file.uri, d.detail)) out.push(toDiagnostic(file, f.parts[0].start, f.parts[0].end, f));
  }
  return out;
}

/** Findings on a merged journey as one leaf runs it. */
export function judgeJourney(model: EffectiveModel, leaf: string, j: MergedJourney): Finding[] {
  const steps = j.steps;
  return [...sequence(steps, j), ...ending(model, leaf, j), ...selectionTargets(model.index, steps), ...choiceWithoutSelection(steps, j),
    ...selectionNotFollowedByExchange(model.index, steps, j), ...issuerMissing(model.index, steps, j)];
}

function ownOrders(uri: string, journey: JourneyInfo): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<number>();
  for (const step of journey.steps) {
    const at = step.order ?? { start: step.element.start, end: step.element.contentStart };
    const n = orderOf(step);
    if (n === undefined) {
      out.push({ code: 'B502', parts: [partOf(uri, at)], message: `Order must be a whole number from 1 up; ${quoteValue(step.order?.value ?? '')} is not.` });
    } else if (seen.has(n)) {
      out.push({ code: 'B501', parts: [partOf(uri, at)], message: `Another step of this journey already has Order ${n}; each step needs its own number.` });
    }
    if (n !== undefined) seen.add(n);
  }
  return out;
}

function orderPart(s: MergedStep): Part {
  return partOf(s.uri, s.step.order ?? { start: s.step.element.start, end: s.step.element.contentStart });
}

function sequence(steps: readonly MergedStep[], d: MergedJourney): Finding[] {
  const i = steps.findIndex((s, k) => s.order !== k + 1);
  if (i < 0) return [];
  const s = steps[i];
  const message = i === 0
    ? `The steps of ${quoteValue(d.id)} start at Order ${s.order}; they must start at 1.`
    : `The steps of ${quoteValue(d.id)} jump from Order ${steps[i - 1].order} to ${s.order}; Orders must run 1, 2, 3... without gaps.`;
  return [{ code: 'B502', parts: [orderPart(s)], message }];
}

/**
 * A UserJourney must issue a token: a SendClaims step of its own, or one in a sub journey it invokes. A step
 * after SendClaims deploys (Woodgrove's Application Insights step runs there), so it gets a hint only.
 */
function ending(model: EffectiveModel, leaf: string, j: MergedJourney): Finding[] {
  if (j.kind !== 'UserJourney' || !j.steps.length) return [];
  const send = j.steps.findIndex((s) => s.step.stepType?.value === 'SendClaims');
  if (send >= 0) {
    return j.steps.slice(send + 1).map((s) => ({
      code: 'B506', parts: [s.step.stepType ? partOf(s.uri, s.step.stepType) : orderPart(s)],
      message: `Step ${s.order} runs after the SendClaims step (Order ${j.steps[send].order}): the token has already been issued when it runs.`,
    }));
  }
  if (invokesSendClaims(model, leaf, j, new Set())) return [];
  const last = j.steps[j.steps.length - 1];
  const at = last.step.stepType ? partOf(last.uri, last.step.stepType) : orderPart(last);
  return [{ code: 'B503', parts: [at], message: `The user journey ${quoteValue(j.id)} has no SendClaims step (nor a sub journey that has one), so it never issues a token.` }];
}

/** True when a sub journey the journey invokes has a SendClaims step, or cannot be resolved (then nothing is said). */
function invokesSendClaims(model: EffectiveModel, leaf: string, j: MergedJourney, seen: Set<string>): boolean {
  for (const s of j.steps) {
    if (s.step.stepType?.value !== 'InvokeSubJourney') continue;
    for (const ref of referencesWithin(model.index.get(s.uri), s.step.element.start, s.step.element.end)) {
      if (ref.target !== 'SubJourney' || seen.has(ref.key)) continue;
      seen.add(ref.key);
      const sub = model.journey(leaf, 'SubJourney', ref.value);
      if (!sub || sub.steps.some((t) => t.step.stepType?.value === 'SendClaims') || invokesSendClaims(model, leaf, sub, seen)) return true;
    }
  }
  return false;
}

function stepReferences(index: PolicyIndex, s: MergedStep, source: string): Reference[] {
  return referencesWithin(index.get(s.uri), s.step.element.start, s.step.element.end).filter((r) => r.source === source);
}

function selectionTargets(index: PolicyIndex, steps: readonly MergedStep[]): Finding[] {
  const out: Finding[] = [];
  for (const s of steps) {
    for (const ref of stepReferences(index, s, 'TargetClaimsExchangeId')) {
      if (!ref.value) continue;
      const holder = steps.find((t) => t.step.exchanges.some((e) => idKey(e.value) === idKey(ref.value)));
      if (holder && holder.order > s.order) continue;
      if (!holder && !index.lookup(s.uri, 'ClaimsExchange', ref.key).length) continue; // unresolved: B101 says so
      const where = holder ? `step ${holder.order}, which does not come after this step (${s.order})` : 'no step of the merged journey (the step that defined it was replaced)';
      out.push({ code: 'B504', parts: [partOf(s.uri, ref)], message: `The selection target ${quoteValue(ref.value)} is defined in ${where}; it must be a ClaimsExchange of a later step.` });
    }
  }
  return out;
}

/**
 * "An orchestration step type of ClaimsExchange must have a single ClaimsExchange, unless the previous step is type
 * of ClaimsProviderSelection, or CombinedSignInAndSignUp" (troubleshoot.md): the step right before, in the merged
 * order, not any earlier one. The first step of a sub journey has no previous step of its own; whether the
 * service then looks at the calling journey is not documented, so that case is information.
 */
function choiceWithoutSelection(steps: readonly MergedStep[], j: MergedJourney): Finding[] {
  const out: Finding[] = [];
  steps.forEach((s, i) => {
    if (s.step.stepType?.value !== 'ClaimsExchange' || s.step.exchanges.length < 2) return;
    const prev = steps[i - 1];
    if (prev && SELECTION_TYPES.includes(prev.step.stepType?.value ?? '')) return;
    const unsettled = !prev && j.kind === 'SubJourney';
    out.push({
      code: 'B505', parts: [partOf(s.uri, s.step.stepType!)],
      severity: unsettled ? DiagnosticSeverity.Information : undefined,
      message: `${capitalised(journeyLabel(j))} has step ${s.order} with ${s.step.exchanges.length} claims exchanges, `
        + (prev ? `but the step before it (${prev.order}, ${prev.step.stepType?.value ?? 'no Type'}) is not a ClaimsProviderSelection or CombinedSignInAndSignUp step` : 'but no selection step comes before it')
        + ': the service needs the step right before to let the user choose which exchange runs ("It must be preceded by a claims provider selection").'
        + (unsettled ? ' It is the first step of a sub journey: whether the calling journey\'s step counts is not documented.' : ''),
    });
  });
  return out;
}

/**
 * The step after a selection step must be a ClaimsExchange step: the upload says 'Orchestration step order "n" ...
 * is followed by a claims provider selection step and must be a claims exchange' (troubleshoot.md). Judged for a
 * selection step that offers a choice (a TargetClaimsExchangeId); a selection step that is the last step is B504's.
 */
function selectionNotFollowedByExchange(index: PolicyIndex, steps: readonly MergedStep[], j: MergedJourney): Finding[] {
  const out: Finding[] = [];
  steps.forEach((s, i) => {
    const type = s.step.stepType?.value ?? '';
    const next = steps[i + 1];
    if (!SELECTION_TYPES.includes(type) || !next) return;
    if (!stepReferences(index, s, 'TargetClaimsExchangeId').some((r) => r.value)) return;
    const nextType = next.step.stepType?.value;
    if (nextType === 'ClaimsExchange' || nextType === undefined) return; // no Type at all: the schema (B804) says so
    out.push({
      code: 'B507', parts: [partOf(next.uri, next.step.stepType!)],
      message: `Step ${next.order} of ${journeyLabel(j)} comes right after the ${type} step ${s.order}, so it must be a ClaimsExchange step that runs the exchange the user chose; it is of type ${nextType}.`,
    });
  });
  return out;
}

/**
 * A SendClaims step names the profile that issues the token (CpimIssuerTechnicalProfileReferenceId). The schema
 * says that without it no token is created; error-codes.md lists AADB2C90108 for a step that "does not specify a
 * CpimIssuerTechnicalProfileReferenceId when one was expected". A warning, not an error: the documentation does
 * not say when one is not expected. A UserJourney's DefaultCpimIssuerTechnicalProfileReferenceId may stand in for
 * it (how is not documented), so such a journey is not judged.
 */
function issuerMissing(index: PolicyIndex, steps: readonly MergedStep[], j: MergedJourney): Finding[] {
  if (j.definitions.some((d) => referencesWithin(index.get(d.uri), d.item.start, d.item.end)
    .some((r) => r.source === 'DefaultCpimIssuerTechnicalProfileReferenceId' && r.value.trim()))) return [];
  const out: Finding[] = [];
  for (const s of steps) {
    if (s.step.stepType?.value !== 'SendClaims') continue;
    if (stepReferences(index, s, 'CpimIssuerTechnicalProfileReferenceId').some((r) => r.value.trim())) continue;
    out.push({
      code: 'B509', parts: [partOf(s.uri, s.step.stepType)],
      message: `The SendClaims step ${s.order} of ${journeyLabel(j)} names no CpimIssuerTechnicalProfileReferenceId: no token is issued, and a relying party that expects one fails at run time (AADB2C90108).`,
    });
  }
  return out;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function journeyLabel(j: MergedJourney): string {
  return `${j.kind === 'SubJourney' ? 'sub journey' : 'user journey'} '${j.id}'`;
}

/**
 * A relying party runs its DefaultUserJourney (relyingparty.md: occurrences 1:1; the XSD has it optional, so the
 * schema check says nothing); without one along its chain, running the policy fails with AADB2C90031 ("does not
 * specify a default user journey"; the message says "the policy or its parents", so a base's RelyingParty counts). A file that other files extend, one of which names a DefaultUserJourney, is a
 * part of those relying parties and is not judged.
 */
export function judgeDefaultJourney(model: EffectiveModel, plan: LeafPlan): Finding[] {
  const index = model.index;
  const names = (uri: string) => {
    const f = index.get(uri);
    const rp = f?.relyingParty;
    return !!rp && referencesWithin(f, rp.start, rp.end).some((r) => r.target === 'UserJourney' && r.source === 'ReferenceId');
  };
  if (index.chain(plan.leaf).uris.some(names)) return [];
  if (index.dependentsOf(plan.leaf).some(names)) return [];
  const file = index.get(plan.leaf)!;
  const rp = file.relyingParty!;
  return [{
    code: 'B508', parts: [partOf(plan.leaf, { start: rp.start + 1, end: rp.start + 1 + 'RelyingParty'.length })],
    message: 'This relying party has no DefaultUserJourney, and no RelyingParty of its bases names one: the service has no journey to run (AADB2C90031).',
  }];
}
