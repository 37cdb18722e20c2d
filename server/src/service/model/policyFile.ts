/**
 * The immutable per-file summary the index stores: what a policy file is, defines and references.
 * Built in one walk over the tolerant parse tree; never throws.
 */
import { XmlDocument, XmlElement, XmlProblem, decodeEntities, elementText, getAttribute, localName, parseXml } from '../xml/parser';
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
  readonly element: ElementRange;
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
}

export interface JourneyInfo {
  readonly type: 'journey';
  readonly steps: StepInfo[];
  readonly stepsElement?: ElementRange;
}

export type DefinitionDetail = ProfileInfo | ClaimInfo | JourneyInfo;

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

/** Walks the tree once, collecting definitions, references and details. */
class Summariser {
  readonly definitions: Definition[] = [];
  readonly references: Reference[] = [];
  private journey: string | undefined;
  private subJourney = false;
  private profile: MutableProfile | undefined;
  private steps: StepInfo[] | undefined;
  private step: StepInfo | undefined;

  constructor(private readonly text: string) {}

  visit(el: XmlElement): void {
    const { journey, subJourney, profile, steps, step } = this;
    this.enter(el);
    for (const child of el.children) this.visit(child);
    this.journey = journey;
    this.subJourney = subJourney;
    this.profile = profile;
    this.steps = steps;
    this.step = step;
  }

  private enter(el: XmlElement): void {
    const parentName = el.parent?.name ?? '';
    this.definition(el, parentName);
    for (const a of el.attributes) {
      const rules = RULE_TABLES.byAttribute.get(a.name);
      // The source names come from the rule tables (constants), not from the text: see detach().
      if (rules) for (const rule of rules) if (this.applies(rule, el, parentName)) this.addReference(rule, attrSpan(el, a.name)!, sourceName(rule, a.name));
    }
    const textRules = RULE_TABLES.textRules.get(el.name);
    if (textRules) for (const rule of textRules) if (this.applies(rule, el, parentName)) this.addReference(rule, textSpan(el, this.text), sourceName(rule, el.name));
    if (el.name === 'Item' && parentName === 'Metadata') this.metadataItem(el);
    if (this.profile) this.profilePart(el, parentName);
    if (this.steps && el.name === 'OrchestrationStep') this.orchestrationStep(el);
  }

