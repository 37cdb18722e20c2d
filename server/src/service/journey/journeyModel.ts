/**
 * Builds the journey model (types.ts) of one relying party: its default journey merged along the chain as
 * the leaf runs it (effective/effectiveModel.ts), steps in Order, sub journeys nested, and for every claims
 * exchange the merged technical profile's claims in and out (its own, its claims transformations', its
 * validation profiles' and display controls'). Pure and cached: a profile's claims are computed once per view
 * (shared by every leaf judged in that view), the whole model once per leaf and model revision.
 */
import { Range } from 'vscode-languageserver-types';
import { PolicyIndex } from '../index/policyIndex';
import { EffectiveModel, MergedJourney, MergedStep, effectiveModel } from '../effective/effectiveModel';
import { MergedProfile, Sourced } from '../effective/mergedProfile';
import { ClaimUse, DisplayControlInfo, PreconditionInfo, Span, TransformationInfo, ValidationInfo, idKey } from '../model/policyFile';
import { profileKindOf } from '../effective/profileKind';
import {
  ClaimAt, ExchangeValidation, JourneyBody, JourneyModel, JourneyStep, SourceRef, StepExchange, StepPrecondition, StepSelection,
} from './types';

export interface JourneyModelOptions {
  /** The effective model to read (the caller's cached one); else `effectiveModel(index, cacheKey)`. */
  readonly model?: EffectiveModel;
  /** The cache key the caller's effective model uses (diagnostics use the default DeploymentMode, '' when unset). */
  readonly cacheKey?: unknown;
}

/** Step types whose parts the model understands; any other type makes the journey incomplete. */
export const KNOWN_STEP_TYPES: ReadonlySet<string> = new Set([
  'ClaimsExchange', 'CombinedSignInAndSignUp', 'ClaimsProviderSelection', 'InvokeSubJourney', 'SendClaims', 'GetClaims', 'ReviewScreen', 'UserDialog',
]);

/** The journey model of a relying-party file, or undefined when it is not a leaf with a known chain. */
export function buildJourneyModel(index: PolicyIndex, leafUri: string, options: JourneyModelOptions = {}): JourneyModel | undefined {
  const model = options.model ?? effectiveModel(index, options.cacheKey ?? '');
  const plan = model.plan(leafUri);
  if (!plan) return undefined;
  return model.memo('journeyModel', plan, () => new Builder(model, plan.view).leaf(leafUri));
}

/**
 * Drops the fields that are undefined, so that the model equals its JSON round trip. Applied to each object as
 * it is made (the parts shared between leaves are made once): a deep copy at the end cost more than the build.
 */
export function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/** The parts a claims exchange's profile consumes and produces, in the order the service runs them. */
interface ProfileClaims {
  readonly consumes: ClaimAt[];
  readonly produces: ClaimAt[];
  readonly validations: ExchangeValidation[];
  readonly complete: boolean;
}

class Builder {
  private readonly index: PolicyIndex;

  constructor(private readonly model: EffectiveModel, private readonly view: string) {
    this.index = model.index;
  }

  leaf(leaf: string): JourneyModel {
    const plan = this.model.plan(leaf)!;
    const file = this.index.get(leaf)!;
    const defaultJourneyId = file.relyingPartyDetail?.defaultUserJourney?.value;
    const journey = plan.defaultJourney ? this.body(plan.defaultJourney, new Set()) : undefined;
    const [rpKey, rp] = [...plan.relyingPartyProfiles.entries()][0] ?? [];
    let relyingParty: JourneyModel['relyingParty'];
    if (rp && rpKey) {
      const last = rp.definitions[rp.definitions.length - 1];
      const outputClaims = rp.outputClaims.map((c) => this.claimUse(c, 'OutputClaim'));
      if (rp.subjectNamingInfo?.value.value) {
        outputClaims.push({ claim: rp.subjectNamingInfo.value.value, at: this.ref(rp.subjectNamingInfo.uri, rp.subjectNamingInfo.value), via: 'SubjectNamingInfo' });
      }
      relyingParty = {
        profileId: rp.id,
        at: this.ref(last.uri, { start: last.definition.idStart, end: last.definition.idEnd }),
        inputClaims: rp.inputClaims.map((c) => this.claimUse(c, 'InputClaim')),
        outputClaims,
      };
    }
    return defined({
      leaf, policyId: file.policyId?.value, defaultJourneyId, journey, view: plan.view, relyingParty, findings: [],
    });
  }

