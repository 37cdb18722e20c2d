/**
 * The immutable per-file summary the index stores: what a policy file is, defines and references.
 * Built from the parser's events as it goes (no tree is needed: disk files keep none), or from a walk over a
 * tree; never throws.
 */
import { ParseListener, XmlDocument, XmlElement, XmlProblem, decodeEntities, elementText, getAttribute, localName, parseXml } from '../xml/parser';
import { LineIndex } from './lineIndex';
import { DefinitionKind, RULE_TABLES, ReferenceRule, TargetKind } from './referenceKinds';

export interface Span {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface ElementRange {
  readonly start: number;
  readonly end: number;
  /** Offset of the end tag's '<', or of the start tag's end for self-closing elements. */
  readonly contentEnd: number;
  readonly contentStart: number;
}

export interface MetadataItem {
  readonly key: Span;
  /** The Item's text; an empty span at the content start when the item is empty. */
  readonly value: Span;
  readonly element: ElementRange;
}

export interface KeyInfo {
  readonly id?: Span;
  readonly storageReferenceId?: Span;
  readonly element: ElementRange;
}

export interface ClaimUse {
  readonly id: Span;
  readonly partnerClaimType?: string;
  readonly defaultValue?: string;
  /** AlwaysUseDefaultValue="true". */
  readonly alwaysUseDefaultValue?: boolean;
  readonly element: ElementRange;
}

/** A Precondition of an orchestration step or a validation technical profile. */
export interface PreconditionInfo {
  readonly type?: Span;
  readonly executeActionsIf?: Span;
  /** The Value children in order: the claim, then (ClaimEquals) the compared value. */
  readonly values: Span[];
  readonly action?: Span;
  readonly element: ElementRange;
}

/** A ValidationTechnicalProfile of a self-asserted profile, or a display-control action's ValidationClaimsExchangeTechnicalProfile. */
export interface ValidationInfo {
  readonly id: Span;
  /** ContinueOnError="true". */
  readonly continueOnError?: boolean;
  readonly continueOnSuccess?: Span;
  readonly preconditions: PreconditionInfo[];
  readonly element: ElementRange;
}

/** A claim of a ClaimsTransformation: its claim type and the method's parameter name. */
export interface TransformationClaim {
  readonly id: Span;
  readonly transformationClaimType?: string;
  readonly element: ElementRange;
}

export interface TransformationInfo {
  readonly type: 'transformation';
  readonly method?: Span;
  readonly inputClaims: TransformationClaim[];
  readonly inputParameters: Array<{ readonly id?: Span; readonly dataType?: string; readonly value?: string; readonly element: ElementRange }>;
  readonly outputClaims: TransformationClaim[];
}

export interface DisplayControlAction {
  readonly id?: Span;
  readonly profiles: ValidationInfo[];
  readonly element: ElementRange;
}

export interface DisplayControlInfo {
  readonly type: 'displayControl';
  readonly controlType?: Span;
  readonly inputClaims: ClaimUse[];
  readonly displayClaims: ClaimUse[];
  readonly outputClaims: ClaimUse[];
  readonly actions: DisplayControlAction[];
}

export interface ProfileInfo {
  readonly type: 'profile';
  readonly protocolName?: Span;
  readonly protocolHandler?: Span;
  readonly outputTokenFormat?: Span;
  readonly displayName?: string;
  readonly metadata: MetadataItem[];
  readonly metadataElement?: ElementRange;
  readonly keys: KeyInfo[];
  readonly keysElement?: ElementRange;
  readonly inputClaims: ClaimUse[];
  readonly outputClaims: ClaimUse[];
  readonly persistedClaims: ClaimUse[];
  readonly displayClaims: ClaimUse[];
  readonly includes: Span[];
  readonly validationProfiles: Span[];
  readonly sessionManagement?: Span;
  /** ValidationTechnicalProfiles with their preconditions (same order as `validationProfiles`). */
  readonly validations: ValidationInfo[];
  /** InputClaimsTransformation / OutputClaimsTransformation ReferenceIds, in order. */
  readonly inputTransformations: Span[];
  readonly outputTransformations: Span[];
  /** DisplayClaim elements that name a DisplayControlReferenceId (not in `displayClaims`). */
  readonly displayControls: Span[];
  /** A relying-party profile's SubjectNamingInfo/@ClaimType. */
  readonly subjectNamingInfo?: Span;
  /** EnabledForUserJourneys (Always, Never, OnClaimsExistence, OnItemExistenceInStringCollectionClaim, ...). */
  readonly enabledForUserJourneys?: Span;
}

export interface ClaimInfo {
  readonly type: 'claim';
  readonly dataType?: Span;
  readonly displayName?: string;
  readonly userInputType?: Span;
}

export interface StepInfo {
  readonly order?: Span;
  readonly stepType?: Span;
  readonly element: ElementRange;
  readonly exchanges: Span[];
  readonly selections: Span[];
  /** The step's ClaimsExchanges with the profile each runs (same order as `exchanges`). */
  readonly claimsExchanges: Array<{ readonly id: Span; readonly profile?: Span; readonly element: ElementRange }>;
  /** ClaimsProviderSelection elements. */
  readonly providerSelections: Array<{ readonly target?: Span; readonly validation?: Span; readonly element: ElementRange }>;
  readonly preconditions: PreconditionInfo[];
  readonly cpimIssuer?: Span;
  readonly contentDefinition?: Span;
  /** InvokeSubJourney: the JourneyList Candidates' SubJourneyReferenceIds. */
  readonly subJourneys: Span[];
}

export interface JourneyInfo {
  readonly type: 'journey';
  readonly steps: StepInfo[];
  readonly stepsElement?: ElementRange;
  /** SubJourney/@Type: `Call` or `Transfer`. */
  readonly journeyType?: Span;
}

export type DefinitionDetail = ProfileInfo | ClaimInfo | JourneyInfo | TransformationInfo | DisplayControlInfo;

export interface Definition {
  readonly kind: DefinitionKind;
  readonly id: string;
  /** Lookup key: the Id lower-cased; for ClaimsExchange, prefixed with the journey key. */
  readonly key: string;
  readonly idStart: number;
  readonly idEnd: number;
  readonly start: number;
  readonly end: number;
  /** For ClaimsExchange: the enclosing journey's Id. */
  readonly journey?: string;
  /** For ClaimsExchange: set when the enclosing journey is a SubJourney (its own namespace of Ids). */
  readonly subJourney?: boolean;
  readonly detail?: DefinitionDetail;
}

export interface Reference {
  readonly target: TargetKind;
  readonly value: string;
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /** Where the value sits, for messages: an attribute name, `Item Key="..."`, or an element name. */
  readonly source: string;
  readonly journey?: string;
  /** Set when `journey` is a SubJourney. */
  readonly subJourney?: boolean;
  /** Unresolved values are not reported (see ReferenceRule.lenient). */
  readonly lenient?: boolean;
}

/** A ContentDefinition's DataUri: `at` is the start offset of its ContentDefinition element (the Definition's `start`). */
export interface ContentDataUri {
  readonly at: number;
  readonly value: Span;
}

export interface PolicyFile {
  readonly uri: string;
  /** Document version for open buffers; null for files read from disk. */
  readonly version: number | null;
  readonly isPolicy: boolean;
  readonly lines: LineIndex;
  readonly length: number;
  readonly policyId?: Span;
  readonly tenantId?: Span;
  readonly deploymentMode?: Span;
  readonly basePolicy?: { readonly policyId?: Span; readonly tenantId?: Span; readonly element: ElementRange };
  /** The RelyingParty element: a file that has one is a leaf, a policy that users run. */
  readonly relyingParty?: ElementRange;
  /** The root's PublicPolicyUri attribute. */
  readonly publicPolicyUri?: Span;
  /** The DataUri of each ContentDefinition (under BuildingBlocks/ContentDefinitions) that has one, in document order. */
  readonly contentDataUris?: readonly ContentDataUri[];
  /** The text of RelyingParty/UserJourneyBehaviors/ScriptExecution, when the file's RelyingParty has one. */
  readonly scriptExecution?: Span;
  /** What the RelyingParty element says outside its technical profile. */
  readonly relyingPartyDetail?: { readonly defaultUserJourney?: Span };
  readonly definitions: readonly Definition[];
  /** Sorted by start offset. */
  readonly references: readonly Reference[];
  readonly problems: readonly XmlProblem[];
  readonly defsByKey: ReadonlyMap<string, Definition[]>;
  readonly refsByKey: ReadonlyMap<string, Reference[]>;
}

export function lookupKey(kind: TargetKind, key: string): string {
  return kind + '\u0000' + key;
}

export function idKey(id: string): string {
  return id.toLowerCase();
}

/**
 * The lookup key of a ClaimsExchange: scoped to its journey. UserJourney and SubJourney Ids are separate
 * namespaces, so a SubJourney 'PasswordReset' beside a UserJourney 'PasswordReset' is another scope.
 */
export function exchangeKey(journey: string, id: string, subJourney?: boolean): string {
  return (subJourney ? 'sub:' : '') + journey.toLowerCase() + '/' + id.toLowerCase();
}

function range(el: XmlElement): ElementRange {
  const contentEnd = el.closeStart >= 0 ? el.closeStart : el.end;
  return { start: el.start, end: el.end, contentStart: el.startTagEnd, contentEnd: Math.max(contentEnd, el.startTagEnd) };
}

/**
 * A copy of a substring that no longer points into the file's text. V8 represents substrings of 13 or more
 * characters as views of their parent, so one kept Id would keep the whole file alive in the index; for a
 * workspace of disk files that doubles the heap. Shorter substrings are copies already.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function attrSpan(el: XmlElement, name: string): Span | undefined {
  const a = getAttribute(el, name);
  return a ? { value: detach(decodeEntities(a.value).trim()), start: a.valueStart, end: a.valueEnd } : undefined;
}

function attrValue(el: XmlElement, name: string): string | undefined {
  const v = getAttribute(el, name)?.value;
  return v === undefined ? undefined : detach(v);
}

function textSpan(el: XmlElement, text: string): Span {
  const t = elementText(el, text);
  return t ? { value: detach(decodeEntities(t.value)), start: t.start, end: t.end } : { value: '', start: el.startTagEnd, end: el.startTagEnd };
}

type MutableProfile = { -readonly [K in keyof ProfileInfo]: ProfileInfo[K] };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The claim-flow parts being walked (transformation, display control, validation, precondition), saved per open element. */
interface Scope {
  readonly transformation?: TransformationInfo;
  readonly displayControl?: DisplayControlInfo;
  readonly action?: DisplayControlAction;
  readonly validation?: ValidationInfo;
  readonly precondition?: Mutable<PreconditionInfo>;
}

/** What the summariser remembers about one open element until it closes. */
interface Frame {
  readonly el: XmlElement;
  /** The walk state outside this element, restored when it closes. */
  readonly journey: string | undefined;
  readonly subJourney: boolean;
  readonly profile: MutableProfile | undefined;
  readonly steps: StepInfo[] | undefined;
  readonly step: StepInfo | undefined;
  readonly scope: Scope;
  /** Parts created at this element's open tag whose range is known only when it closes. */
  ranged?: Array<{ element: ElementRange }>;
  /** This element's slot in `definitions` and the parts known at its open tag. */
  definition?: { readonly slot: number; readonly kind: DefinitionKind; readonly id: Span; readonly key: string; readonly journey?: string; readonly subJourney?: boolean; detail?: DefinitionDetail };
  /** For a ClaimType definition: its details, filled as its children close (the last of each wins). */
  claim?: Mutable<ClaimInfo>;
  /** For the first BasePolicy of the root: its first PolicyId and TenantId. */
  base?: { policyId?: Span; tenantId?: Span };
  /** Names of children seen so far, for rules that take the first of their kind. */
  seen?: Set<string>;
  /** Whether this element is the first of its name among its siblings (for those rules). */
  first?: boolean;
}

/** Element names that some reference rule takes only the first of, among siblings. */
const FIRST_ONLY = new Set([...RULE_TABLES.textRules.values(), ...RULE_TABLES.byAttribute.values()].flat().filter((r) => r.firstOnly).map((r) => r.element));

/**
 * Collects definitions, references and details as elements open and close: fed by the parser (no tree needed)
 * or by a walk over a tree. The state of the walk (journey, profile, step) is saved per open element.
 */
class Summariser implements ParseListener {
  readonly definitions: Definition[] = [];
  readonly references: Reference[] = [];
  basePolicy: PolicyFile['basePolicy'];
  relyingParty: ElementRange | undefined;
  readonly contentDataUris: ContentDataUri[] = [];
  scriptExecution: Span | undefined;
  private journey: string | undefined;
  private subJourney = false;
  private profile: MutableProfile | undefined;
  private steps: StepInfo[] | undefined;
  private step: StepInfo | undefined;
  private scope: Scope = {};
  relyingPartyDetail: Mutable<NonNullable<PolicyFile['relyingPartyDetail']>> | undefined;
  private readonly frames: Frame[] = [];
  private baseSeen = false;