  private applies(rule: ReferenceRule, el: XmlElement, parentName: string): boolean {
    if (rule.element !== '*' && rule.element !== el.name) return false;
    if (rule.parents && !rule.parents.includes(parentName)) return false;
    if (rule.when) {
      const holder = rule.when.on === 'self' ? el : el.parent;
      const v = holder && getAttribute(holder, rule.when.attribute)?.value;
      if (v === undefined || !rule.when.values.includes(v)) return false;
    }
    if (rule.firstOnly && el.parent && el.parent.children.find((c) => c.name === el.name) !== el) return false;
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

  private definition(el: XmlElement, parentName: string): void {
    const rule = RULE_TABLES.definitions.get(el.name);
    if (!rule || !rule.parents.includes(parentName)) return;
    const id = attrSpan(el, 'Id');
    if (!id) return;
    let detail: DefinitionDetail | undefined;
    let journey: string | undefined;
    if (rule.kind === 'TechnicalProfile') detail = this.profile = newProfile();
    else if (rule.kind === 'ClaimType') detail = this.claim(el);
    else if (rule.kind === 'UserJourney' || rule.kind === 'SubJourney') {
      this.journey = id.value;
      this.subJourney = rule.kind === 'SubJourney';
      this.steps = [];
      detail = { type: 'journey', steps: this.steps };
    } else if (rule.kind === 'ClaimsExchange') {
      journey = this.journey;
      if (journey === undefined) return;
      this.step?.exchanges.push(id);
    }
    const subJourney = journey !== undefined && this.subJourney ? true : undefined;
    const key = journey !== undefined ? exchangeKey(journey, id.value, subJourney) : idKey(id.value);
    this.definitions.push({ kind: rule.kind, id: id.value, key, idStart: id.start, idEnd: id.end, start: el.start, end: el.end, journey, subJourney, detail });
  }

  private claim(el: XmlElement): ClaimInfo {
    let dataType: Span | undefined, displayName: string | undefined, userInputType: Span | undefined;
    for (const c of el.children) {
      if (c.name === 'DataType') dataType = textSpan(c, this.text);
      else if (c.name === 'DisplayName') displayName = textSpan(c, this.text).value;
      else if (c.name === 'UserInputType') userInputType = textSpan(c, this.text);
    }
    return { type: 'claim', dataType, displayName, userInputType };
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

  /** Records the parts of the technical profile being walked that features and rules need. */
  private profilePart(el: XmlElement, parentName: string): void {
    const p = this.profile!;
    const grand = el.parent?.parent?.name;
    const inProfile = grand === 'TechnicalProfiles' || grand === 'RelyingParty';
    if (parentName === 'TechnicalProfile' && inProfile) {
      switch (el.name) {
        case 'Protocol':
          p.protocolName = attrSpan(el, 'Name');
          p.protocolHandler = attrSpan(el, 'Handler');
          return;
        case 'OutputTokenFormat': p.outputTokenFormat = textSpan(el, this.text); return;
        case 'DisplayName': p.displayName = textSpan(el, this.text).value; return;
        case 'Metadata': p.metadataElement = range(el); return;
        case 'CryptographicKeys': p.keysElement = range(el); return;
        case 'IncludeTechnicalProfile': pushSpan(p.includes, attrSpan(el, 'ReferenceId')); return;
        case 'UseTechnicalProfileForSessionManagement': p.sessionManagement = attrSpan(el, 'ReferenceId'); return;
      }
      return;
    }
    const holder = el.parent?.parent;
    if (!holder || holder.name !== 'TechnicalProfile' || !inProfileParent(holder)) return;
    if (el.name === 'Key' && parentName === 'CryptographicKeys') {
      p.keys.push({ id: attrSpan(el, 'Id'), storageReferenceId: attrSpan(el, 'StorageReferenceId'), element: range(el) });
    } else if (el.name === 'ValidationTechnicalProfile') {
      pushSpan(p.validationProfiles, attrSpan(el, 'ReferenceId'));
    } else {
      const list = CLAIM_LISTS[parentName + '/' + el.name];
      if (list) this.claimUse(el, p[list]);
    }
  }

  private claimUse(el: XmlElement, list: ClaimUse[]): void {
    const id = attrSpan(el, 'ClaimTypeReferenceId');
    if (!id) return;
    list.push({ id, partnerClaimType: attrValue(el, 'PartnerClaimType'), defaultValue: attrValue(el, 'DefaultValue'), element: range(el) });
  }

  private orchestrationStep(el: XmlElement): void {
    this.step = { order: attrSpan(el, 'Order'), stepType: attrSpan(el, 'Type'), element: range(el), exchanges: [], selections: [] };
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
  return { type: 'profile', metadata: [], keys: [], inputClaims: [], outputClaims: [], persistedClaims: [], displayClaims: [], includes: [], validationProfiles: [] };
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

/** Summarises already-parsed XML. */
export function summarize(uri: string, version: number | null, xml: XmlDocument): PolicyFile {
  const text = xml.text;
  const root = xml.root;
  const lines = LineIndex.of(text);
  const isPolicy = !!root && localName(root.name) === 'TrustFrameworkPolicy';
  if (!root || !isPolicy) {
    return { uri, version, isPolicy: false, lines, length: text.length, definitions: [], references: [], problems: xml.problems, defsByKey: new Map(), refsByKey: new Map() };
  }
  const s = new Summariser(text);
  s.visit(root);
  const references = s.references.sort((a, b) => a.start - b.start);
  const baseEl = root.children.find((c) => c.name === 'BasePolicy');
  const rpEl = root.children.find((c) => c.name === 'RelyingParty');
  const basePolicy = baseEl && {
    element: range(baseEl),
    policyId: spanOfChild(baseEl, 'PolicyId', text),
    tenantId: spanOfChild(baseEl, 'TenantId', text),
  };
  const definitions = s.definitions;
  // The lookup maps are built when first read: most disk files of a large workspace are never looked into.
  let defsByKey: Map<string, Definition[]> | undefined;
  let refsByKey: Map<string, Reference[]> | undefined;
  return {
    uri, version, isPolicy, lines, length: text.length,
    policyId: attrSpan(root, 'PolicyId'),
    tenantId: attrSpan(root, 'TenantId'),
    deploymentMode: attrSpan(root, 'DeploymentMode'),
    basePolicy,
    relyingParty: rpEl && range(rpEl),
    definitions,
    references,
    problems: xml.problems,
    get defsByKey() { return (defsByKey ??= groupBy(definitions, (d) => d.kind)); },
    get refsByKey() { return (refsByKey ??= groupBy(references, (r) => r.target)); },
  };
}

function spanOfChild(el: XmlElement, name: string, text: string): Span | undefined {
  const c = el.children.find((x) => x.name === name);
  return c ? textSpan(c, text) : undefined;
}

/** Parses and summarises text in one go. */
export function parsePolicy(uri: string, version: number | null, text: string): { xml: XmlDocument; file: PolicyFile } {
  const xml = parseXml(text);
  return { xml, file: summarize(uri, version, xml) };
}
