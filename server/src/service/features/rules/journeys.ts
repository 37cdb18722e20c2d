/**
 * User journeys and sub journeys (B50x). A journey redefined down the chain is merged by step Order
 * (a step replaces the base's step with the same Order), and the merged journey is judged: Orders run
 * 1..n, a UserJourney ends with SendClaims (a SubJourney need not), a selection step points at exchanges of
 * later steps, and a step offering several exchanges follows a selection step.
 */
import { Diagnostic } from 'vscode-languageserver-types';
import { Definition, JourneyInfo, Reference, StepInfo, idKey } from '../../model/policyFile';
import type { ValidationContext } from '../diagnostics';
import { Finding, Part, Reporter, chainIsKnown, leafViews, partOf } from './ruleSupport';

export interface MergedStep {
  readonly uri: string;
  readonly order: number;
  readonly step: StepInfo;
}

const SELECTION_TYPES = ['ClaimsProviderSelection', 'CombinedSignInAndSignUp'];

export function validateJourneys(ctx: ValidationContext): Diagnostic[] {
  const reporter = new Reporter(ctx);
  for (const d of ctx.file.definitions) {
    if ((d.kind !== 'UserJourney' && d.kind !== 'SubJourney') || d.detail?.type !== 'journey') continue;
    reporter.report(ctx.file.uri, d, ownOrders(ctx.file.uri, d.detail));
    for (const view of leafViews(ctx.index, ctx.file.uri, d.kind, d.key)) {
      if (!chainIsKnown(ctx.index, view)) continue;
      const steps = mergeJourney(ctx, view, d);
      reporter.report(view, d, [...sequence(steps, d), ...ending(steps, d), ...selectionTargets(ctx, steps), ...choiceWithoutSelection(steps)]);
    }
  }
  return reporter.out;
}

/** A step's Order as a positive integer, or undefined. */
export function orderOf(step: StepInfo): number | undefined {
  const v = step.order?.value.trim();
  return v && /^\d+$/.test(v) && Number(v) >= 1 ? Number(v) : undefined;
}

function ownOrders(uri: string, journey: JourneyInfo): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<number>();
  for (const step of journey.steps) {
    const at = step.order ?? { start: step.element.start, end: step.element.contentStart };
    const n = orderOf(step);
    if (n === undefined) {
      out.push({ code: 'B502', parts: [partOf(uri, at)], message: `Order must be a whole number from 1 up; '${step.order?.value ?? ''}' is not.` });
    } else if (seen.has(n)) {
      out.push({ code: 'B501', parts: [partOf(uri, at)], message: `Another step of this journey already has Order ${n}; each step needs its own number.` });
    }
    if (n !== undefined) seen.add(n);
  }
  return out;
}

/** The journey's steps as seen from `view`: every definition along its chain, merged by Order, sorted. */
export function mergeJourney(ctx: ValidationContext, view: string, d: Definition): MergedStep[] {
  const byOrder = new Map<number, MergedStep>();
  for (const { uri, item } of ctx.index.lookup(view, d.kind, d.key)) {
    if (item.detail?.type !== 'journey') continue;
    for (const step of item.detail.steps) {
      const order = orderOf(step);
      if (order !== undefined && !(byOrder.get(order)?.uri === uri)) byOrder.set(order, { uri, order, step });
    }
  }
  return [...byOrder.values()].sort((a, b) => a.order - b.order);
}

function orderPart(s: MergedStep): Part {
  return partOf(s.uri, s.step.order ?? { start: s.step.element.start, end: s.step.element.contentStart });
}

function sequence(steps: readonly MergedStep[], d: Definition): Finding[] {
  const i = steps.findIndex((s, k) => s.order !== k + 1);
  if (i < 0) return [];
  const s = steps[i];
  const message = i === 0
    ? `The steps of '${d.id}' start at Order ${s.order}; they must start at 1.`
    : `The steps of '${d.id}' jump from Order ${steps[i - 1].order} to ${s.order}; Orders must run 1, 2, 3... without gaps.`;
  return [{ code: 'B502', parts: [orderPart(s)], message }];
}

function ending(steps: readonly MergedStep[], d: Definition): Finding[] {
  if (d.kind !== 'UserJourney' || !steps.length) return [];
  const last = steps[steps.length - 1];
  const type = last.step.stepType?.value;
  if (type === 'SendClaims') return [];
  const at = last.step.stepType ? partOf(last.uri, last.step.stepType) : orderPart(last);
  return [{ code: 'B503', parts: [at], message: `The last step of the user journey '${d.id}' (Order ${last.order}) is ${type ?? 'untyped'}; a user journey must end with a SendClaims step that issues the token.` }];
}

function stepReferences(ctx: ValidationContext, s: MergedStep, source: string): Reference[] {
  const refs = ctx.index.get(s.uri)?.references ?? [];
  return refs.filter((r) => r.source === source && r.start >= s.step.element.start && r.end <= s.step.element.end);
}

function selectionTargets(ctx: ValidationContext, steps: readonly MergedStep[]): Finding[] {
  const out: Finding[] = [];
  for (const s of steps) {
    for (const ref of stepReferences(ctx, s, 'TargetClaimsExchangeId')) {
      if (!ref.value) continue;
      const holder = steps.find((t) => t.step.exchanges.some((e) => idKey(e.value) === idKey(ref.value)));
      if (holder && holder.order > s.order) continue;
      if (!holder && !ctx.index.lookup(s.uri, 'ClaimsExchange', ref.key).length) continue; // unresolved: B101 says so
      const where = holder ? `step ${holder.order}, which does not come after this step (${s.order})` : 'no step of the merged journey (the step that defined it was replaced)';
      out.push({ code: 'B504', parts: [partOf(s.uri, ref)], message: `The selection target '${ref.value}' is defined in ${where}; it must be a ClaimsExchange of a later step.` });
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