  constructor(private readonly text: string) {}

  open(el: XmlElement): void {
    const frame: Frame = { el, journey: this.journey, subJourney: this.subJourney, profile: this.profile, steps: this.steps, step: this.step, scope: this.scope };
    const parentFrame = this.frames[this.frames.length - 1];
    if (parentFrame && FIRST_ONLY.has(el.name)) {
      const seen = (parentFrame.seen ??= new Set());
      frame.first = !seen.has(el.name);
      seen.add(el.name);
    }
    this.frames.push(frame);
    const parentName = el.parent?.name ?? '';
    this.definition(el, parentName, frame);
    for (const a of el.attributes) {
      const rules = RULE_TABLES.byAttribute.get(a.name);
      // The source names come from the rule tables (constants), not from the text: see detach().
      if (rules) for (const rule of rules) if (this.applies(rule, el, parentName, frame)) this.addReference(rule, attrSpan(el, a.name)!, sourceName(rule, a.name));
    }
    if (this.profile) this.profileOpen(el, parentName, frame);
    if (this.steps && el.name === 'OrchestrationStep') this.orchestrationStep(el);
    this.flowOpen(el, parentName, frame);
    if (el.name === 'BasePolicy' && !this.baseSeen && el.parent && !el.parent.parent) {
      this.baseSeen = true;
      frame.base = {};
    }
  }

