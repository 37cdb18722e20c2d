/**
 * The claim-flow walk (issue 12): for one relying party, its merged journey in order, sub journeys included,
 * tracking which claims hold a value before each step. A claim is "available" once a step that always runs
 * has produced it, "maybe" when only a step that a precondition may skip (or one of several exchanges the
 * user chooses between, or a conditional part such as a session restore) has. The walk fills `before` on
 * every step and reports what the service rejects at upload:
 *
 * - B601: an InputClaim that no earlier step outputs ("... is the input claim of technical profile ... in
 *   step ... but it is not an output claim in any of the previous steps"). The service's check is static: any
 *   earlier step counts, skipped or not, so a maybe-available claim is never reported.
 * - B602: a relying-party OutputClaim that no step of the journey outputs and that has no DefaultValue.
 * - B603/B604: the UseClaimAsBearerToken / ClaimUsedForRequestPayload claim of a RESTful profile that no
 *   earlier step outputs (AADB2C90194 at run time for the bearer token).
 * - B605 (information): a claims transformation of a profile reads a claim that nothing before it produces.
 * - B606 (information): B601 for kinds whose InputClaims the upload may or may not check (UNSETTLED_INPUT_KINDS).
 *
 * It says nothing where it cannot tell: after a step whose type is unknown or whose profile (or anything the
 * profile runs) does not resolve, for profiles of unknown kind, and for kinds whose InputClaims the service
 * does not require (see `STRICT_INPUT_KINDS`).
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { CODES } from '../messages/codes';
import { PolicyIndex } from '../index/policyIndex';
import { EffectiveModel, effectiveModel } from '../effective/effectiveModel';
import { Availability, ClaimAt, FlowFinding, JourneyBody, JourneyModel, JourneyStep, StepExchange } from './types';
import { JourneyModelOptions, buildJourneyModel } from './journeyModel';

/**
 * Profile kinds whose InputClaims the service requires to be outputs of earlier steps at upload. Reported
 * cases (azure-docs#46988, starterpack#144) are Azure AD directory profiles; the corpus deploys with
 * self-asserted, OpenID Connect / OAuth2 and other kinds whose InputClaims name claims no earlier step
 * outputs (there they pre-fill a page or are sent when present), so only these kinds are judged.
 */
export const STRICT_INPUT_KINDS: ReadonlySet<string> = new Set(['azure-active-directory']);

/**
 * Kinds whose InputClaims feed an operation (a REST call, a transformation, a code sent or verified, a
 * conditional-access evaluation) but for which neither the documentation nor a reported upload error settles
 * whether the upload checks them: reported as Information. Kinds absent from both sets are not judged:
 * self-asserted pages (InputClaims pre-fill; the starter pack's LocalAccountSignUpWithLogonEmail reads `email`
 * that no earlier step outputs, and deploys), identity providers (OpenID Connect, OAuth, SAML: InputClaims are
 * optional request parameters such as login_hint), Application Insights (Woodgrove's password reset sends
 * `identityProvider` that no earlier step outputs, and is deployed), token issuers and session providers.
 */
export const UNSETTLED_INPUT_KINDS: ReadonlySet<string> = new Set([
  'restful', 'claims-transformation', 'phone-factor', 'one-time-password', 'azure-mfa', 'aad-sspr', 'conditional-access', 'captcha', 'id-token-hint',
]);

type Bag = Map<string, { readonly claim: string; availability: Availability; readonly by: number[] }>;

export interface ClaimFlow {
  /** The journey model with `before` filled on every step and the findings. */
  readonly model: JourneyModel;
  /** Every claim some step of the journey (or the relying party's request) produces, lower-cased, with the step paths. */
  readonly produced: ReadonlyMap<string, readonly (readonly number[])[]>;
}

/** The claim flow of a relying-party file, or undefined when it is not a leaf with a known chain. */
export function claimFlow(index: PolicyIndex, leafUri: string, options: JourneyModelOptions = {}): ClaimFlow | undefined {
  const model: EffectiveModel = options.model ?? effectiveModel(index, options.cacheKey ?? '');
  const plan = model.plan(leafUri);
  if (!plan) return undefined;
  return model.memo('claimFlow', plan, () => {
    const base = buildJourneyModel(index, leafUri, { model })!;
    return new Walk(base, (claim) => index.lookup(leafUri, 'ClaimType', claim.toLowerCase()).length > 0).run();
  });
}

