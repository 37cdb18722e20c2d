/**
 * Words shared by every picture of a journey (Mermaid, DOT, the editor's journey view): how a step, an
 * exchange, a precondition and a claim list read. Pure functions over the journey model; the renderers only
 * escape and lay out what these return.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ClaimAt, FlowFinding, JourneyBody, JourneyModel, JourneyStep, StepExchange, StepPrecondition } from './types';

/** How many claim names a compact list shows before "+N more". */
export const COMPACT_CLAIMS = 4;

/** "3 · ClaimsExchange". */
export function stepTitle(step: JourneyStep): string {
  return `${step.order} · ${step.type}`;
}

/** "ProfileId (SelfAsserted)"; the ClaimsExchange Id is left out when it only repeats the profile's. */
export function exchangeText(x: StepExchange): string {
  const kind = x.profileKind ? ` (${x.profileKind})` : '';
  const id = x.id && x.id.toLowerCase() !== x.profileId.toLowerCase() ? `${x.id}: ` : '';
  return `${id}${x.profileId}${kind}`;
}

/**
 * A precondition as the condition under which the step is skipped (or, for another action, the action):
 * "skip if objectId exists", "skip if authenticationSource = socialIdpAuthentication", "skip unless isActiveMFASession exists".
 */
export function preconditionText(p: StepPrecondition): string {
  const action = !p.action || p.action === 'SkipThisOrchestrationStep' ? 'skip' : p.action;
  const claim = p.claim ?? '?';
  const test = p.type === 'ClaimEquals' ? `${claim} = ${p.value ?? ''}` : p.type === 'ClaimsExist' ? `${claim} exists` : `${p.type} ${claim}`;
  return `${action} ${p.executeActionsIf ? 'if' : 'unless'} ${test}`;
}

/**
 * All of a step's preconditions (any one of them that holds skips it), or undefined without any:
 * "skip if newUser exists or if termsOfServiceConsentRequired = False".
 */
export function conditionText(step: JourneyStep): string | undefined {
  const texts = step.preconditions.map(preconditionText);
  if (!texts.length) return undefined;
  const action = (t: string) => t.slice(0, t.search(/ (if|unless) /));
  if (texts.every((t) => action(t) === action(texts[0]))) return action(texts[0]) + ' ' + texts.map((t) => t.slice(action(t).length + 1)).join(' or ');
  return texts.join(' or ');
}

/** Distinct claim names in order of first appearance (ids compare case-insensitively). */
export function claimNames(claims: readonly ClaimAt[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of claims) {
    const key = c.claim.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c.claim);
  }
  return out;
}

/** "email, objectId, +3 more", or undefined for no claims. */
export function compactClaims(claims: readonly ClaimAt[], max = COMPACT_CLAIMS): string | undefined {
  const names = claimNames(claims);
  if (!names.length) return undefined;
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, +${names.length - max} more` : shown;
}

export function severityWord(s: DiagnosticSeverity): 'error' | 'warning' | 'information' | 'hint' {
  return s === DiagnosticSeverity.Error ? 'error' : s === DiagnosticSeverity.Warning ? 'warning' : s === DiagnosticSeverity.Information ? 'information' : 'hint';
}

/** A key for a step path: "4" for step 4, "4/2" for step 2 of the sub-journey that step 4 runs. */
export function pathKey(path: readonly number[]): string {
  return path.join('/');
}

/** The findings by the step they sit on (`pathKey`), and those on no step (the relying party, the journey). */
export function findingsByStep(model: JourneyModel): { onStep: Map<string, FlowFinding[]>; elsewhere: FlowFinding[] } {
  const known = new Set<string>();
  const walk = (body: JourneyBody | undefined, prefix: number[]) => {
    for (const s of body?.steps ?? []) {
      const p = [...prefix, s.order];
      known.add(pathKey(p));
      walk(s.subJourney, p);
    }
  };
  walk(model.journey, []);
  const onStep = new Map<string, FlowFinding[]>();
  const elsewhere: FlowFinding[] = [];
  for (const f of model.findings) {
    const key = f.stepPath?.length ? pathKey(f.stepPath) : undefined;
    if (key !== undefined && known.has(key)) {
      let list = onStep.get(key);
      if (!list) onStep.set(key, (list = []));
      list.push(f);
    } else elsewhere.push(f);
  }
  return { onStep, elsewhere };
}

/** "B2C_1A_signup_signin · UserJourney SignUpOrSignIn". */
export function journeyHeading(model: JourneyModel): string {
  const journey = model.journey ? `${model.journey.kind} ${model.journey.id}` : model.defaultJourneyId ? `UserJourney ${model.defaultJourneyId} (not found)` : 'no DefaultUserJourney';
  return model.policyId ? `${model.policyId} · ${journey}` : journey;
}

/** "sends: email, objectId, +2 more" for the relying party's token, or undefined. */
export function tokenClaimsText(model: JourneyModel): string | undefined {
  const out = model.relyingParty && compactClaims(model.relyingParty.outputClaims);
  return out && `token: ${out}`;
}

/**
 * The lines of a step's box in the Mermaid and DOT pictures: title, exchanges, issuer, sub-journey, compact claims in
 * and out, and one line per finding after `marker`. Empty lines are left out.
 */
export function stepLabelLines(step: JourneyStep, findings: readonly FlowFinding[], marker: string): string[] {
  const lines: Array<string | undefined> = [stepTitle(step)];
  for (const x of step.exchanges) lines.push(exchangeText(x));
  if (step.cpimIssuer) lines.push(`issuer: ${step.cpimIssuer.profileId}`);
  if (step.subJourney) lines.push(`runs ${step.subJourney.kind} ${step.subJourney.id}`);
  const inClaims = compactClaims(step.consumes), outClaims = compactClaims(step.produces);
  if (inClaims) lines.push(`in: ${inClaims}`);
  if (outClaims) lines.push(`out: ${outClaims}`);
  for (const f of findings) lines.push(`${marker} ${f.code}${f.claim ? ` ${f.claim}` : ''}`);
  return lines.filter((l): l is string => !!l);
}
