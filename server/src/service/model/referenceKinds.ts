/**
 * What a policy defines and what it references, as data. The summariser walks every element once and
 * consults these tables; nothing else in the code base decides what counts as a definition or a reference.
 */

export type DefinitionKind =
  | 'ClaimType'
  | 'TechnicalProfile'
  | 'ClaimsTransformation'
  | 'ContentDefinition'
  | 'Predicate'
  | 'PredicateValidation'
  | 'DisplayControl'
  | 'LocalizedResources'
  | 'UserJourney'
  | 'SubJourney'
  | 'ClaimsExchange'
  | 'ClientDefinition';

/** Targets of references: the definitions above, plus policy keys (only ever referenced) and policies. */
export type TargetKind = DefinitionKind | 'PolicyKey' | 'Policy';

export interface DefinitionRule {
  readonly element: string;
  /** The element's parent must have one of these names. */
  readonly parents: readonly string[];
  readonly kind: DefinitionKind;
}

/** Elements whose `Id` attribute defines something. */
export const DEFINITION_RULES: readonly DefinitionRule[] = [
  { element: 'ClaimType', parents: ['ClaimsSchema'], kind: 'ClaimType' },
  { element: 'TechnicalProfile', parents: ['TechnicalProfiles', 'RelyingParty'], kind: 'TechnicalProfile' },
  { element: 'ClaimsTransformation', parents: ['ClaimsTransformations'], kind: 'ClaimsTransformation' },
  { element: 'ContentDefinition', parents: ['ContentDefinitions'], kind: 'ContentDefinition' },
  { element: 'Predicate', parents: ['Predicates'], kind: 'Predicate' },
  { element: 'PredicateValidation', parents: ['PredicateValidations'], kind: 'PredicateValidation' },
  { element: 'DisplayControl', parents: ['DisplayControls'], kind: 'DisplayControl' },
  { element: 'LocalizedResources', parents: ['Localization'], kind: 'LocalizedResources' },
  { element: 'UserJourney', parents: ['UserJourneys'], kind: 'UserJourney' },
  { element: 'SubJourney', parents: ['SubJourneys'], kind: 'SubJourney' },
  { element: 'ClaimsExchange', parents: ['ClaimsExchanges'], kind: 'ClaimsExchange' },
  { element: 'ClientDefinition', parents: ['ClientDefinitions'], kind: 'ClientDefinition' },
];

/** Where the referencing value lives. */
export type ReferenceSource =
  | { readonly type: 'attribute'; readonly name: string }
  | { readonly type: 'text' }
  /** The text of `<Item Key="name">` inside `<Metadata>`. */
  | { readonly type: 'metadata'; readonly key: string };

export interface ReferenceRule {
  /** Element name, or '*' for any element. */
  readonly element: string;
  readonly parents?: readonly string[];
  readonly source: ReferenceSource;
  readonly target: TargetKind;
  /** Only when an attribute of the element (or of its parent) has one of these values. */
  readonly when?: { readonly on: 'self' | 'parent'; readonly attribute: string; readonly values: readonly string[] };
  /** Only the first element of that name under its parent. */
  readonly firstOnly?: boolean;
  /** Resolved among the ClaimsExchanges of the enclosing journey. */
  readonly journeyScoped?: boolean;
  /**
   * Navigation only: B2C does not reject an unresolved value here (the starter pack's SocialAccounts
   * localization names claims its base never defines, and it deploys), so no diagnostic is reported.
   */
  readonly lenient?: boolean;
}

const attribute = (name: string): ReferenceSource => ({ type: 'attribute', name });
const metadata = (key: string): ReferenceSource => ({ type: 'metadata', key });