const key = (c: string) => c.toLowerCase();

class Walk {
  private readonly findings: FlowFinding[] = [];
  private readonly produced = new Map<string, number[][]>();
  /** Set once a step could not be read whole: nothing after it is judged. */
  private blind = false;

  /** `claimExists`: the claim type is defined in the leaf's chain (an undefined one is B101's to report, not ours). */
  constructor(private readonly base: JourneyModel, private readonly claimExists: (claim: string) => boolean) {}

  run(): ClaimFlow {
    const bag: Bag = new Map();
    for (const c of this.base.relyingParty?.inputClaims ?? []) this.add(bag, c.claim, 'available', []);
    let journey: JourneyBody | undefined;
    if (this.base.journey) journey = this.body(this.base.journey, bag, [], false);
    if (journey && this.base.journey?.complete && !this.blind) this.relyingPartyOutputs(journey);
    const model: JourneyModel = journey ? { ...this.base, journey, findings: this.findings } : { ...this.base, findings: this.findings };
    return { model, produced: this.produced };
  }

  private body(body: JourneyBody, bag: Bag, path: readonly number[], maybe: boolean): JourneyBody {
    const steps: JourneyStep[] = [];
    for (const s of body.steps) {
      steps.push(this.step(body, s, bag, [...path, s.order], maybe));
      // A Transfer sub journey does not come back, but the steps after it are still walked (they are judged
      // only against what is produced before them, which the sub journey's steps may only add to).
    }
    return { ...body, steps };
  }

  private step(body: JourneyBody, s: JourneyStep, bag: Bag, path: readonly number[], maybe: boolean): JourneyStep {
    const before = [...bag.values()].map((v) => ({ claim: v.claim, availability: v.availability }));
    const skippable = maybe || s.preconditions.length > 0;
    const choice = s.exchanges.length > 1;
    const unread = !KNOWN.has(s.type) || s.exchanges.some((e) => e.complete === false) || (s.cpimIssuer && !s.cpimIssuer.profileAt);
    for (const ex of s.exchanges) this.exchange(body, s, ex, bag, path);
    const availability: Availability = skippable || choice ? 'maybe' : 'available';
    for (const ex of s.exchanges) {
      for (const c of ex.produces) this.add(bag, c.claim, c.conditional ? 'maybe' : availability, path);
      for (const v of ex.validations ?? []) for (const c of v.produces) this.add(bag, c.claim, c.conditional ? 'maybe' : availability, path);
    }
    if (s.cpimIssuer) for (const c of s.produces.filter((p) => !s.exchanges.some((e) => e.produces.includes(p)))) this.add(bag, c.claim, availability, path);
    let subJourney = s.subJourney;
    if (subJourney) subJourney = this.body(subJourney, bag, path, skippable);
    if (unread || (s.type === 'InvokeSubJourney' && !s.subJourney)) this.blind = true;
    return subJourney ? { ...s, subJourney, before } : { ...s, before };
  }