  close(el: XmlElement): void {
    const frame = this.frames.pop()!;
    const parentFrame = this.frames[this.frames.length - 1];
    const parentName = el.parent?.name ?? '';
    const textRules = RULE_TABLES.textRules.get(el.name);
    if (textRules) for (const rule of textRules) if (this.applies(rule, el, parentName, frame)) this.addReference(rule, textSpan(el, this.text), sourceName(rule, el.name));
    if (el.name === 'Item' && parentName === 'Metadata') this.metadataItem(el);
    if (this.profile) this.profileClose(el, parentName);
    this.flowClose(el, parentName, frame);
    if (frame.ranged) for (const r of frame.ranged) r.element = range(el);
    if (this.step && el.name === 'OrchestrationStep' && frame.step !== this.step) (this.step as Mutable<StepInfo>).element = range(el);
    if (parentFrame?.claim) this.claimPart(el, parentFrame.claim);
    if (parentFrame?.base && (el.name === 'PolicyId' || el.name === 'TenantId')) {
      const key = el.name === 'PolicyId' ? 'policyId' : 'tenantId';
      parentFrame.base[key] ??= textSpan(el, this.text);
    }
    if (frame.base) this.basePolicy = { element: range(el), policyId: frame.base.policyId, tenantId: frame.base.tenantId };
    if (el.name === 'RelyingParty' && !this.relyingParty && el.parent && !el.parent.parent) this.relyingParty = range(el);
    if (el.name === 'DataUri' && parentName === 'ContentDefinition' && el.parent!.parent?.name === 'ContentDefinitions') {
      this.contentDataUris.push({ at: el.parent!.start, value: textSpan(el, this.text) });
    }
    if (el.name === 'ScriptExecution' && parentName === 'UserJourneyBehaviors' && !this.scriptExecution) {
      const rp = el.parent!.parent;
      if (rp?.name === 'RelyingParty' && rp.parent && !rp.parent.parent) this.scriptExecution = textSpan(el, this.text);
    }
    const d = frame.definition;
    if (d) {
      const detail = frame.claim ? { ...frame.claim } : d.detail;
      this.definitions[d.slot] = { kind: d.kind, id: d.id.value, key: d.key, idStart: d.id.start, idEnd: d.id.end, start: el.start, end: el.end, journey: d.journey, subJourney: d.subJourney, detail };
    }
    this.journey = frame.journey;
    this.subJourney = frame.subJourney;
    this.profile = frame.profile;
    this.steps = frame.steps;
    this.step = frame.step;
    this.scope = frame.scope;
  }

