/**
 * User journeys and sub journeys (B50x). Each file's own steps are checked where they are written (an Order
 * twice in one journey definition is rejected when that file is uploaded). The merged journey, as a leaf runs
 * it (steps merged by Order along the chain), is judged by rules/leafJudge.ts with `judgeJourney`: Orders run
 * 1..n, a UserJourney has a SendClaims step, a selection step points at exchanges of later steps, and a step
 * offering several exchanges follows a selection step.
 */
import { Diagnostic } from 'vscode-languageserver-types';
import { JourneyInfo, PolicyFile, Reference, idKey } from '../../model/policyFile';
import { PolicyIndex } from '../../index/policyIndex';
import { EffectiveModel, MergedJourney, MergedStep, orderOf, referencesWithin } from '../../effective/effectiveModel';
import { Finding, Part, partOf, toDiagnostic } from './ruleSupport';
import { quoteValue } from '../../model/quoting';

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
  return [...sequence(steps, j), ...ending(model, leaf, j), ...selectionTargets(model.index, steps), ...choiceWithoutSelection(steps)];
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

function choiceWithoutSelection(steps: readonly MergedStep[]): Finding[] {
  const out: Finding[] = [];
  steps.forEach((s, i) => {
    if (s.step.stepType?.value !== 'ClaimsExchange' || s.step.exchanges.length < 2) return;
    if (steps.slice(0, i).some((p) => SELECTION_TYPES.includes(p.step.stepType?.value ?? ''))) return;
    out.push({
      code: 'B505', parts: [partOf(s.uri, s.step.stepType!)],
      message: `Step ${s.order} offers ${s.step.exchanges.length} ClaimsExchanges but no earlier ClaimsProviderSelection or CombinedSignInAndSignUp step lets the user choose one.`,
    });
  });
  return out;
}