  /** Judges what one exchange's profile consumes against the claims produced before its step. */
  private exchange(body: JourneyBody, s: JourneyStep, ex: StepExchange, bag: Bag, path: readonly number[]): void {
    if (this.blind || ex.complete === false || !ex.profileKind) return;
    // The profile's own InputClaimsTransformations run before its InputClaims are read.
    const own = new Set(ex.produces.filter((c) => c.via.startsWith('InputClaimsTransformation:')).map((c) => key(c.claim)));
    const known = (claim: string) => bag.has(key(claim)) || own.has(key(claim));
    const reported = new Set<string>();
    if (ex.profileKind === 'restful') {
      for (const c of ex.consumes) {
        if ((c.via !== 'UseClaimAsBearerToken' && c.via !== 'ClaimUsedForRequestPayload') || known(c.claim) || reported.has(key(c.claim))) continue;
        const bearer = c.via === 'UseClaimAsBearerToken';
        reported.add(key(c.claim));
        this.finding(bearer ? 'B603' : 'B604', c, path, bearer
          ? `The bearer-token claim '${c.claim}' of '${ex.profileId}' is not produced by any step before step ${s.order}: the call fails at run time with AADB2C90194.`
          : `The request-payload claim '${c.claim}' of '${ex.profileId}' is not produced by any step before step ${s.order}: the REST API receives no body.`, ex.profileId);
      }
    }
    const strict = STRICT_INPUT_KINDS.has(ex.profileKind);
    if (strict || UNSETTLED_INPUT_KINDS.has(ex.profileKind)) {
      for (const c of ex.consumes) {
        if (c.via !== 'InputClaim' || c.defaultValue || known(c.claim) || reported.has(key(c.claim))) continue;
        reported.add(key(c.claim));
        const message = `Claim type "${c.claim}" is the input claim of technical profile "${ex.profileId}" in step "${s.order}" of ${journeyLabel(body)} but it is not an output claim in any of the previous steps.`;
        this.finding(strict ? 'B601' : 'B606', c, path, strict ? message : message + ' (The documentation does not say whether the upload checks this kind of profile.)', ex.profileId);
      }
    }
    // Claims transformations: the service does not check their inputs at upload; at run time a transformation whose
    // input claim holds no value fails or gives nothing, depending on its method. Information only.
    const all = new Set([...ex.produces, ...(ex.validations ?? []).flatMap((v) => v.produces)].map((c) => key(c.claim)));
    for (const c of ex.consumes) {
      if (!c.via.includes('ClaimsTransformation:') || reported.has(key(c.claim))) continue;
      // Input transformations read the claims bag (and each other's outputs); output transformations also what the profile produced.
      if (bag.has(key(c.claim)) || (c.via.startsWith('OutputClaimsTransformation:') ? all : own).has(key(c.claim))) continue;
      reported.add(key(c.claim));
      const t = c.via.slice(c.via.indexOf(':') + 1);
      this.finding('B605', c, path, `The claims transformation '${t}' of '${ex.profileId}' (step ${s.order} of ${journeyLabel(body)}) reads '${c.claim}', which no earlier step and nothing before it in the profile produces.`, ex.profileId);
    }
  }

  private relyingPartyOutputs(journey: JourneyBody): void {
    const rp = this.base.relyingParty;
    if (!rp) return;
    for (const c of rp.outputClaims) {
      if (c.via !== 'OutputClaim' || c.defaultValue || this.produced.has(key(c.claim))) continue;
      this.finding('B602', c, [], `Claim type "${c.claim}" is the output claim of the relying party's technical profile, but it is not an output claim in any of the steps of user journey "${journey.id}".`);
    }
  }

  private add(bag: Bag, claim: string, availability: Availability, path: readonly number[]): void {
    const k = key(claim);
    const held = bag.get(k);
    if (!held) bag.set(k, { claim, availability, by: [...path] });
    else if (held.availability === 'maybe' && availability === 'available') held.availability = 'available';
    const list = this.produced.get(k);
    if (list) list.push([...path]);
    else this.produced.set(k, [[...path]]);
  }

  private finding(code: string, c: ClaimAt, stepPath: readonly number[], message: string, profileId?: string): void {
    if (!c.at || !this.claimExists(c.claim)) return;
    const severity = CODES[code]?.severity ?? DiagnosticSeverity.Error;
    const f: { -readonly [K in keyof FlowFinding]: FlowFinding[K] } = { code, severity, message, claim: c.claim, at: c.at };
    if (profileId) f.profileId = profileId;
    if (stepPath.length) f.stepPath = [...stepPath];
    this.findings.push(f);
  }
}

const KNOWN = new Set(['ClaimsExchange', 'CombinedSignInAndSignUp', 'ClaimsProviderSelection', 'InvokeSubJourney', 'SendClaims', 'GetClaims', 'ReviewScreen', 'UserDialog']);

function journeyLabel(body: JourneyBody): string {
  return body.kind === 'SubJourney' ? `sub journey "${body.id}"` : `user journey "${body.id}"`;
}