  /** Claim-flow parts at an open tag: preconditions, display-control actions, sub journeys, the relying party's journey. */
  private flowOpen(el: XmlElement, parentName: string, frame: Frame): void {
    const grand = el.parent?.parent?.name;
    if (el.name === 'Precondition' && parentName === 'Preconditions') {
      const p: Mutable<PreconditionInfo> = { type: attrSpan(el, 'Type'), executeActionsIf: attrSpan(el, 'ExecuteActionsIf'), values: [], element: range(el) };
      if (grand === 'OrchestrationStep' && this.step) this.step.preconditions.push(p);
      else if (this.scope.validation && (grand === 'ValidationTechnicalProfile' || grand === 'ValidationClaimsExchangeTechnicalProfile')) this.scope.validation.preconditions.push(p);
      else return;
      (frame.ranged ??= []).push(p);
      this.scope = { ...this.scope, precondition: p };
      return;
    }
    const dc = this.scope.displayControl;
    if (dc && el.name === 'Action' && parentName === 'Actions' && grand === 'DisplayControl') {
      const a: DisplayControlAction = { id: attrSpan(el, 'Id'), profiles: [], element: range(el) };
      dc.actions.push(a);
      (frame.ranged ??= []).push(a as Mutable<DisplayControlAction>);
      this.scope = { ...this.scope, action: a };
      return;
    }
    if (this.scope.action && el.name === 'ValidationClaimsExchangeTechnicalProfile') {
      const id = attrSpan(el, 'TechnicalProfileReferenceId');
      if (!id) return;
      const v = validationOf(el, id);
      this.scope.action.profiles.push(v);
      (frame.ranged ??= []).push(v as Mutable<ValidationInfo>);
      this.scope = { ...this.scope, validation: v };
      return;
    }
    if (this.step && el.name === 'Candidate' && parentName === 'JourneyList') pushSpan(this.step.subJourneys, attrSpan(el, 'SubJourneyReferenceId'));
    if (el.name === 'DefaultUserJourney' && parentName === 'RelyingParty' && !el.parent?.parent?.parent) {
      this.relyingPartyDetail ??= {};
      this.relyingPartyDetail.defaultUserJourney ??= attrSpan(el, 'ReferenceId');
    }
  }