  /**
   * A merged journey with its steps, built once per view (every leaf judged in the view that runs it shares it);
   * `seen` guards against sub journeys that invoke themselves.
   */
  private body(j: MergedJourney, seen: ReadonlySet<string>): JourneyBody {
    return this.model.memo(`journeyBody|${this.view}`, j, () => this.makeBody(j, seen));
  }

  private makeBody(j: MergedJourney, seen: ReadonlySet<string>): JourneyBody {
    const slot = j.kind + '/' + j.key;
    const inner = new Set(seen).add(slot);
    let complete = true;
    const steps = j.steps.map((s) => {
      const step = this.step(s, inner);
      if (!step.complete) complete = false;
      return step.step;
    });
    const last = j.definitions[j.definitions.length - 1];
    return { id: j.id, kind: j.kind, at: this.ref(last.uri, { start: last.item.idStart, end: last.item.idEnd }), steps, complete };
  }

  private step(s: MergedStep, seen: ReadonlySet<string>): { step: JourneyStep; complete: boolean } {
    const info = s.step;
    const type = info.stepType?.value ?? '';
    let complete = KNOWN_STEP_TYPES.has(type);
    const exchanges: StepExchange[] = [];
    for (const x of info.claimsExchanges) {
      const ex = this.exchange(s.uri, x.id, x.profile, x.element);
      if (ex.complete === false) complete = false;
      exchanges.push(ex);
    }
    const selections: StepSelection[] = info.providerSelections.map((p) => defined({
      targetClaimsExchangeId: p.target?.value, validationClaimsExchangeId: p.validation?.value, at: this.ref(s.uri, p.element),
    }));
    const consumes: ClaimAt[] = [];
    const produces: ClaimAt[] = [];
    const preconditions = info.preconditions.map((p) => this.precondition(s.uri, p));
    for (const p of preconditions) if (p.claim) consumes.push({ claim: p.claim, at: p.at, via: 'Precondition' });
    for (const ex of exchanges) {
      consumes.push(...ex.consumes);
      produces.push(...ex.produces);
      for (const v of ex.validations ?? []) {
        consumes.push(...v.consumes);
        produces.push(...v.produces);
      }
    }
    let cpimIssuer: JourneyStep['cpimIssuer'];
    if (info.cpimIssuer?.value) {
      const merged = this.model.profile(this.view, info.cpimIssuer.value);
      cpimIssuer = defined({ profileId: info.cpimIssuer.value, at: this.ref(s.uri, info.cpimIssuer), profileAt: merged && this.profileRef(merged) });
      if (!merged) complete = false;
      else {
        // GetClaims reads the request through its profile's outputs (id_token_hint); SendClaims' issuer mints the token.
        const claims = this.profileClaims(merged, { relyingParty: false, usedAsIssuer: type === 'SendClaims' });
        consumes.push(...claims.consumes);
        produces.push(...claims.produces);
        if (!claims.complete) complete = false;
      }
    }
    let subJourney: JourneyBody | undefined;
    if (type === 'InvokeSubJourney') {
      const target = info.subJourneys[0];
      const sub = target && this.model.journey(this.view, 'SubJourney', target.value);
      if (sub && !seen.has('SubJourney/' + sub.key)) {
        subJourney = this.body(sub, seen);
        if (!subJourney.complete) complete = false;
      } else complete = false;
    }
    const step: JourneyStep = defined({
      order: s.order, type, at: this.ref(s.uri, { start: info.element.start, end: info.element.contentStart }),
      preconditions, exchanges, selections, cpimIssuer, contentDefinition: info.contentDefinition?.value, subJourney, consumes, produces,
    });
    return { step, complete };
  }

  private exchange(uri: string, id: Span, profile: Span | undefined, element: { start: number; end: number }): StepExchange {
    const at = this.ref(uri, element);
    if (!profile?.value) return { id: id.value, profileId: '', at, consumes: [], produces: [], complete: false };
    const merged = this.model.profile(this.view, profile.value);
    if (!merged) return { id: id.value, profileId: profile.value, at, consumes: [], produces: [], complete: false };
    const kind = this.model.memo('kind|false|false', merged, () => profileKindOf(merged, {}));
    const claims = this.profileClaims(merged, {});
    return defined({
      id: id.value, profileId: profile.value, at, profileAt: this.profileRef(merged), profileKind: kind?.id,
      displayName: lastDisplayName(merged), consumes: claims.consumes, produces: claims.produces, validations: claims.validations,
      sessionManagement: merged.sessionManagement?.value.value, complete: claims.complete,
    });
  }

