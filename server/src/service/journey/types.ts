/**
 * The journey model: one relying party's merged journey as the service runs it, with the claims that flow
 * through it. Built in `journeyModel.ts` from the effective model; the claim-flow walk fills in
 * availability and findings; the CLI (`b2c-policy journey --format json`) prints it as is, and the renderers
 * (Mermaid, DOT, the editor's journey view) draw it. Plain data: LSP ranges, no functions, JSON-safe.
 */
import { DiagnosticSeverity, Range } from 'vscode-languageserver-types';

/** A place in a policy file. */
export interface SourceRef {
  readonly uri: string;
  readonly range: Range;
}

/** How sure the walk is that a claim holds a value at a point. */
export type Availability = 'available' | 'maybe';

export interface ClaimAt {
  readonly claim: string;
  /** Where this step reads or writes it (the InputClaim / OutputClaim element, or the Metadata item). */
  readonly at?: SourceRef;
  /** Why it is consumed or produced: `InputClaim`, `OutputClaim`, `InputClaimsTransformation:<Id>`, `Precondition`, `UseClaimAsBearerToken`, … */
  readonly via: string;
  /** Consumed with a DefaultValue (always satisfied), or produced by a DefaultValue only. */
  readonly defaultValue?: boolean;
  /**
   * Produced only in some runs of the step (a validation profile behind a precondition or ContinueOnError, a
   * session restore): counts as "maybe" for the claims after it.
   */
  readonly conditional?: boolean;
}

export interface StepPrecondition {
  readonly type: 'ClaimsExist' | 'ClaimEquals' | string;
  /** ExecuteActionsIf. */
  readonly executeActionsIf: boolean;
  /** The claim (first Value), and for ClaimEquals the compared value (second Value). */
  readonly claim?: string;
  readonly value?: string;
  /** Usually `SkipThisOrchestrationStep`. */
  readonly action?: string;
  readonly at?: SourceRef;
}

export interface StepExchange {
  /** The ClaimsExchange Id. */
  readonly id: string;
  readonly profileId: string;
  /** The ClaimsExchange element. */
  readonly at?: SourceRef;
  /** The most-derived definition of the technical profile, when it resolves. */
  readonly profileAt?: SourceRef;
  /** The profile's kind as our rules classify it (`SelfAsserted`, `RESTful`, `OpenIdConnect`, …), when known. */
  readonly profileKind?: string;
  readonly displayName?: string;
  readonly consumes: readonly ClaimAt[];
  readonly produces: readonly ClaimAt[];
  /** ValidationTechnicalProfiles the profile runs (self-asserted), in order, each with its own claims. */
  readonly validations?: readonly ExchangeValidation[];
  /** UseTechnicalProfileForSessionManagement. */
  readonly sessionManagement?: string;
  /** False when something the profile runs did not resolve (an include, a transformation, a validation profile, a display control). */
  readonly complete?: boolean;
}

export interface ExchangeValidation {
  readonly profileId: string;
  readonly profileAt?: SourceRef;
  readonly profileKind?: string;
  readonly preconditions: readonly StepPrecondition[];
  readonly continueOnError?: boolean;
  readonly consumes: readonly ClaimAt[];
  readonly produces: readonly ClaimAt[];
}

export interface StepSelection {
  readonly targetClaimsExchangeId?: string;
  readonly validationClaimsExchangeId?: string;
  readonly at?: SourceRef;
}

export interface JourneyStep {
  readonly order: number;
  /** OrchestrationStep/@Type: `ClaimsExchange`, `CombinedSignInAndSignUp`, `ClaimsProviderSelection`, `InvokeSubJourney`, `SendClaims`, … */
  readonly type: string;
  /** The OrchestrationStep element that wins after the merge by Order. */
  readonly at: SourceRef;
  readonly preconditions: readonly StepPrecondition[];
  readonly exchanges: readonly StepExchange[];
  readonly selections: readonly StepSelection[];
  /** SendClaims: the issuer profile. */
  readonly cpimIssuer?: { readonly profileId: string; readonly at?: SourceRef; readonly profileAt?: SourceRef };
  /** ContentDefinitionReferenceId of the step, when it has one. */
  readonly contentDefinition?: string;
  /** InvokeSubJourney / Transfer: the journey it runs, nested. */
  readonly subJourney?: JourneyBody;
  /** Union over the step's exchanges (and the step's own Metadata-like uses). */
  readonly consumes: readonly ClaimAt[];
  readonly produces: readonly ClaimAt[];
  /** Filled by the claim-flow walk: claims that hold a value before the step runs. */
  readonly before?: ReadonlyArray<{ readonly claim: string; readonly availability: Availability }>;
}

export interface JourneyBody {
  readonly id: string;
  readonly kind: 'UserJourney' | 'SubJourney';
  /** The most-derived definition. */
  readonly at?: SourceRef;
  readonly steps: readonly JourneyStep[];
  /**
   * True when every step's type is known and every profile, transformation, validation profile, display control and
   * sub journey it runs resolved: only then are "never produced" findings safe. (A profile of unknown kind still
   * produces exactly its OutputClaims; its `profileKind` is absent and the walk does not judge what it consumes.)
   */
  readonly complete: boolean;
}

export interface FlowFinding {
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly claim?: string;
  /** The technical profile whose part the finding is about (absent for the relying party's own claims). */
  readonly profileId?: string;
  /** Orders from the top journey down into sub-journeys, e.g. [4, 2] = step 2 of the sub-journey run by step 4. */
  readonly stepPath?: readonly number[];
  readonly at: SourceRef;
}

export interface JourneyModel {
  /** The relying-party file. */
  readonly leaf: string;
  readonly policyId?: string;
  /** DefaultUserJourney/@ReferenceId as written. */
  readonly defaultJourneyId?: string;
  readonly journey?: JourneyBody;
  /** The file whose merged view the journey and its profiles are taken from (the leaf, or its parent for a leaf that defines nothing else). */
  readonly view?: string;
  readonly relyingParty?: {
    readonly profileId: string;
    readonly at?: SourceRef;
    /** Claims the relying party takes from the request (its InputClaims). */
    readonly inputClaims: readonly ClaimAt[];
    /** Claims put in the token (its OutputClaims) and SubjectNamingInfo. */
    readonly outputClaims: readonly ClaimAt[];
  };
  readonly findings: readonly FlowFinding[];
}