  /** Claim-flow parts that need the element's end: precondition values, step exchanges, transformation and display-control claims. */
  private flowClose(el: XmlElement, parentName: string, frame: Frame): void {
    const grand = el.parent?.parent?.name;
    const pre = frame.scope.precondition;
    if (pre && parentName === 'Precondition') {
      if (el.name === 'Value') pre.values.push(textSpan(el, this.text));
      else if (el.name === 'Action') pre.action = textSpan(el, this.text);
      return;
    }
    if (this.step && grand === 'OrchestrationStep') {
      if (el.name === 'ClaimsExchange' && parentName === 'ClaimsExchanges') {
        const id = attrSpan(el, 'Id');
        if (id) this.step.claimsExchanges.push({ id, profile: attrSpan(el, 'TechnicalProfileReferenceId'), element: range(el) });
      } else if (el.name === 'ClaimsProviderSelection' && parentName === 'ClaimsProviderSelections') {
        this.step.providerSelections.push({ target: attrSpan(el, 'TargetClaimsExchangeId'), validation: attrSpan(el, 'ValidationClaimsExchangeId'), element: range(el) });
      }
      return;
    }
    const t = this.scope.transformation;
    if (t && grand === 'ClaimsTransformation') {
      if (el.name === 'InputClaim' && parentName === 'InputClaims') pushTransformationClaim(t.inputClaims, el);
      else if (el.name === 'OutputClaim' && parentName === 'OutputClaims') pushTransformationClaim(t.outputClaims, el);
      else if (el.name === 'InputParameter' && parentName === 'InputParameters') {
        t.inputParameters.push({ id: attrSpan(el, 'Id'), dataType: attrValue(el, 'DataType'), value: attrValue(el, 'Value'), element: range(el) });
      }
      return;
    }
    const dc = this.scope.displayControl;
    if (dc && grand === 'DisplayControl') {
      if (el.name === 'InputClaim' && parentName === 'InputClaims') this.claimUse(el, dc.inputClaims);
      else if (el.name === 'DisplayClaim' && parentName === 'DisplayClaims') this.claimUse(el, dc.displayClaims);
      else if (el.name === 'OutputClaim' && parentName === 'OutputClaims') this.claimUse(el, dc.outputClaims);
    }
  }

  private applies(rule: ReferenceRule, el: XmlElement, parentName: string, frame: Frame): boolean {
    if (rule.element !== '*' && rule.element !== el.name) return false;
    if (rule.parents && !rule.parents.includes(parentName)) return false;
    if (rule.when) {
      const holder = rule.when.on === 'self' ? el : el.parent;
      const v = holder && getAttribute(holder, rule.when.attribute)?.value;
      if (v === undefined || !rule.when.values.includes(v)) return false;
    }
    if (rule.firstOnly && el.parent && frame.first === false) return false;
    return true;
  }