  /** What a merged profile consumes and produces, computed once per merged profile and view. */
  private profileClaims(merged: MergedProfile, kindOptions: { relyingParty?: boolean; usedAsIssuer?: boolean }, depth = 0): ProfileClaims {
    return this.model.memo(`profileClaims|${this.view}|${!!kindOptions.usedAsIssuer}|${depth > 0}`, merged, () => this.computeProfileClaims(merged, depth));
  }

  private computeProfileClaims(merged: MergedProfile, depth: number): ProfileClaims {
    const consumes: ClaimAt[] = [];
    const produces: ClaimAt[] = [];
    const validations: ExchangeValidation[] = [];
    let complete = merged.missingIncludes.length === 0;
    for (const t of merged.inputTransformations) complete = this.transformation(t, 'InputClaimsTransformation', consumes, produces) && complete;
    for (const c of merged.inputClaims) consumes.push(this.claimUse(c, 'InputClaim'));
    for (const key of ['UseClaimAsBearerToken', 'ClaimUsedForRequestPayload']) {
      const m = merged.metadata.get(key);
      const claim = m?.value.value.value.trim();
      if (m && claim && !claim.includes('{')) consumes.push({ claim, at: this.ref(m.uri, m.value.value), via: key });
    }
    for (const c of merged.displayClaims) produces.push(this.claimUse(c, 'DisplayClaim'));
    for (const d of merged.displayControls) complete = this.displayControl(d, consumes, produces, validations, depth) && complete;
    for (const c of merged.outputClaims) produces.push(this.claimUse(c, 'OutputClaim'));
    for (const c of merged.persistedClaims) consumes.push(this.claimUse(c, 'PersistedClaim'));
    if (depth < 4) {
      for (const v of merged.validations) {
        const ev = this.validation(v, depth);
        if (!ev.complete) complete = false;
        validations.push(ev.validation);
      }
    }
    for (const t of merged.outputTransformations) complete = this.transformation(t, 'OutputClaimsTransformation', consumes, produces) && complete;
    if (merged.sessionManagement?.value.value) {
      // A session provider restores what an earlier run of the profile put in the session (SM-AAD's PersistedClaims
      // and OutputClaims): only when the step is answered from the session, so these count as conditional.
      const sm = this.model.profile(this.view, merged.sessionManagement.value.value);
      if (sm) {
        const via = 'SessionManagement:' + sm.id;
        for (const c of [...sm.persistedClaims, ...sm.outputClaims]) produces.push({ ...this.claimUse(c, via), conditional: true });
      }
    }
    // A profile enabled only on some condition (EnabledForUserJourneys other than Always) may not run at all.
    const enabled = merged.enabledForUserJourneys?.value.value.trim();
    if (enabled && enabled.toLowerCase() !== 'always') {
      return { consumes, produces: produces.map((c) => ({ ...c, conditional: true })), validations, complete };
    }
    return { consumes, produces, validations, complete };
  }

  private validation(v: Sourced<ValidationInfo>, depth: number): { validation: ExchangeValidation; profileKind?: string; complete: boolean } {
    const preconditions = v.value.preconditions.map((p) => this.precondition(v.uri, p));
    const merged = this.model.profile(this.view, v.value.id.value);
    if (!merged) {
      return { validation: defined({ profileId: v.value.id.value, preconditions, continueOnError: v.value.continueOnError, consumes: [], produces: [] }), complete: false };
    }
    const kind = this.model.memo('kind|false|false', merged, () => profileKindOf(merged, {}));
    const claims = this.profileClaims(merged, {}, depth + 1);
    const conditional = preconditions.length > 0 || !!v.value.continueOnError;
    const via = 'ValidationTechnicalProfile:' + merged.id;
    const inner = [...claims.produces, ...claims.validations.flatMap((x) => x.produces)];
    const validation: ExchangeValidation = defined({
      profileId: v.value.id.value, profileAt: this.profileRef(merged), profileKind: kind?.id, preconditions, continueOnError: v.value.continueOnError,
      consumes: [...claims.consumes, ...claims.validations.flatMap((x) => x.consumes)].map((c) => ({ ...c, via: `${via}/${c.via}` })),
      produces: inner.map((c) => (conditional || c.conditional ? { ...c, via: `${via}/${c.via}`, conditional: true } : { ...c, via: `${via}/${c.via}` })),
    });
    return { validation, profileKind: kind?.id, complete: claims.complete };
  }