/** Every reference attribute or value the index knows. PartnerClaimType and TransformationClaimType are deliberately absent. */
export const REFERENCE_RULES: readonly ReferenceRule[] = [
  { element: '*', source: attribute('ClaimTypeReferenceId'), target: 'ClaimType' },
  // SubjectNamingInfo names the claim that becomes the token's subject, by the PartnerClaimType it is sent
  // as (Woodgrove's relying parties say ClaimType="sub" with no ClaimType 'sub' defined, and deploy), or by
  // a claim type Id: navigation only, never an unresolved reference.
  { element: 'SubjectNamingInfo', lenient: true, source: attribute('ClaimType'), target: 'ClaimType' },
  { element: 'Value', parents: ['Precondition'], source: { type: 'text' }, target: 'ClaimType', firstOnly: true,
    when: { on: 'parent', attribute: 'Type', values: ['ClaimsExist', 'ClaimEquals'] } },
  { element: 'Item', source: metadata('UseClaimAsBearerToken'), target: 'ClaimType' },
  { element: 'Item', source: metadata('ClaimUsedForRequestPayload'), target: 'ClaimType' },
  { element: 'Item', source: metadata('ClaimTypeOnWhichToEnable'), target: 'ClaimType' },
  // The starter pack names 'IpAddress' here without defining it, and deploys: navigation only.
  { element: 'Item', lenient: true, source: metadata('IpAddressClaimReferenceId'), target: 'ClaimType' },
  { element: 'Item', source: metadata('issuer_refresh_token_user_identity_claim_type'), target: 'ClaimType' },
  { element: 'Item', source: metadata('RefreshTokenUserJourneyId'), target: 'UserJourney' },
  { element: 'LocalizedString', lenient: true, source: attribute('ElementId'), target: 'ClaimType', when: { on: 'self', attribute: 'ElementType', values: ['ClaimType'] } },
  { element: 'LocalizedCollection', lenient: true, source: attribute('ElementId'), target: 'ClaimType', when: { on: 'self', attribute: 'ElementType', values: ['ClaimType'] } },
  { element: 'LocalizedString', lenient: true, source: attribute('ElementId'), target: 'DisplayControl', when: { on: 'self', attribute: 'ElementType', values: ['DisplayControl'] } },
  { element: 'LocalizedString', lenient: true, source: attribute('ElementId'), target: 'Predicate', when: { on: 'self', attribute: 'ElementType', values: ['Predicate'] } },

  { element: 'InputClaimsTransformation', source: attribute('ReferenceId'), target: 'ClaimsTransformation' },
  { element: 'OutputClaimsTransformation', source: attribute('ReferenceId'), target: 'ClaimsTransformation' },
  { element: 'ValidationTechnicalProfile', source: attribute('ReferenceId'), target: 'TechnicalProfile' },
  { element: 'UseTechnicalProfileForSessionManagement', source: attribute('ReferenceId'), target: 'TechnicalProfile' },
  { element: 'IncludeTechnicalProfile', source: attribute('ReferenceId'), target: 'TechnicalProfile' },
  { element: 'DefaultUserJourney', source: attribute('ReferenceId'), target: 'UserJourney' },
  { element: 'ClientDefinition', source: attribute('ReferenceId'), target: 'ClientDefinition' },
  { element: '*', source: attribute('TechnicalProfileReferenceId'), target: 'TechnicalProfile' },
  { element: '*', source: attribute('CpimIssuerTechnicalProfileReferenceId'), target: 'TechnicalProfile' },
  { element: '*', source: attribute('DefaultCpimIssuerTechnicalProfileReferenceId'), target: 'TechnicalProfile' },
  { element: '*', source: attribute('TargetClaimsExchangeId'), target: 'ClaimsExchange', journeyScoped: true },
  { element: '*', source: attribute('ValidationClaimsExchangeId'), target: 'ClaimsExchange', journeyScoped: true },
  { element: '*', source: attribute('ContentDefinitionReferenceId'), target: 'ContentDefinition' },
  { element: 'Item', source: metadata('ContentDefinitionReferenceId'), target: 'ContentDefinition' },
  { element: '*', source: attribute('SubJourneyReferenceId'), target: 'SubJourney' },
  { element: '*', source: attribute('UserJourneyReferenceId'), target: 'UserJourney' },
  { element: '*', source: attribute('DisplayControlReferenceId'), target: 'DisplayControl' },
  { element: 'PredicateValidationReference', source: attribute('Id'), target: 'PredicateValidation' },
  { element: 'PredicateReference', source: attribute('Id'), target: 'Predicate' },
  { element: '*', source: attribute('LocalizedResourcesReferenceId'), target: 'LocalizedResources' },
  { element: 'Key', source: attribute('StorageReferenceId'), target: 'PolicyKey' },
  { element: 'PolicyId', parents: ['BasePolicy'], source: { type: 'text' }, target: 'Policy' },
];

/** Human names for kinds, used in hover, completion details and messages. */
export const KIND_LABELS: Readonly<Record<TargetKind, string>> = {
  ClaimType: 'claim type',
  TechnicalProfile: 'technical profile',
  ClaimsTransformation: 'claims transformation',
  ContentDefinition: 'content definition',
  Predicate: 'predicate',
  PredicateValidation: 'predicate validation',
  DisplayControl: 'display control',
  LocalizedResources: 'localized resources',
  UserJourney: 'user journey',
  SubJourney: 'sub journey',
  ClaimsExchange: 'claims exchange',
  ClientDefinition: 'client definition',
  PolicyKey: 'policy key',
  Policy: 'policy',
};

interface RuleTables {
  readonly byAttribute: Map<string, ReferenceRule[]>;
  readonly byMetadataKey: Map<string, ReferenceRule>;
  readonly textRules: Map<string, ReferenceRule[]>;
  readonly definitions: Map<string, DefinitionRule>;
}

function buildTables(): RuleTables {
  const byAttribute = new Map<string, ReferenceRule[]>();
  const byMetadataKey = new Map<string, ReferenceRule>();
  const textRules = new Map<string, ReferenceRule[]>();
  for (const rule of REFERENCE_RULES) {
    const src = rule.source;
    if (src.type === 'attribute') push(byAttribute, src.name, rule);
    else if (src.type === 'metadata') byMetadataKey.set(src.key, rule);
    else push(textRules, rule.element, rule);
  }
  const definitions = new Map(DEFINITION_RULES.map((r) => [r.element, r]));
  return { byAttribute, byMetadataKey, textRules, definitions };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Lookup tables derived once from the rules above. */
export const RULE_TABLES: RuleTables = buildTables();