  private addReference(rule: ReferenceRule, span: Span, source: string): void {
    const journey = rule.journeyScoped ? this.journey : undefined;
    if (rule.journeyScoped && journey === undefined) return;
    const subJourney = journey !== undefined && this.subJourney ? true : undefined;
    const key = journey !== undefined ? exchangeKey(journey, span.value, subJourney) : idKey(span.value);
    this.references.push({ target: rule.target, value: span.value, key, start: span.start, end: span.end, source, journey, subJourney, lenient: rule.lenient });
    if (this.step && rule.target === 'ClaimsExchange') this.step.selections.push(span);
  }

  private definition(el: XmlElement, parentName: string, frame: Frame): void {
    const rule = RULE_TABLES.definitions.get(el.name);
    if (!rule || !rule.parents.includes(parentName)) return;
    const id = attrSpan(el, 'Id');
    if (!id) return;
    let detail: DefinitionDetail | undefined;
    let journey: string | undefined;
    if (rule.kind === 'TechnicalProfile') detail = this.profile = newProfile();
    else if (rule.kind === 'ClaimsTransformation') {
      const t: TransformationInfo = { type: 'transformation', method: attrSpan(el, 'TransformationMethod'), inputClaims: [], inputParameters: [], outputClaims: [] };
      detail = t;
      this.scope = { ...this.scope, transformation: t };
    } else if (rule.kind === 'DisplayControl') {
      const c: DisplayControlInfo = { type: 'displayControl', controlType: attrSpan(el, 'UserInterfaceControlType'), inputClaims: [], displayClaims: [], outputClaims: [], actions: [] };
      detail = c;
      this.scope = { ...this.scope, displayControl: c };
    }
    else if (rule.kind === 'ClaimType') frame.claim = { type: 'claim', dataType: undefined, displayName: undefined, userInputType: undefined };
    else if (rule.kind === 'UserJourney' || rule.kind === 'SubJourney') {
      this.journey = id.value;
      this.subJourney = rule.kind === 'SubJourney';
      this.steps = [];
      detail = { type: 'journey', steps: this.steps, journeyType: rule.kind === 'SubJourney' ? attrSpan(el, 'Type') : undefined };
    } else if (rule.kind === 'ClaimsExchange') {
      journey = this.journey;
      if (journey === undefined) return;
      this.step?.exchanges.push(id);
    }
    const subJourney = journey !== undefined && this.subJourney ? true : undefined;
    const key = journey !== undefined ? exchangeKey(journey, id.value, subJourney) : idKey(id.value);
    // The slot keeps definitions in document order; the entry is written when the element closes (its end is known then).
    frame.definition = { slot: this.definitions.length, kind: rule.kind, id, key, journey, subJourney, detail };
    // A placeholder, not a hole (a holey array is slower to fill and to read).
    this.definitions.push(undefined as unknown as Definition);
  }

  private claimPart(el: XmlElement, claim: Mutable<ClaimInfo>): void {
    if (el.name === 'DataType') claim.dataType = textSpan(el, this.text);
    else if (el.name === 'DisplayName') claim.displayName = textSpan(el, this.text).value;
    else if (el.name === 'UserInputType') claim.userInputType = textSpan(el, this.text);
  }

  private metadataItem(el: XmlElement): void {
    const key = attrSpan(el, 'Key');
    if (!key) return;
    const rule = RULE_TABLES.byMetadataKey.get(key.value);
    const value = textSpan(el, this.text);
    if (rule && value.value) this.addReference(rule, value, detach(`Item Key="${key.value}"`));
    const p = this.profile;
    if (p && el.parent?.parent && RULE_TABLES.definitions.get(el.parent.parent.name)?.kind === 'TechnicalProfile') {
      p.metadata.push({ key, value, element: range(el) });
    }
  }