  /** A claims transformation's inputs and outputs; false when it does not resolve. */
  private transformation(t: Sourced<Span>, kind: string, consumes: ClaimAt[], produces: ClaimAt[]): boolean {
    const via = `${kind}:${t.value.value}`;
    const info = this.transformationInfo(t.value.value);
    if (!info) return false;
    for (const c of info.info.inputClaims) consumes.push({ claim: c.id.value, at: this.ref(info.uri, c.id), via });
    for (const c of info.info.outputClaims) produces.push({ claim: c.id.value, at: this.ref(info.uri, c.id), via });
    return true;
  }

  private transformationInfo(id: string): { uri: string; info: TransformationInfo } | undefined {
    const defs = this.index.lookup(this.view, 'ClaimsTransformation', idKey(id));
    const last = defs[defs.length - 1];
    return last && last.item.detail?.type === 'transformation' ? { uri: last.uri, info: last.item.detail } : undefined;
  }

  private displayControl(d: Sourced<Span>, consumes: ClaimAt[], produces: ClaimAt[], validations: ExchangeValidation[], depth: number): boolean {
    const defs = this.index.lookup(this.view, 'DisplayControl', idKey(d.value.value));
    const last = defs[defs.length - 1];
    if (!last || last.item.detail?.type !== 'displayControl') return false;
    const info: DisplayControlInfo = last.item.detail;
    const via = 'DisplayControl:' + last.item.id;
    // A display control's InputClaims pre-fill it; its display and output claims are collected on the page.
    for (const c of info.inputClaims) consumes.push({ ...this.claimUse({ uri: last.uri, profileId: '', value: c }, via) });
    for (const c of [...info.displayClaims, ...info.outputClaims]) produces.push(this.claimUse({ uri: last.uri, profileId: '', value: c }, via));
    let complete = true;
    if (depth < 4) {
      for (const a of info.actions) {
        for (const v of a.profiles) {
          const ev = this.validation({ uri: last.uri, profileId: '', value: v }, depth);
          if (!ev.complete) complete = false;
          // An action runs when the user presses its button: what it produces is conditional.
          validations.push({ ...ev.validation, produces: ev.validation.produces.map((c) => ({ ...c, conditional: true })) });
        }
      }
    }
    return complete;
  }

  private precondition(uri: string, p: PreconditionInfo): StepPrecondition {
    return defined({
      type: p.type?.value ?? '', executeActionsIf: p.executeActionsIf?.value.trim().toLowerCase() === 'true',
      claim: p.values[0]?.value.trim(), value: p.values[1]?.value, action: p.action?.value.trim(), at: this.ref(uri, p.element),
    });
  }

  private claimUse(c: Sourced<ClaimUse>, via: string): ClaimAt {
    const out: { -readonly [K in keyof ClaimAt]: ClaimAt[K] } = { claim: c.value.id.value, at: this.ref(c.uri, c.value.id), via };
    if (c.value.defaultValue !== undefined) out.defaultValue = true;
    return out;
  }

  private profileRef(merged: MergedProfile): SourceRef | undefined {
    const last = merged.definitions[merged.definitions.length - 1];
    return last && this.ref(last.uri, { start: last.definition.idStart, end: last.definition.idEnd });
  }

  private ref(uri: string, span: { start: number; end: number }): SourceRef {
    const file = this.index.get(uri);
    const range: Range = file ? file.lines.range(span.start, span.end) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { uri, range };
  }
}

function lastDisplayName(merged: MergedProfile): string | undefined {
  for (let i = merged.definitions.length - 1; i >= 0; i--) {
    const d = merged.definitions[i].definition.detail;
    if (d?.type === 'profile' && d.displayName) return d.displayName;
  }
  return undefined;
}
