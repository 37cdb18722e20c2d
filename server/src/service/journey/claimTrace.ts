/**
 * Where one claim comes from and goes to along a relying party's journey, read off its claim flow: every step
 * that produces or consumes it (sub-journey steps as `4.2`), whether it is in the request and in the token.
 * The hover on a claim reference and `b2c-policy flow` both print this.
 */
import { Availability, JourneyBody, JourneyStep, SourceRef } from './types';
import { ClaimFlow } from './claimFlow';

export interface ClaimEvent {
  /** `3`, or `4.2` for step 2 of the sub journey that step 4 runs. */
  readonly label: string;
  readonly stepType: string;
  readonly role: 'produces' | 'consumes';
  /** The technical profile (exchange, validation profile or issuer) that reads or writes it. */
  readonly profileId?: string;
  readonly via: string;
  readonly at?: SourceRef;
  /** Whether the claim holds a value before the step. */
  readonly before?: Availability;
}

export interface ClaimTrace {
  readonly claim: string;
  readonly leaf: string;
  readonly policyId?: string;
  readonly journeyId?: string;
  readonly fromRequest: boolean;
  readonly events: readonly ClaimEvent[];
  /** After its first producer: available, or only maybe (the step may be skipped, or is one of several choices). */
  readonly firstAvailability?: Availability;
  readonly token?: { readonly defaultValue: boolean };
  /** Steps (labels) that run the technical profile `profileId` asked about. */
  readonly runs: readonly string[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function traceClaim(flow: ClaimFlow, claim: string, profileId?: string): ClaimTrace {
  const m = flow.model;
  const events: ClaimEvent[] = [];
  const runs: string[] = [];
  const flat: Array<{ label: string; step: JourneyStep }> = [];
  const visit = (b: JourneyBody, prefix: string) => {
    for (const s of b.steps) {
      const label = prefix + s.order;
      flat.push({ label, step: s });
      const before = s.before?.find((x) => same(x.claim, claim))?.availability;
      const add = (role: ClaimEvent['role'], list: JourneyStep['consumes'], profile: string | undefined) => {
        for (const c of list) if (same(c.claim, claim)) events.push({ label, stepType: s.type, role, profileId: profile, via: c.via, at: c.at, before });
      };
      for (const p of s.preconditions) if (p.claim && same(p.claim, claim)) events.push({ label, stepType: s.type, role: 'consumes', via: 'Precondition', at: p.at, before });
      for (const ex of s.exchanges) {
        if (profileId && same(ex.profileId, profileId)) runs.push(label);
        add('consumes', ex.consumes, ex.profileId);
        add('produces', ex.produces, ex.profileId);
        for (const v of ex.validations ?? []) {
          if (profileId && same(v.profileId, profileId) && !runs.includes(label)) runs.push(label);
          add('consumes', v.consumes, v.profileId);
          add('produces', v.produces, v.profileId);
        }
      }
      if (s.cpimIssuer) {
        if (profileId && same(s.cpimIssuer.profileId, profileId)) runs.push(label);
        const inExchanges = new Set(s.exchanges.flatMap((e) => [...e.consumes, ...e.produces, ...(e.validations ?? []).flatMap((v) => [...v.consumes, ...v.produces])]));
        add('consumes', s.consumes.filter((c) => !inExchanges.has(c) && c.via !== 'Precondition'), s.cpimIssuer.profileId);
        add('produces', s.produces.filter((c) => !inExchanges.has(c)), s.cpimIssuer.profileId);
      }
      if (s.subJourney) visit(s.subJourney, label + '.');
    }
  };
  if (m.journey) visit(m.journey, '');
  const fromRequest = !!m.relyingParty?.inputClaims.some((c) => same(c.claim, claim));
  const out = m.relyingParty?.outputClaims.find((c) => c.via === 'OutputClaim' && same(c.claim, claim));
  const first = events.find((e) => e.role === 'produces');
  let firstAvailability: Availability | undefined;
  if (first) {
    const i = flat.findIndex((f) => f.label === first.label);
    const next = flat[i + 1]?.step.before?.find((x) => same(x.claim, claim));
    firstAvailability = next?.availability ?? 'available';
  }
  return {
    claim, leaf: m.leaf, policyId: m.policyId, journeyId: m.journey?.id, fromRequest, events, firstAvailability,
    token: out ? { defaultValue: !!out.defaultValue } : undefined, runs,
  };
}

/** One sentence: "available from step 3 (X), also produced by step 5; consumed by steps 4, 7; sent in the token". */
export function summarizeTrace(t: ClaimTrace): string {
  const parts: string[] = [];
  const producers = unique(t.events.filter((e) => e.role === 'produces').map((e) => e.label));
  const consumers = unique(t.events.filter((e) => e.role === 'consumes').map((e) => e.label));
  const first = t.events.find((e) => e.role === 'produces');
  const firstText = first ? `step ${first.label}${first.profileId ? ` (${first.profileId})` : ''}` : '';
  if (t.fromRequest) {
    parts.push('in the request' + (first ? `, also produced by ${steps(producers)}` : ''));
  } else if (first) {
    const head = t.firstAvailability === 'maybe' ? `maybe available from ${firstText} (the step may not run)` : `available from ${firstText}`;
    parts.push(head + (producers.length > 1 ? `, also produced by ${steps(producers.slice(1))}` : ''));
  } else {
    parts.push('no step produces it');
  }
  if (consumers.length) parts.push(`consumed by ${steps(consumers)}`);
  if (t.token) parts.push(t.token.defaultValue ? 'sent in the token (with a default value)' : 'sent in the token');
  return parts.join('; ');
}

function steps(labels: readonly string[]): string {
  return labels.length === 1 ? `step ${labels[0]}` : `steps ${labels.join(', ')}`;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