  /** The parts of the technical profile being walked that its open tag gives. */
  private profileOpen(el: XmlElement, parentName: string, frame: Frame): void {
    const p = this.profile!;
    if (parentName === 'TechnicalProfile' && inProfileParent(el.parent!)) {
      switch (el.name) {
        case 'Protocol':
          p.protocolName = attrSpan(el, 'Name');
          p.protocolHandler = attrSpan(el, 'Handler');
          return;
        case 'IncludeTechnicalProfile': pushSpan(p.includes, attrSpan(el, 'ReferenceId')); return;
        case 'UseTechnicalProfileForSessionManagement': p.sessionManagement = attrSpan(el, 'ReferenceId'); return;
        case 'SubjectNamingInfo': p.subjectNamingInfo = attrSpan(el, 'ClaimType'); return;
      }
      return;
    }
    const holder = el.parent?.parent;
    if (!holder || holder.name !== 'TechnicalProfile' || !inProfileParent(holder)) return;
    if (el.name === 'ValidationTechnicalProfile') {
      const id = attrSpan(el, 'ReferenceId');
      pushSpan(p.validationProfiles, id);
      if (!id) return;
      const v = validationOf(el, id);
      p.validations.push(v);
      (frame.ranged ??= []).push(v as Mutable<ValidationInfo>);
      this.scope = { ...this.scope, validation: v };
    } else if (el.name === 'InputClaimsTransformation' && parentName === 'InputClaimsTransformations') pushSpan(p.inputTransformations, attrSpan(el, 'ReferenceId'));
    else if (el.name === 'OutputClaimsTransformation' && parentName === 'OutputClaimsTransformations') pushSpan(p.outputTransformations, attrSpan(el, 'ReferenceId'));
    else if (el.name === 'DisplayClaim' && parentName === 'DisplayClaims') pushSpan(p.displayControls, attrSpan(el, 'DisplayControlReferenceId'));
  }

  /** The parts of the technical profile being walked that need the element's end (text, ranges). */
  private profileClose(el: XmlElement, parentName: string): void {
    const p = this.profile!;
    if (parentName === 'TechnicalProfile' && inProfileParent(el.parent!)) {
      switch (el.name) {
        case 'OutputTokenFormat': p.outputTokenFormat = textSpan(el, this.text); return;
        case 'DisplayName': p.displayName = textSpan(el, this.text).value; return;
        case 'EnabledForUserJourneys': p.enabledForUserJourneys = textSpan(el, this.text); return;
        case 'Metadata': p.metadataElement = range(el); return;
        case 'CryptographicKeys': p.keysElement = range(el); return;
      }
      return;
    }
    const holder = el.parent?.parent;
    if (!holder || holder.name !== 'TechnicalProfile' || !inProfileParent(holder)) return;
    if (el.name === 'Key' && parentName === 'CryptographicKeys') {
      p.keys.push({ id: attrSpan(el, 'Id'), storageReferenceId: attrSpan(el, 'StorageReferenceId'), element: range(el) });
    } else if (el.name !== 'ValidationTechnicalProfile') {
      const list = CLAIM_LISTS[parentName + '/' + el.name];
      if (list) this.claimUse(el, p[list]);
    }
  }

  private claimUse(el: XmlElement, list: ClaimUse[]): void {
    const id = attrSpan(el, 'ClaimTypeReferenceId');
    if (!id) return;
    const always = attrValue(el, 'AlwaysUseDefaultValue')?.trim().toLowerCase() === 'true' ? true : undefined;
    list.push({ id, partnerClaimType: attrValue(el, 'PartnerClaimType'), defaultValue: attrValue(el, 'DefaultValue'), alwaysUseDefaultValue: always, element: range(el) });
  }

  private orchestrationStep(el: XmlElement): void {
    // The element range is set when the step closes.
    this.step = {
      order: attrSpan(el, 'Order'), stepType: attrSpan(el, 'Type'), element: range(el), exchanges: [], selections: [], claimsExchanges: [],
      providerSelections: [], preconditions: [], subJourneys: [],
      cpimIssuer: attrSpan(el, 'CpimIssuerTechnicalProfileReferenceId'), contentDefinition: attrSpan(el, 'ContentDefinitionReferenceId'),
    };
    this.steps!.push(this.step);
  }
}

/** The attribute or element name a reference rule reads, as the table spells it (equal to `fromText`). */
function sourceName(rule: ReferenceRule, fromText: string): string {
  if (rule.source.type === 'attribute') return rule.source.name;
  return rule.element !== '*' ? rule.element : detach(fromText);
}

const CLAIM_LISTS: Record<string, 'inputClaims' | 'outputClaims' | 'persistedClaims' | 'displayClaims'> = {
  'InputClaims/InputClaim': 'inputClaims',
  'OutputClaims/OutputClaim': 'outputClaims',
  'PersistedClaims/PersistedClaim': 'persistedClaims',
  'DisplayClaims/DisplayClaim': 'displayClaims',
};

function inProfileParent(profile: XmlElement): boolean {
  const n = profile.parent?.name;
  return n === 'TechnicalProfiles' || n === 'RelyingParty';
}

function pushSpan(list: Span[], span: Span | undefined): void {
  if (span) list.push(span);
}

function newProfile(): MutableProfile {
  return {
    type: 'profile', metadata: [], keys: [], inputClaims: [], outputClaims: [], persistedClaims: [], displayClaims: [], includes: [], validationProfiles: [],
    validations: [], inputTransformations: [], outputTransformations: [], displayControls: [],
  };
}

function validationOf(el: XmlElement, id: Span): ValidationInfo {
  return {
    id, continueOnError: attrValue(el, 'ContinueOnError')?.trim().toLowerCase() === 'true' ? true : undefined,
    continueOnSuccess: attrSpan(el, 'ContinueOnSuccess'), preconditions: [], element: range(el),
  };
}

function pushTransformationClaim(list: TransformationClaim[], el: XmlElement): void {
  const id = attrSpan(el, 'ClaimTypeReferenceId');
  if (id) list.push({ id, transformationClaimType: attrValue(el, 'TransformationClaimType'), element: range(el) });
}

function groupBy<T extends { key: string }>(items: readonly T[], kindOf: (t: T) => TargetKind): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = lookupKey(kindOf(item), item.key);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Summarises already-parsed XML (a walk over its tree feeds the same summariser as the parser does). */
export function summarize(uri: string, version: number | null, xml: XmlDocument): PolicyFile {
  const s = new Summariser(xml.text);
  if (xml.root && isPolicyRoot(xml.root)) walk(xml.root, s);
  return finish(uri, version, xml, s);
}

function walk(el: XmlElement, listener: ParseListener): void {
  listener.open(el);
  for (const child of el.children) walk(child, listener);
  listener.close(el);
}

function isPolicyRoot(root: XmlElement): boolean {
  return localName(root.name) === 'TrustFrameworkPolicy';
}

function finish(uri: string, version: number | null, xml: XmlDocument, s: Summariser): PolicyFile {
  const text = xml.text;
  const root = xml.root;
  const lines = LineIndex.of(text);
  if (!root || !isPolicyRoot(root)) {
    return { uri, version, isPolicy: false, lines, length: text.length, definitions: [], references: [], problems: xml.problems, defsByKey: new Map(), refsByKey: new Map() };
  }
  const references = s.references.sort((a, b) => a.start - b.start);
  const definitions = s.definitions;
  // The lookup maps are built when first read: most disk files of a large workspace are never looked into.
  let defsByKey: Map<string, Definition[]> | undefined;
  let refsByKey: Map<string, Reference[]> | undefined;
  return {
    uri, version, isPolicy: true, lines, length: text.length,
    policyId: attrSpan(root, 'PolicyId'),
    tenantId: attrSpan(root, 'TenantId'),
    deploymentMode: attrSpan(root, 'DeploymentMode'),
    basePolicy: s.basePolicy,
    relyingParty: s.relyingParty,
    publicPolicyUri: attrSpan(root, 'PublicPolicyUri'),
    contentDataUris: s.contentDataUris,
    scriptExecution: s.scriptExecution,
    relyingPartyDetail: s.relyingPartyDetail,
    definitions,
    references,
    problems: xml.problems,
    get defsByKey() { return (defsByKey ??= groupBy(definitions, (d) => d.kind)); },
    get refsByKey() { return (refsByKey ??= groupBy(references, (r) => r.target)); },
  };
}

/** Parses and summarises text in one pass (the summary is built from the parser's events), keeping the tree. */
export function parsePolicy(uri: string, version: number | null, text: string): { xml: XmlDocument; file: PolicyFile } {
  const s = new Summariser(text);
  const xml = parseXml(text, { listener: s });
  return { xml, file: finish(uri, version, xml, s) };
}

/**
 * The summary of a text without keeping its tree: for files read from disk, whose trees only validation needs
 * (and it parses again). Equal to parsePolicy's file.
 */
export function summarizeText(uri: string, version: number | null, text: string): PolicyFile {
  const s = new Summariser(text);
  const xml = parseXml(text, { listener: s, tree: false });
  return finish(uri, version, xml, s);
}
