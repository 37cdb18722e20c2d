/**
 * Facts about technical-profile kinds, as data: Metadata keys, CryptographicKeys Ids, the rules that tie
 * them together, claim resolvers and a few policy-level enumerations.
 *
 * Key names, enumerations, defaults, ranges and required flags are facts carried over from the shared
 * reference catalog (`reference/metadata-keys.json`, itself compiled from Microsoft's Azure AD B2C
 * reference articles). Every `doc`, `valueDocs` and rule text in this file is our own wording, written for
 * hover and diagnostics; do not paste documentation sentences in here.
 *
 * The data is immutable and the lookups are pure: nothing here does I/O.
 */

export type Requiredness = 'yes' | 'no' | 'conditional';

/** What kind of definition the value of a Metadata item refers to (for navigation and reference checks). */
export type ReferenceTarget = 'ContentDefinition' | 'ClaimsExchange' | 'UserJourney' | 'ClaimType';

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
}

export interface MetadataKey {
  readonly key: string;
  readonly required: Requiredness;
  /** When `required` is 'conditional': in which situation the key is needed. */
  readonly condition?: string;
  /** Documented enumeration, spelled as documented. */
  readonly values?: readonly string[];
  /** Documented range or format when the value is not an enumeration (e.g. `integer 300..86400`). */
  readonly valueFormat?: string;
  readonly valueType?: 'boolean' | 'integer' | 'enum' | 'string';
  /** Numeric bounds (inclusive) parsed from `valueFormat`. */
  readonly range?: NumberRange;
  /** Documented default, as written in the policy. */
  readonly default?: string;
  /** What the key does, in our words (markdown). */
  readonly doc: string;
  /** What each enumerated value means, in our words. */
  readonly valueDocs?: Readonly<Record<string, string>>;
  /** 'error-message': user-facing, localizable text. */
  readonly category?: 'error-message';
  /** Documented as not used by the service; harmless to keep, safe to remove. */
  readonly deprecated?: boolean;
  /** Not in the reference article; seen in the starter pack's real policies. */
  readonly observedOnly?: boolean;
  /** Listed only by an older revision of the reference article. */
  readonly onlyInOlderDocRevision?: boolean;
  /** Section of the reference table (OAuth2: authorize, token, userinfo, logout, generic). */
  readonly group?: string;
  /** Operation values the key is meaningful for. */
  readonly appliesToOperation?: readonly string[];
  /** Page types or page-layout versions that honour the key. */
  readonly availability?: string;
  /** The value names a definition of this kind. */
  readonly references?: ReferenceTarget;
  /** Set on results of a key-family match (e.g. `language.<stringId>`): the family's pattern. */
  readonly family?: string;
  /** Documented as required, yet deployed policies go without it: why we know. Never reported as missing. */
  readonly notEnforced?: string;
  /** The value is a list of enumerated words separated by spaces (e.g. `code id_token`). */
  readonly valueList?: 'space-separated';
  /** A required key the token request can carry instead as an InputClaim of this (partner) name with a DefaultValue. */
  readonly orInputClaim?: string;
}

export interface MetadataKeyFamily {
  /** Keys starting with this prefix belong to the family. */
  readonly prefix: string;
  readonly pattern: string;
  readonly doc: string;
  readonly category?: 'error-message';
}

export interface KeyIdFact {
  /** The StorageReferenceId-bearing Key's `Id`; `<HTTP header name>` is a placeholder matched by `idPattern`. */
  readonly id: string;
  /** Regular expression source for ids that are not fixed names. */
  readonly idPattern?: string;
  readonly idExample?: string;
  readonly required: Requiredness;
  readonly condition?: string;
  readonly doc: string;
  readonly observedOnly?: boolean;
}

/** Situations a rule can test. `metadata` without `values` means "the item is present". */
export type RuleTest =
  | { readonly type: 'metadata'; readonly key: string; readonly values?: readonly string[]; readonly orAbsent?: boolean }
  | { readonly type: 'metadataPrefix'; readonly key: string; readonly prefix: string }
  | { readonly type: 'policyAttribute'; readonly name: string; readonly values: readonly string[]; readonly orAbsent?: boolean }
  | { readonly type: 'context'; readonly context: RuleContext };

/** Facts about the profile's surroundings that the rules engine has to work out itself. */
export type RuleContext = 'usedBySamlIdentityProvider' | 'usedBySamlIssuer' | 'usesExtensionAttributes';

/**
 * Something a profile must have. A `metadata` requirement is met when the item is present with one of
 * `values` (any value when omitted), or is absent and `orAbsent` is set.
 */
export type Requirement =
  | { readonly type: 'key'; readonly id: string }
  | { readonly type: 'metadata'; readonly key: string; readonly values?: readonly string[]; readonly orAbsent?: boolean }
  /** `count` CryptographicKeys whose Ids are HTTP header names (RESTful ApiKeyHeader). */
  | { readonly type: 'headerKey'; readonly count: number }
  /** An InputClaim whose ClaimTypeReferenceId is the value of metadata item `key`. */
  | { readonly type: 'inputClaimFromMetadata'; readonly key: string }
  | { readonly type: 'allOf'; readonly of: readonly Requirement[] };

export interface KindRule {
  /** Stable id, usable as (part of) a diagnostic code. */
  readonly id: string;
  /** All tests must hold for the rule to apply; no tests means it always applies. */
  readonly when?: readonly RuleTest[];
  /** Every requirement must be met. */
  readonly requires?: readonly Requirement[];
  /** At least one requirement must be met. */
  readonly requiresOneOf?: readonly Requirement[];
  /** In this situation the kind reads no CryptographicKeys. */
  readonly noKeysUsed?: boolean;
  /** The situation described by `when` is itself worth a warning. */
  readonly discouraged?: boolean;
  /** The requirement is good practice rather than enforced by the service. */
  readonly recommended?: boolean;
  /** Guidance only: nothing here is machine-checkable with the tests above. */
  readonly advisory?: boolean;
  readonly doc: string;
}

export interface ProfileKind {
  readonly id: string;
  /** Protocol/@Name. */
  readonly protocolName: string;
  /** Other Protocol/@Name values accepted for this kind (older documentation revisions). */
  readonly protocolNameAliases?: readonly string[];
  /** Protocol/@Handler, short form (before the first comma). */
  readonly handler?: string;
  readonly handlerAliases?: readonly string[];
  /** OutputTokenFormat that identifies the kind. */
  readonly outputTokenFormat?: string;
  /** The kind is a TechnicalProfile inside RelyingParty. */
  readonly relyingParty?: boolean;
  /** Chosen among kinds sharing a protocol when nothing else tells them apart. */
  readonly fallback?: boolean;
  readonly title: string;
  readonly doc: string;
  /** Reference articles the facts came from (file names in MicrosoftDocs/azure-docs). */
  readonly sources: readonly string[];
  readonly metadata: readonly MetadataKey[];
  readonly keyFamilies?: readonly MetadataKeyFamily[];
  readonly cryptographicKeys: readonly KeyIdFact[];
  readonly rules: readonly KindRule[];
}

export interface GenericMetadataKey extends MetadataKey {
  /** Kind ids the key is valid on; `'*'` means every kind. */
  readonly appliesTo: readonly string[];
  /** Reference article the facts came from (a file name in MicrosoftDocs/azure-docs), when it is not the kind's. */
  readonly source?: string;
  /** The key is needed when the TechnicalProfile's EnabledForUserJourneys has one of these values. */
  readonly requiredWhenEnabledForUserJourneys?: readonly string[];
}

export interface ClaimResolver {
  /** Without braces, e.g. `Context:CorrelationId`; parameterized ones read `Claim:<claimTypeId>`. */
  readonly name: string;
  readonly category: string;
  readonly doc: string;
  readonly example?: string;
  /** For parameterized resolvers: the literal part before the parameter, e.g. `Claim:`. */
  readonly prefix?: string;
  /** Regular expression source matching the whole `{...}` text of a parameterized resolver. */
  readonly pattern?: string;
  /** Only meaningful as an OutputClaim PartnerClaimType of an identity-provider profile. */
  readonly partnerClaimTypeOnly?: boolean;
}

export interface ClaimResolverUsage {
  readonly where: string;
  /** Kind id when the place is a technical-profile kind. */
  readonly kindId?: string;
  readonly elements: readonly string[];
  /** Settings needed for resolvers to be replaced there, as `Name=value`. */
  readonly needs: readonly string[];
}

export interface OtherPlaceholder {
  readonly placeholder: string;
  /** Regular expression source for the placeholder. */
  readonly pattern: string;
  readonly doc: string;
  readonly knownNames?: readonly string[];
}

export interface DisplayControlKind {
  readonly userInterfaceControlType: string;
  readonly actions: readonly string[];
  readonly controlClaimTypes: readonly string[];
  readonly doc: string;
}

export interface PolicyAttributeFact {
  readonly name: string;
  readonly required: Requiredness;
  readonly values?: readonly string[];
  readonly default?: string;
  /** Regular expression source the value must match. */
  readonly pattern?: string;
  readonly doc: string;
  readonly valueDocs?: Readonly<Record<string, string>>;
}

export interface RelyingPartyBehaviorFact {
  /** Element path under UserJourneyBehaviors, dotted (e.g. `SingleSignOn.Scope`). */
  readonly name: string;
  readonly values?: readonly string[];
  readonly valueFormat?: string;
  readonly range?: NumberRange;
  readonly default?: string;
  readonly doc: string;
}

export interface PolicyLevelFacts {
  readonly attributes: readonly PolicyAttributeFact[];
  readonly basePolicyDoc: string;
  readonly relyingPartyBehaviors: readonly RelyingPartyBehaviorFact[];
}

// ---------------------------------------------------------------------------------------------
// Technical-profile kinds
// ---------------------------------------------------------------------------------------------

const documentedKinds: readonly ProfileKind[] = [
  {
    id: 'restful',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.RestfulProvider',
    title: 'RESTful',
    doc: 'Calls your own HTTP API: sends input claims to it and maps the JSON it returns onto output claims. Often used as a validation step or to enrich claims during a journey.',
    sources: ['restful-technical-profile.md', 'secure-rest-api.md'],
    metadata: [
      {
        key: 'ServiceUrl',
        required: 'yes',
        doc: 'The HTTPS address of the API to call. When `SendClaimsIn` is `Url`, the path and query may contain `{claimId}` placeholders, but the host name must be literal.',
      },
      {
        key: 'AuthenticationType',
        required: 'yes',
        values: ['None', 'Basic', 'Bearer', 'ClientCertificate', 'ApiKeyHeader'],
        valueType: 'enum',
        doc: 'How Azure AD B2C proves its identity to the API. Anything other than `None` needs matching entries under `CryptographicKeys` (for `Bearer`, a claim named in `UseClaimAsBearerToken` also works).',
        valueDocs: {
          None: 'No credentials are sent. Only suitable for development unless `AllowInsecureAuthInProduction` is `true`.',
          Basic: 'HTTP Basic authentication; needs the `BasicAuthenticationUsername` and `BasicAuthenticationPassword` keys.',
          Bearer: 'Sends an `Authorization: Bearer` token, taken from the `BearerAuthenticationToken` key or from the claim named in `UseClaimAsBearerToken`.',
          ClientCertificate: 'Mutual TLS with a client certificate stored in the `ClientCertificate` key.',
          ApiKeyHeader: 'Sends an API key in an HTTP header; the single key\'s `Id` is the header name (for example `x-functions-key`).',
        },
      },
      {
        key: 'AllowInsecureAuthInProduction',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Escape hatch that permits `AuthenticationType` `None` in a policy whose deployment mode is production. Leave it `false` for real deployments.',
        valueDocs: {
          true: 'Unauthenticated calls are allowed even in production mode; treat this as a security risk.',
          false: 'An unauthenticated API call is refused when the policy runs in production mode (the default).',
        },
      },
      {
        key: 'SendClaimsIn',
        required: 'no',
        values: ['Body', 'Form', 'Header', 'Url', 'QueryString'],
        valueType: 'enum',
        default: 'Body',
        doc: 'Chooses where the input claims go in the outgoing HTTP request, and with that the HTTP method.',
        valueDocs: {
          Body: 'POST with the claims as a JSON object in the body (the default).',
          Form: 'POST with the claims url-encoded as form fields.',
          Header: 'GET with each claim sent as a request header.',
          Url: 'GET with the claims substituted into `{claimId}` placeholders in `ServiceUrl`.',
          QueryString: 'GET with the claims appended as query-string parameters.',
        },
      },
      {
        key: 'ClaimsFormat',
        required: 'no',
        values: ['Body', 'Form', 'Header', 'QueryString'],
        valueType: 'enum',
        default: 'Body',
        doc: 'Obsolete setting that the service ignores today; older policies used it to describe the response format. You can delete it.',
        valueDocs: {
          Body: 'Ignored (historically: claims in a JSON body).',
          Form: 'Ignored (historically: claims as form fields).',
          Header: 'Ignored (historically: claims in headers).',
          QueryString: 'Ignored (historically: claims in the query string).',
        },
        deprecated: true,
      },
      {
        key: 'ClaimUsedForRequestPayload',
        required: 'no',
        doc: 'Names a string claim whose value is sent as the whole request body, for example JSON produced by a `GenerateJson` claims transformation. List that claim among the input claims too, and keep `SendClaimsIn` at `Body`.',
        references: 'ClaimType',
      },
      {
        key: 'DebugMode',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Surfaces the optional diagnostic fields of the API\'s error reply (`code`, `requestId`, `developerMessage`, `moreInfo`). Switch it off outside troubleshooting.',
        valueDocs: {
          true: 'Diagnostic fields from the API\'s error response are shown.',
          false: 'Only the user message from the error response is shown (the default).',
        },
      },
      {
        key: 'IncludeClaimResolvingInClaimsHandling',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Set to `true` so that claim resolvers such as `{Context:CorrelationId}` in the `DefaultValue` of this profile\'s claims get replaced at run time. Each claim that uses one also needs `AlwaysUseDefaultValue="true"`.',
        valueDocs: {
          true: 'Resolver placeholders in claim default values are replaced with live values.',
          false: 'Placeholders are left as literal text (the default).',
        },
      },
      {
        key: 'ResolveJsonPathsInJsonTokens',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Lets the `PartnerClaimType` of an output claim be a path such as `address.city` or `items[0].value`, to read values nested inside the JSON reply.',
        valueDocs: {
          true: 'Output claim partner types are read as JSON paths.',
          false: 'Only top-level properties of the reply are mapped (the default).',
        },
      },
      {
        key: 'UseClaimAsBearerToken',
        required: 'no',
        doc: 'Id of a claim whose value is sent as the bearer token when `AuthenticationType` is `Bearer` - typically an access token obtained by an earlier REST call. The claim must also be an input claim. Replaces the `BearerAuthenticationToken` key.',
        references: 'ClaimType',
      },
      {
        key: 'DefaultUserMessageIfRequestFailed',
        required: 'no',
        doc: 'Message the user sees for any failed call that has no more specific message below. Can be localized.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfCircuitOpen',
        required: 'no',
        doc: 'Message the user sees when the API is unreachable. Falls back to `DefaultUserMessageIfRequestFailed`.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfDnsResolutionFailed',
        required: 'no',
        doc: 'Message the user sees when the API\'s host name does not resolve. Falls back to `DefaultUserMessageIfRequestFailed`.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfRequestTimeout',
        required: 'no',
        doc: 'Message the user sees when the API does not answer in time. Falls back to `DefaultUserMessageIfRequestFailed`.',
        category: 'error-message',
      },
    ],
    cryptographicKeys: [
      {
        id: 'BasicAuthenticationUsername',
        required: 'conditional',
        condition: 'AuthenticationType=Basic',
        doc: 'Policy key that holds the user name for HTTP Basic authentication.',
      },
      {
        id: 'BasicAuthenticationPassword',
        required: 'conditional',
        condition: 'AuthenticationType=Basic',
        doc: 'Policy key that holds the password for HTTP Basic authentication.',
      },
      {
        id: 'ClientCertificate',
        required: 'conditional',
        condition: 'AuthenticationType=ClientCertificate',
        doc: 'Policy key holding the client certificate, including its private key, that is presented during the TLS handshake.',
      },
      {
        id: 'BearerAuthenticationToken',
        required: 'conditional',
        condition: 'AuthenticationType=Bearer, unless UseClaimAsBearerToken is set',
        doc: 'Policy key whose secret is sent as the bearer token. Not needed when `UseClaimAsBearerToken` supplies the token from a claim.',
      },
      {
        id: '<HTTP header name>',
        idPattern: '^[!#$%&\'*+.^_`|~0-9A-Za-z-]+$',
        idExample: 'x-functions-key',
        required: 'conditional',
        condition: 'AuthenticationType=ApiKeyHeader',
        doc: 'With `ApiKeyHeader`, the `Id` of the key is the HTTP header to send (for example `x-functions-key`) and the referenced policy key supplies its value. Only one such header is supported.',
      },
    ],
    rules: [
      {
        id: 'restful.auth.none',
        when: [{ type: 'metadata', key: 'AuthenticationType', values: ['None'] }],
        noKeysUsed: true,
        doc: 'With `AuthenticationType` `None` no CryptographicKeys are read.',
      },
      {
        id: 'restful.auth.none.production',
        when: [
          { type: 'metadata', key: 'AuthenticationType', values: ['None'] },
          { type: 'policyAttribute', name: 'DeploymentMode', values: ['Production'], orAbsent: true },
        ],
        requires: [{ type: 'metadata', key: 'AllowInsecureAuthInProduction', values: ['true'] }],
        doc: 'A policy in production mode (DeploymentMode `Production` or not set) refuses unauthenticated REST calls unless `AllowInsecureAuthInProduction` is `true`. Prefer a real authentication type.',
      },
      {
        id: 'restful.allowInsecure',
        when: [{ type: 'metadata', key: 'AllowInsecureAuthInProduction', values: ['true'] }],
        discouraged: true,
        doc: '`AllowInsecureAuthInProduction` set to `true` lets an unauthenticated API be called from production; secure the API instead.',
      },
      {
        id: 'restful.auth.basic',
        when: [{ type: 'metadata', key: 'AuthenticationType', values: ['Basic'] }],
        requires: [
          { type: 'key', id: 'BasicAuthenticationUsername' },
          { type: 'key', id: 'BasicAuthenticationPassword' },
        ],
        doc: 'Basic authentication needs both the `BasicAuthenticationUsername` and the `BasicAuthenticationPassword` key.',
      },
      {
        id: 'restful.auth.clientCertificate',
        when: [{ type: 'metadata', key: 'AuthenticationType', values: ['ClientCertificate'] }],
        requires: [{ type: 'key', id: 'ClientCertificate' }],
        doc: 'Client-certificate authentication needs a `ClientCertificate` key; in production use a certificate issued by a certificate authority, not a self-signed one.',
      },
      {
        id: 'restful.auth.bearer',
        when: [{ type: 'metadata', key: 'AuthenticationType', values: ['Bearer'] }],
        requiresOneOf: [
          { type: 'key', id: 'BearerAuthenticationToken' },
          { type: 'metadata', key: 'UseClaimAsBearerToken' },
        ],
        doc: 'Bearer authentication needs a token source: either a `BearerAuthenticationToken` key or a claim named in `UseClaimAsBearerToken`.',
      },
      {
        id: 'restful.bearerClaim.input',
        when: [{ type: 'metadata', key: 'UseClaimAsBearerToken' }],
        requires: [{ type: 'inputClaimFromMetadata', key: 'UseClaimAsBearerToken' }],
        doc: 'The claim named in `UseClaimAsBearerToken` must also be listed under InputClaims so its value is available.',
      },
      {
        id: 'restful.auth.apiKeyHeader',
        when: [{ type: 'metadata', key: 'AuthenticationType', values: ['ApiKeyHeader'] }],
        requires: [{ type: 'headerKey', count: 1 }],
        doc: 'API-key authentication needs exactly one key, and that key\'s `Id` is the name of the HTTP header to send.',
      },
      {
        id: 'restful.sendClaimsIn.url',
        when: [{ type: 'metadata', key: 'SendClaimsIn', values: ['Url'] }],
        advisory: true,
        doc: 'With `SendClaimsIn` `Url`, input claims are placed into `{claimId}` placeholders in `ServiceUrl`; a placeholder may not be part of the host name.',
      },
      {
        id: 'restful.payloadClaim',
        when: [{ type: 'metadata', key: 'ClaimUsedForRequestPayload' }],
        requires: [
          { type: 'inputClaimFromMetadata', key: 'ClaimUsedForRequestPayload' },
          { type: 'metadata', key: 'SendClaimsIn', values: ['Body'], orAbsent: true },
        ],
        doc: 'A payload claim must be one of the profile\'s input claims, and the claims must travel in the body.',
      },
      {
        id: 'restful.serviceUrl.http',
        when: [{ type: 'metadataPrefix', key: 'ServiceUrl', prefix: 'http://' }],
        discouraged: true,
        doc: 'The API is called over plain HTTP; use an HTTPS endpoint.',
      },
    ],
  },
  {
    id: 'openidconnect',
    protocolName: 'OpenIdConnect',
    title: 'OpenID Connect',
    doc: 'Federates with an external OpenID Connect identity provider. The same protocol is used by the local-account sign-in profile that checks a user name and password against the B2C directory.',
    sources: ['openid-connect-technical-profile.md'],
    metadata: [
      {
        key: 'client_id',
        required: 'yes',
        doc: 'The application (client) id that the provider issued for your registration.',
      },
      {
        key: 'METADATA',
        required: 'yes',
        doc: 'Address of the provider\'s `.well-known/openid-configuration` document, from which endpoints and signing keys are read. The `{tenant}` placeholder is allowed.',
      },
      {
        key: 'IdTokenAudience',
        required: 'no',
        doc: 'When set, the `aud` claim of the id_token returned by the provider has to match this value exactly.',
      },
      {
        key: 'authorization_endpoint',
        required: 'no',
        doc: 'Replaces the authorization URL that discovery would give. The `{tenant}` placeholder is allowed.',
      },
      {
        key: 'end_session_endpoint',
        required: 'no',
        doc: 'Replaces the sign-out URL that discovery would give.',
      },
      {
        key: 'issuer',
        required: 'no',
        doc: 'Replaces the issuer from discovery; tokens whose `iss` claim differs are rejected.',
      },
      {
        key: 'ProviderName',
        required: 'no',
        doc: 'Display name of the provider. Free text; often its issuer URL.',
      },
      {
        key: 'response_types',
        required: 'no',
        values: ['id_token', 'code', 'token'],
        valueType: 'enum',
        doc: 'Which OpenID Connect response type Azure AD B2C asks for.',
        valueDocs: {
          id_token: 'Implicit flow: the id_token is returned directly, so no client secret is needed.',
          code: 'Authorization-code flow: Azure AD B2C redeems the code at the token endpoint, which needs client credentials (`client_secret` or `assertion_signing_key`).',
          token: 'An access token is returned directly from the authorization endpoint.',
        },
      },
      {
        key: 'response_mode',
        required: 'no',
        values: ['query', 'form_post', 'fragment'],
        valueType: 'enum',
        default: 'form_post',
        doc: 'How the provider hands the sign-in result back to Azure AD B2C.',
        valueDocs: {
          query: 'The result comes back as query parameters of a GET redirect.',
          form_post: 'The result is posted back as an HTML form (the default).',
          fragment: 'The result comes back in the URL fragment after `#`.',
        },
      },
      {
        key: 'scope',
        required: 'no',
        doc: 'Space-separated scopes requested from the provider, such as `openid profile email`.',
      },
      {
        key: 'HttpBinding',
        required: 'no',
        values: ['GET', 'POST'],
        valueType: 'enum',
        doc: 'HTTP method for calls to the provider\'s token and user-info endpoints.',
        valueDocs: { GET: 'Send the requests with GET.', POST: 'Send the requests with POST.' },
      },
      {
        key: 'ValidTokenIssuerPrefixes',
        required: 'no',
        doc: 'Comma-separated list of issuer prefixes to accept from a multi-tenant provider, so tokens from any of its tenants pass validation.',
      },
      {
        key: 'UsePolicyInRedirectUri',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Puts the policy name into the redirect URI that Azure AD B2C registers with the provider, which then needs one registered redirect URI per policy.',
        valueDocs: {
          true: 'The redirect URI contains the policy name.',
          false: 'One policy-independent redirect URI is used.',
        },
      },
      {
        key: 'MarkAsFailureOnStatusCode5xx',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Decides whether a 5xx answer from the provider counts as a failed call.',
        valueDocs: {
          true: 'HTTP 5xx answers from the provider are treated as failures.',
          false: 'HTTP 5xx answers are not treated specially (the default).',
        },
      },
      {
        key: 'DiscoverMetadataByTokenIssuer',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Derives the discovery document URL from the `iss` of the incoming token instead of `METADATA`.',
        valueDocs: {
          true: 'The discovery URL is built from the token\'s issuer.',
          false: 'The configured `METADATA` URL is used.',
        },
      },
      {
        key: 'IncludeClaimResolvingInClaimsHandling',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Set to `true` so that claim resolvers such as `{Context:CorrelationId}` in the `DefaultValue` of this profile\'s claims get replaced at run time. Each claim that uses one also needs `AlwaysUseDefaultValue="true"`.',
        valueDocs: {
          true: 'Resolver placeholders in claim default values are replaced with live values.',
          false: 'Placeholders are left as literal text (the default).',
        },
      },
      {
        key: 'token_endpoint_auth_method',
        required: 'no',
        values: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
        valueType: 'enum',
        default: 'client_secret_post',
        doc: 'How Azure AD B2C authenticates itself when it calls the provider\'s token endpoint.',
        valueDocs: {
          client_secret_post: 'The client secret travels in the body of the token request (the default).',
          client_secret_basic: 'The client id and secret travel in an HTTP Basic `Authorization` header.',
          private_key_jwt: 'A JWT client assertion, signed with the `assertion_signing_key`, replaces the secret.',
        },
      },
      {
        key: 'token_signing_algorithm',
        required: 'no',
        values: ['RS256', 'RS512'],
        valueType: 'enum',
        default: 'RS256',
        doc: 'Algorithm used to sign the client assertion. Only relevant with `private_key_jwt`.',
        valueDocs: { RS256: 'RSA signature with SHA-256 (the default).', RS512: 'RSA signature with SHA-512.' },
      },
      {
        key: 'SingleLogoutEnabled',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Decides whether signing out of Azure AD B2C also tries to sign the user out at this provider.',
        valueDocs: {
          true: 'Sign-out is forwarded to the provider as well (the default).',
          false: 'Only the Azure AD B2C session is ended.',
        },
      },
      {
        key: 'ReadBodyClaimsOnIdpRedirect',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Reads claims from the body the provider posts back on redirect; Sign in with Apple needs this.',
        valueDocs: { true: 'Claims in the redirect body are read.', false: 'Claims are only taken from the tokens.' },
      },
      {
        key: 'UserMessageIfClaimsPrincipalDoesNotExist',
        required: 'no',
        doc: 'For the local-account sign-in profile: message when no account has the entered user name.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfInvalidPassword',
        required: 'no',
        doc: 'For the local-account sign-in profile: message when the password is wrong.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfOldPasswordUsed',
        required: 'no',
        doc: 'For the local-account sign-in profile: message when the user typed a password they used to have.',
        category: 'error-message',
      },
      {
        key: 'DefaultMessage',
        required: 'no',
        doc: 'Fallback error text on the starter pack\'s local-account sign-in profile; the same name is also a localization string id. Not part of the documented OpenID Connect settings.',
        category: 'error-message',
        observedOnly: true,
      },
    ],
    cryptographicKeys: [
      {
        id: 'client_secret',
        required: 'conditional',
        condition: 'response_types=code with client_secret_post (default) or client_secret_basic',
        doc: 'The secret of your app registration at the provider, used when redeeming an authorization code. A pure id_token flow does not need it.',
      },
      {
        id: 'assertion_signing_key',
        required: 'conditional',
        condition: 'token_endpoint_auth_method=private_key_jwt',
        doc: 'RSA private key that signs the client assertion sent with `private_key_jwt`.',
      },
    ],
    rules: [
      {
        id: 'oidc.code.secret',
        when: [
          { type: 'metadata', key: 'response_types', values: ['code'] },
          {
            type: 'metadata',
            key: 'token_endpoint_auth_method',
            values: ['client_secret_post', 'client_secret_basic'],
            orAbsent: true,
          },
        ],
        requires: [{ type: 'key', id: 'client_secret' }],
        doc: 'The authorization-code flow with secret-based token authentication needs a `client_secret` key.',
      },
      {
        id: 'oidc.privateKeyJwt',
        when: [{ type: 'metadata', key: 'token_endpoint_auth_method', values: ['private_key_jwt'] }],
        requires: [{ type: 'key', id: 'assertion_signing_key' }],
        doc: '`private_key_jwt` needs an `assertion_signing_key`; `token_signing_algorithm` selects RS256 or RS512.',
      },
      {
        id: 'oidc.idToken.noSecret',
        when: [{ type: 'metadata', key: 'response_types', values: ['id_token'] }],
        noKeysUsed: true,
        doc: 'The implicit id_token flow needs no client secret.',
      },
      {
        id: 'oidc.redirectUri',
        advisory: true,
        doc: 'Register `https://{tenant}.b2clogin.com/{tenant}.onmicrosoft.com/oauth2/authresp` at the provider, all in lower case (with the policy segment added when `UsePolicyInRedirectUri` is `true`).',
      },
    ],
  },
  {
    id: 'oauth2',
    protocolName: 'OAuth2',
    title: 'OAuth 2.0',
    doc: 'Federates with an OAuth 2.0 identity provider (for example Facebook or LinkedIn): the user authorizes, Azure AD B2C redeems the code for an access token and reads the user\'s claims from the provider\'s user-info endpoint.',
    sources: ['oauth2-technical-profile.md'],
    metadata: [
      {
        key: 'authorization_endpoint',
        required: 'yes',
        doc: 'The provider\'s authorization URL, which the browser is sent to with GET.',
        group: 'authorize',
      },
      {
        key: 'client_id',
        required: 'yes',
        doc: 'The application id of your registration at the provider.',
        group: 'authorize',
      },
      {
        key: 'AdditionalRequestQueryParameters',
        required: 'no',
        doc: 'Extra query parameters added to the authorization request; separate several with commas.',
        group: 'authorize',
      },
      {
        key: 'response_mode',
        required: 'no',
        values: ['query', 'form_post', 'fragment'],
        valueType: 'enum',
        default: 'form_post',
        doc: 'How the provider returns the authorization result.',
        valueDocs: {
          query: 'The result comes back as query parameters of a GET redirect.',
          form_post: 'The result is posted back as an HTML form (the default).',
          fragment: 'The result comes back in the URL fragment after `#`.',
        },
        group: 'authorize',
      },
      { key: 'scope', required: 'no', doc: 'Scopes to ask the provider for.', group: 'authorize' },
      {
        key: 'UsePolicyInRedirectUri',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Puts the policy name into the redirect URI that Azure AD B2C registers with the provider, which then needs one registered redirect URI per policy.',
        valueDocs: {
          true: 'The redirect URI contains the policy name.',
          false: 'One policy-independent redirect URI is used.',
        },
        group: 'authorize',
      },
      {
        key: 'AccessTokenEndpoint',
        required: 'yes',
        doc: 'URL at which Azure AD B2C exchanges the authorization code for an access token.',
        group: 'token',
      },
      {
        key: 'HttpBinding',
        required: 'no',
        values: ['GET', 'POST'],
        valueType: 'enum',
        default: 'POST',
        doc: 'HTTP method used when calling the token endpoint.',
        valueDocs: {
          GET: 'Call the token endpoint with GET; usually combined with `AccessTokenResponseFormat` set to json.',
          POST: 'Call the token endpoint with POST (the default).',
        },
        group: 'token',
      },
      {
        key: 'AccessTokenResponseFormat',
        required: 'no',
        values: ['Default', 'Json', 'JsonP'],
        valueType: 'enum',
        doc: 'Tells Azure AD B2C how to parse the token endpoint\'s reply; set it explicitly when `HttpBinding` is `GET`.',
        valueDocs: {
          Default: 'Let Azure AD B2C use its standard parsing.',
          Json: 'The reply is a JSON object.',
          JsonP: 'The reply is JSON wrapped in a JSONP callback.',
        },
        group: 'token',
      },
      {
        key: 'ExtraParamsInAccessTokenEndpointResponse',
        required: 'no',
        doc: 'Comma-separated names of additional values in the token reply that are passed on to the claims endpoint call.',
        group: 'token',
      },
      {
        key: 'token_endpoint_auth_method',
        required: 'no',
        values: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
        valueType: 'enum',
        default: 'client_secret_post',
        doc: 'How Azure AD B2C authenticates when calling the token endpoint.',
        valueDocs: {
          client_secret_post: 'The client secret travels in the body of the token request (the default).',
          client_secret_basic: 'The client id and secret travel in an HTTP Basic `Authorization` header.',
          private_key_jwt: 'A JWT client assertion, signed with the `assertion_signing_key`, replaces the secret.',
        },
        group: 'token',
      },
      {
        key: 'token_signing_algorithm',
        required: 'no',
        values: ['RS256', 'RS512'],
        valueType: 'enum',
        default: 'RS256',
        doc: 'Algorithm for the signed client assertion used by `private_key_jwt`.',
        valueDocs: { RS256: 'RSA signature with SHA-256 (the default).', RS512: 'RSA signature with SHA-512.' },
        group: 'token',
      },
      {
        key: 'ClaimsEndpoint',
        required: 'yes',
        doc: 'The provider\'s user-info URL; Azure AD B2C calls it with GET and the access token to read the user\'s claims.',
        group: 'userinfo',
      },
      {
        key: 'ClaimsEndpointAccessTokenName',
        required: 'no',
        default: 'access_token',
        doc: 'Query parameter under which the access token is passed when the claims endpoint is called.',
        group: 'userinfo',
      },
      {
        key: 'ClaimsEndpointFormatName',
        required: 'no',
        doc: 'Name of an additional format parameter for the claims endpoint; its value comes from `ClaimsEndpointFormat`.',
        group: 'userinfo',
      },
      {
        key: 'ClaimsEndpointFormat',
        required: 'no',
        doc: 'Value for the parameter named in `ClaimsEndpointFormatName`, such as `json`.',
        group: 'userinfo',
      },
      {
        key: 'BearerTokenTransmissionMethod',
        required: 'no',
        values: ['AuthorizationHeader'],
        valueType: 'enum',
        default: 'query string',
        doc: 'Chooses how the access token reaches the claims endpoint. Leave it out to send the token in the query string.',
        valueDocs: { AuthorizationHeader: 'Send the token in an `Authorization: Bearer` header.' },
        group: 'userinfo',
      },
      {
        key: 'ExtraParamsInClaimsEndpointRequest',
        required: 'no',
        doc: 'Comma-separated names of extra parameters to add to the claims endpoint request.',
        group: 'userinfo',
      },
      {
        key: 'end_session_endpoint',
        required: 'conditional',
        condition: 'only when sign-out should reach the provider',
        doc: 'The provider\'s sign-out URL; Azure AD B2C loads it in a hidden frame when the user signs out.',
        group: 'logout',
      },
      {
        key: 'SingleLogoutEnabled',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Decides whether signing out of Azure AD B2C also tries to sign the user out at this provider.',
        valueDocs: {
          true: 'Sign-out is forwarded to the provider as well (the default).',
          false: 'Only the Azure AD B2C session is ended.',
        },
        group: 'logout',
      },
      {
        key: 'IdTokenAudience',
        required: 'no',
        doc: 'Expected `aud` value of an id_token the provider may return.',
        group: 'generic',
      },
      { key: 'ProviderName', required: 'no', doc: 'Display name of the provider.', group: 'generic' },
      {
        key: 'ResponseErrorCodeParamName',
        required: 'no',
        doc: 'Name of the reply parameter that carries an error code when the provider reports failure with HTTP 200.',
        group: 'generic',
      },
      {
        key: 'IncludeClaimResolvingInClaimsHandling',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Set to `true` so that claim resolvers such as `{Context:CorrelationId}` in the `DefaultValue` of this profile\'s claims get replaced at run time. Each claim that uses one also needs `AlwaysUseDefaultValue="true"`.',
        valueDocs: {
          true: 'Resolver placeholders in claim default values are replaced with live values.',
          false: 'Placeholders are left as literal text (the default).',
        },
        group: 'generic',
      },
      {
        key: 'ResolveJsonPathsInJsonTokens',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Allows `PartnerClaimType` values that are JSON paths into nested fields of the provider\'s reply.',
        valueDocs: {
          true: 'Partner claim types are read as JSON paths.',
          false: 'Only top-level fields are mapped (the default).',
        },
        group: 'generic',
      },
      {
        key: 'external_user_identity_claim_id',
        required: 'no',
        doc: 'Used in the starter pack\'s LinkedIn sample (value `id`) to pick the reply field that identifies the user. Not in the OAuth 2.0 reference.',
        observedOnly: true,
      },
    ],
    cryptographicKeys: [
      {
        id: 'client_secret',
        required: 'conditional',
        condition: 'token_endpoint_auth_method is client_secret_post (default) or client_secret_basic',
        doc: 'Your app\'s secret at the provider, sent when the authorization code is redeemed.',
      },
      {
        id: 'assertion_signing_key',
        required: 'conditional',
        condition: 'token_endpoint_auth_method=private_key_jwt',
        doc: 'Certificate or RSA key that signs the client assertion for `private_key_jwt`.',
      },
    ],
    rules: [
      {
        id: 'oauth2.secret',
        when: [
          {
            type: 'metadata',
            key: 'token_endpoint_auth_method',
            values: ['client_secret_post', 'client_secret_basic'],
            orAbsent: true,
          },
        ],
        requires: [{ type: 'key', id: 'client_secret' }],
        doc: 'Secret-based token endpoint authentication (the default) needs a `client_secret` key.',
      },
      {
        id: 'oauth2.privateKeyJwt',
        when: [{ type: 'metadata', key: 'token_endpoint_auth_method', values: ['private_key_jwt'] }],
        requires: [{ type: 'key', id: 'assertion_signing_key' }],
        doc: '`private_key_jwt` needs an `assertion_signing_key`.',
      },
      {
        id: 'oauth2.getBinding.format',
        when: [{ type: 'metadata', key: 'HttpBinding', values: ['GET'] }],
        requires: [{ type: 'metadata', key: 'AccessTokenResponseFormat' }],
        recommended: true,
        doc: 'When the token endpoint is called with GET, state the reply format in `AccessTokenResponseFormat` (usually json).',
      },
      {
        id: 'oauth2.redirectUri',
        advisory: true,
        doc: 'Register `https://{tenant}.b2clogin.com/{tenant}.onmicrosoft.com/oauth2/authresp` in lower case at the provider.',
      },
    ],
  },
  {
    id: 'oauth1',
    protocolName: 'OAuth1',
    title: 'OAuth 1.0',
    doc: 'Federates with an OAuth 1.0a identity provider such as Twitter (X).',
    sources: ['oauth1-technical-profile.md'],
    metadata: [
      { key: 'client_id', required: 'yes', doc: 'Consumer key of your application at the provider.' },
      { key: 'ProviderName', required: 'no', doc: 'Display name of the provider.' },
      {
        key: 'request_token_endpoint',
        required: 'yes',
        doc: 'URL for obtaining temporary credentials (the request token) as defined by RFC 5849.',
      },
      {
        key: 'authorization_endpoint',
        required: 'yes',
        doc: 'URL where the user authorizes the request token (RFC 5849).',
      },
      {
        key: 'access_token_endpoint',
        required: 'yes',
        doc: 'URL where the authorized request token is traded for an access token (RFC 5849).',
      },
      { key: 'ClaimsEndpoint', required: 'no', doc: 'User-info URL from which the user\'s claims are read.' },
      {
        key: 'ClaimsResponseFormat',
        required: 'no',
        doc: 'Format of the reply returned by `ClaimsEndpoint`.',
      },
    ],
    cryptographicKeys: [{ id: 'client_secret', required: 'yes', doc: 'Consumer secret of your application at the provider.' }],
    rules: [
      {
        id: 'oauth1.inputClaims',
        advisory: true,
        doc: 'Input claims have no effect on this kind of profile.',
      },
      {
        id: 'oauth1.redirectUri',
        advisory: true,
        doc: 'Register `https://{tenant}.b2clogin.com/{tenant}.onmicrosoft.com/{policy-id}/oauth1/authresp` in lower case at the provider - one per policy.',
      },
    ],
  },
  {
    id: 'saml2-idp',
    protocolName: 'SAML2',
    title: 'SAML identity provider',
    doc: 'Federates with an external SAML 2.0 identity provider; Azure AD B2C plays the service provider and sends it AuthnRequests.',
    sources: ['saml-identity-provider-technical-profile.md'],
    metadata: [
      {
        key: 'PartnerEntity',
        required: 'yes',
        doc: 'The identity provider\'s SAML metadata: preferably its URL, or the XML itself inside CDATA (which will not pick up later certificate changes).',
      },
      {
        key: 'WantsSignedRequests',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Whether AuthnRequests sent to the provider are signed. Also sets `AuthnRequestsSigned` in the service-provider metadata Azure AD B2C publishes.',
        valueDocs: {
          true: 'Requests are signed with the `SamlMessageSigning` key (the default).',
          false: 'Requests go out unsigned.',
        },
      },
      {
        key: 'XmlSignatureAlgorithm',
        required: 'no',
        values: ['Sha256', 'Sha384', 'Sha512', 'Sha1'],
        valueType: 'enum',
        default: 'Sha1',
        doc: 'Signature algorithm (`SigAlg`) for outgoing SAML requests; agree on it with the provider.',
        valueDocs: {
          Sha256: 'RSA with SHA-256.',
          Sha384: 'RSA with SHA-384.',
          Sha512: 'RSA with SHA-512.',
          Sha1: 'RSA with SHA-1 (the default; weak, prefer a SHA-2 variant).',
        },
      },
      {
        key: 'WantsSignedAssertions',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Whether each assertion in the provider\'s response must carry a valid signature.',
        valueDocs: {
          true: 'Unsigned assertions are rejected (the default).',
          false: 'Assertion signatures are not checked - only for testing.',
        },
      },
      {
        key: 'ResponsesSigned',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Whether the SAML response as a whole must be signed and its signature validated.',
        valueDocs: {
          true: 'The response signature is required and checked (the default).',
          false: 'The response signature is not checked.',
        },
      },
      {
        key: 'WantsEncryptedAssertions',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Whether assertions must arrive encrypted; the published metadata then includes an encryption certificate.',
        valueDocs: {
          true: 'Assertions must be encrypted; the `SamlAssertionDecryption` key decrypts them.',
          false: 'Plain assertions are accepted (the default).',
        },
      },
      {
        key: 'NameIdPolicyFormat',
        required: 'no',
        doc: 'Format URI placed in the request\'s `NameIDPolicy`, for example `urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified`.',
      },
      {
        key: 'NameIdPolicyAllowCreate',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'The `AllowCreate` attribute of `NameIDPolicy`; use it together with `NameIdPolicyFormat`.',
        valueDocs: {
          true: 'The provider may create a new identifier for the user.',
          false: 'The provider must not create a new identifier.',
        },
      },
      {
        key: 'AuthenticationRequestExtensions',
        required: 'no',
        doc: 'Provider-specific XML (in a CDATA section) that Azure AD B2C copies into the `Extensions` element of each AuthnRequest.',
      },
      {
        key: 'IncludeAuthnContextClassReferences',
        required: 'no',
        doc: 'Comma-separated authentication context class URIs to request from the provider.',
      },
      {
        key: 'IncludeKeyInfo',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Whether the public part of the signing certificate is embedded in HTTP-POST requests.',
        valueDocs: {
          true: 'The signing certificate is included in the request.',
          false: 'No key information is included.',
        },
      },
      {
        key: 'IncludeClaimResolvingInClaimsHandling',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Set to `true` so that claim resolvers such as `{Context:CorrelationId}` in the `DefaultValue` of this profile\'s claims get replaced at run time. Each claim that uses one also needs `AlwaysUseDefaultValue="true"`.',
        valueDocs: {
          true: 'Resolver placeholders in claim default values are replaced with live values.',
          false: 'Placeholders are left as literal text (the default).',
        },
      },
      {
        key: 'SingleLogoutEnabled',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Decides whether signing out of Azure AD B2C also tries to sign the user out at this provider.',
        valueDocs: {
          true: 'Sign-out is forwarded to the provider as well (the default).',
          false: 'Only the Azure AD B2C session is ended.',
        },
      },
      {
        key: 'ForceAuthN',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Overrides the `ForceAuthn` attribute of every AuthnRequest. Without it, Azure AD B2C sends `false` except right after the session was reset (for example by `prompt=login`).',
        valueDocs: {
          true: 'The provider is always asked to authenticate the user again.',
          false: 'The provider may reuse its own session.',
        },
      },
      {
        key: 'ProviderName',
        required: 'no',
        doc: 'Value of the `ProviderName` attribute in the AuthnRequest.',
      },
      {
        key: 'IdpInitiatedProfileEnabled',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Allows sign-ins that the identity provider starts on its own, without a preceding request. Only the 2020 version of the reference lists it for this kind.',
        valueDocs: {
          true: 'Unsolicited responses from the provider are accepted.',
          false: 'Only responses to Azure AD B2C requests are accepted (the default).',
        },
        onlyInOlderDocRevision: true,
      },
    ],
    cryptographicKeys: [
      {
        id: 'SamlMessageSigning',
        required: 'yes',
        doc: 'Certificate with private key that Azure AD B2C signs its AuthnRequests with.',
      },
      {
        id: 'SamlAssertionDecryption',
        required: 'conditional',
        condition: 'WantsEncryptedAssertions=true (the provider encrypts assertions)',
        doc: 'Certificate with private key used to decrypt assertions; the provider encrypts with its public part.',
      },
      {
        id: 'MetadataSigning',
        required: 'no',
        doc: 'Certificate that signs the service-provider metadata Azure AD B2C publishes for this profile.',
      },
    ],
    rules: [
      {
        id: 'saml2idp.signedRequests',
        when: [{ type: 'metadata', key: 'WantsSignedRequests', values: ['true'], orAbsent: true }],
        requires: [{ type: 'key', id: 'SamlMessageSigning' }],
        doc: 'Signed requests, which are the default, need a `SamlMessageSigning` key.',
      },
      {
        id: 'saml2idp.encryptedAssertions',
        when: [{ type: 'metadata', key: 'WantsEncryptedAssertions', values: ['true'] }],
        requires: [{ type: 'key', id: 'SamlAssertionDecryption' }],
        doc: 'Encrypted assertions need a `SamlAssertionDecryption` key.',
      },
      {
        id: 'saml2idp.unsignedAssertions',
        when: [{ type: 'metadata', key: 'WantsSignedAssertions', values: ['false'] }],
        discouraged: true,
        doc: 'Turning off assertion signature checks (often together with `ResponsesSigned` `false`) lets forged assertions through; keep it to test environments.',
      },
      {
        id: 'saml2idp.nameId',
        advisory: true,
        doc: 'The subject NameID is mapped by a `PartnerClaimType` equal to its `SPNameQualifier`, else its `NameQualifier`, else `assertionSubjectName`.',
      },
      {
        id: 'saml2idp.metadataUrl',
        advisory: true,
        doc: 'Give the provider the metadata URL `https://{tenant}.b2clogin.com/{tenant}.onmicrosoft.com/{policy}/samlp/metadata?idptp={technical-profile-id}`.',
      },
    ],
  },
  {
    id: 'saml2-issuer',
    protocolName: 'SAML2',
    protocolNameAliases: ['None'],
    outputTokenFormat: 'SAML2',
    title: 'SAML token issuer',
    doc: 'Produces the SAML response that Azure AD B2C, acting as identity provider, sends to a SAML application; normally the last step of a journey.',
    sources: ['saml-issuer-technical-profile.md'],
    metadata: [
      {
        key: 'IssuerUri',
        required: 'no',
        doc: 'Issuer value written into the SAML response; make it what the application expects.',
      },
      {
        key: 'XmlSignatureAlgorithm',
        required: 'no',
        values: ['Sha256', 'Sha384', 'Sha512', 'Sha1'],
        valueType: 'enum',
        doc: 'Algorithm for signing the assertion; the certificate and the application must both support it.',
        valueDocs: {
          Sha256: 'RSA with SHA-256.',
          Sha384: 'RSA with SHA-384.',
          Sha512: 'RSA with SHA-512.',
          Sha1: 'RSA with SHA-1 (weak; prefer a SHA-2 variant).',
        },
      },
      {
        key: 'TokenNotBeforeSkewInSeconds',
        required: 'no',
        valueFormat: 'integer 0..3600',
        valueType: 'integer',
        range: { min: 0, max: 3600 },
        default: '0',
        doc: 'Number of seconds by which the assertion\'s `NotBefore` is moved into the past, to absorb clock differences.',
      },
      {
        key: 'TokenLifeTimeInSeconds',
        required: 'no',
        valueFormat: 'integer seconds',
        valueType: 'integer',
        default: '300',
        doc: 'How many seconds the assertion stays valid, starting at `NotBefore`.',
      },
    ],
    cryptographicKeys: [
      {
        id: 'MetadataSigning',
        required: 'yes',
        doc: 'Certificate that signs the SAML identity-provider metadata published by Azure AD B2C.',
      },
      {
        id: 'SamlMessageSigning',
        required: 'yes',
        doc: 'Certificate that signs the `samlp:Response` sent to the application.',
      },
      {
        id: 'SamlAssertionSigning',
        required: 'no',
        doc: 'Certificate that signs the `saml:Assertion`; when missing, `SamlMessageSigning` is used.',
      },
    ],
    rules: [
      {
        id: 'saml2issuer.noClaims',
        advisory: true,
        doc: 'Input, output and persisted claims and claims transformations are not used here; leave them out.',
      },
      {
        id: 'saml2issuer.session',
        advisory: true,
        doc: 'Point `UseTechnicalProfileForSessionManagement` at a profile using the SAML session provider.',
      },
    ],
  },
  {
    id: 'self-asserted',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.SelfAssertedAttributeProvider',
    title: 'Self-asserted',
    doc: 'Shows a page on which the user enters or confirms data (sign-in, sign-up, profile edit, ...) and runs validation technical profiles on what was submitted.',
    sources: ['self-asserted-technical-profile.md', 'display-control-captcha.md'],
    metadata: [
      {
        key: 'ContentDefinitionReferenceId',
        required: 'yes',
        doc: 'Id of the `ContentDefinition` that supplies the page layout.',
        references: 'ContentDefinition',
      },
      {
        key: 'setting.operatingMode',
        required: 'no',
        values: ['Username', 'Email'],
        valueType: 'enum',
        doc: 'On a sign-in page, picks how the user-name field is validated and which messages it uses.',
        valueDocs: { Username: 'The field takes a plain user name.', Email: 'The field takes an email address.' },
        availability: 'unifiedssp / unifiedssd pages',
      },
      {
        key: 'AllowGenerationOfClaimsWithNullValues',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Whether a claim may be output with no value, such as an unticked checkbox.',
        valueDocs: { true: 'Claims without a value are still produced.', false: 'Claims without a value are dropped.' },
      },
      {
        key: 'EnforceEmailVerification',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'On sign-up and profile-edit pages, whether an email address must be verified before the user can continue.',
        valueDocs: {
          true: 'Email verification is required (the default).',
          false: 'The email address is accepted without verification.',
        },
      },
      {
        key: 'setting.retryLimit',
        required: 'no',
        valueFormat: 'integer',
        valueType: 'integer',
        doc: 'How many times the user may resubmit after a validation technical profile rejected the input.',
      },
      {
        key: 'SignUpTarget',
        required: 'no',
        doc: 'Id of the claims exchange in the calling journey that runs when the user follows the sign-up link.',
        availability: 'unifiedssp / unifiedssd pages',
        references: 'ClaimsExchange',
      },
      {
        key: 'setting.showCancelButton',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Controls whether the page offers a Cancel button.',
        valueDocs: { true: 'The Cancel button is shown (the default).', false: 'The Cancel button is hidden.' },
      },
      {
        key: 'setting.showContinueButton',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Controls whether the page offers a Continue button.',
        valueDocs: { true: 'The Continue button is shown (the default).', false: 'The Continue button is hidden.' },
      },
      {
        key: 'setting.showSignupLink',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Controls whether a sign-in page offers the sign-up link.',
        valueDocs: { true: 'The sign-up link is shown (the default).', false: 'The sign-up link is hidden.' },
        availability: 'unifiedssp / unifiedssd, page layout 1.1.0+',
      },
      {
        key: 'setting.forgotPasswordLinkLocation',
        required: 'no',
        values: ['AfterLabel', 'AfterInput', 'AfterButtons', 'None'],
        valueType: 'enum',
        default: 'AfterLabel',
        doc: 'Where the forgot-password link appears on a sign-in page.',
        valueDocs: {
          AfterLabel: 'Next to the password label (the default).',
          AfterInput: 'Below the password box.',
          AfterButtons: 'Below the page buttons.',
          None: 'The link is not shown.',
        },
        availability: 'unifiedssp / unifiedssd, page layout 1.1.0+',
      },
      {
        key: 'setting.enableRememberMe',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Show the "Keep me signed in" checkbox on a sign-in page.',
        valueDocs: { true: 'The checkbox is shown.', false: 'The checkbox is hidden (the default).' },
        availability: 'unifiedssp / unifiedssd, page layout 1.1.0+',
      },
      {
        key: 'setting.inputVerificationDelayTimeInMilliseconds',
        required: 'no',
        valueFormat: 'integer milliseconds',
        valueType: 'integer',
        default: '2000',
        doc: 'Milliseconds to wait after the user stops typing before the field is validated in the browser.',
        availability: 'page layout 1.2.0+',
      },
      {
        key: 'IncludeClaimResolvingInClaimsHandling',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Set to `true` so that claim resolvers such as `{Context:CorrelationId}` in the `DefaultValue` of this profile\'s claims get replaced at run time. Each claim that uses one also needs `AlwaysUseDefaultValue="true"`.',
        valueDocs: {
          true: 'Resolver placeholders in claim default values are replaced with live values.',
          false: 'Placeholders are left as literal text (the default).',
        },
      },
      {
        key: 'setting.forgotPasswordLinkOverride',
        required: 'no',
        doc: 'Id of the claims exchange (an embedded password-reset sub-journey) started by the forgot-password link.',
        availability: 'unifiedssp, page layout 2.1.2+',
        references: 'ClaimsExchange',
      },
      {
        key: 'setting.enableCaptchaChallenge',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Switches CAPTCHA on for this page; a CAPTCHA display control referenced from `DisplayClaims` is only rendered when this is `true`.',
        valueDocs: { true: 'CAPTCHA display controls are shown.', false: 'CAPTCHA is off (the default).' },
        availability: 'CAPTCHA feature (preview)',
      },
      {
        key: 'UserMessageIfClaimsTransformationBooleanValueIsNotEqual',
        required: 'no',
        doc: 'Message shown when a boolean assertion in a validation profile fails, such as an "account enabled" check.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfClaimsTransformationStringsAreNotEqual',
        required: 'no',
        doc: 'Message shown when a string comparison in a validation profile fails, such as two email entries that differ.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfClaimsTransformationInvalidPhoneNumber',
        required: 'no',
        doc: 'Message shown when a validation profile cannot turn the entered text into a phone number.',
        category: 'error-message',
      },
      {
        key: 'IpAddressClaimReferenceId',
        required: 'no',
        doc: 'Found on starter-pack sign-in and sign-up pages with the value `IpAddress`; names the claim associated with the caller\'s IP address. Not in the self-asserted reference.',
        observedOnly: true,
        references: 'ClaimType',
      },
      {
        key: 'ClaimsProviderSelectionDisplayType',
        required: 'no',
        doc: 'Found in the starter pack\'s phone-passwordless sample with the value `TextLink`. Not in the self-asserted reference.',
        observedOnly: true,
      },
    ],
    keyFamilies: [
      {
        prefix: 'language.',
        pattern: 'language.<stringId>',
        doc: 'Overrides one localizable page string for this profile only, for example `language.button_continue`.',
      },
      {
        prefix: 'UserMessageIf',
        pattern: 'UserMessageIf*',
        doc: 'Error text for a failure raised by a validation technical profile. Put it here, on the page that runs that validation step, not on the validation profile itself.',
        category: 'error-message',
      },
    ],
    cryptographicKeys: [
      {
        id: 'issuer_secret',
        required: 'no',
        doc: 'The starter pack attaches the token-signing key container here; this kind never reads it, so it is harmless.',
        observedOnly: true,
      },
    ],
    rules: [
      {
        id: 'selfAsserted.noKeys',
        advisory: true,
        doc: 'This kind reads no CryptographicKeys; the `issuer_secret` carried by starter-pack profiles is ignored.',
      },
      {
        id: 'selfAsserted.noPersistedClaims',
        advisory: true,
        doc: 'PersistedClaims have no effect here; writes happen in a validation technical profile.',
      },
      {
        id: 'selfAsserted.displayClaims',
        advisory: true,
        doc: 'As soon as the profile has a DisplayClaim, the page is built from DisplayClaims alone; OutputClaims are then not rendered.',
      },
      {
        id: 'selfAsserted.unifiedOutputs',
        advisory: true,
        doc: 'Sign-in pages (`unifiedssp`/`unifiedssd`) render only the first two output claims: the user name, then the password.',
      },
      {
        id: 'selfAsserted.passwordScope',
        advisory: true,
        doc: 'Password claims reach this profile\'s validation technical profiles but not later journey steps.',
      },
    ],
  },
  {
    id: 'azure-active-directory',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.AzureActiveDirectoryProvider',
    title: 'Azure AD directory',
    doc: 'Reads, creates, updates or deletes user accounts in the Azure AD B2C directory.',
    sources: ['active-directory-technical-profile.md'],
    metadata: [
      {
        key: 'Operation',
        required: 'yes',
        values: ['Read', 'Write', 'DeleteClaims', 'DeleteClaimsPrincipal'],
        valueType: 'enum',
        doc: 'What to do with the directory.',
        valueDocs: {
          Read: 'Look up one user and return their attributes.',
          Write: 'Create the user, or update an existing one.',
          DeleteClaims: 'Clear the attributes listed in PersistedClaims.',
          DeleteClaimsPrincipal: 'Delete the user account.',
        },
      },
      {
        key: 'RaiseErrorIfClaimsPrincipalDoesNotExist',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Whether a missing user is an error.',
        valueDocs: { true: 'The step fails when no user matches.', false: 'A missing user is not an error.' },
      },
      {
        key: 'RaiseErrorIfClaimsPrincipalAlreadyExists',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Whether creating a user that already exists is an error.',
        valueDocs: { true: 'The step fails when the user already exists.', false: 'An existing user is not an error.' },
      },
      {
        key: 'ApplicationObjectId',
        required: 'no',
        doc: 'Object id of the `b2c-extensions-app`. Required for any read or write of `extension_` (custom) attributes.',
      },
      {
        key: 'ClientId',
        required: 'no',
        doc: 'Application (client) id of the `b2c-extensions-app`; goes with `ApplicationObjectId` for `extension_` attributes.',
      },
      {
        key: 'IncludeClaimResolvingInClaimsHandling',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Set to `true` so that claim resolvers such as `{Context:CorrelationId}` in the `DefaultValue` of this profile\'s claims get replaced at run time. Each claim that uses one also needs `AlwaysUseDefaultValue="true"`.',
        valueDocs: {
          true: 'Resolver placeholders in claim default values are replaced with live values.',
          false: 'Placeholders are left as literal text (the default).',
        },
      },
      {
        key: 'UserMessageIfClaimsPrincipalAlreadyExists',
        required: 'no',
        doc: 'Message when the account to create exists already (with `RaiseErrorIfClaimsPrincipalAlreadyExists`). Usually set on the self-asserted profile that calls this one.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfClaimsPrincipalDoesNotExist',
        required: 'no',
        doc: 'Message when no account matches (with `RaiseErrorIfClaimsPrincipalDoesNotExist`). Usually set on the self-asserted profile that calls this one.',
        category: 'error-message',
      },
    ],
    cryptographicKeys: [
      {
        id: 'issuer_secret',
        required: 'no',
        doc: 'The starter pack\'s `AAD-Common` carries the token-signing key container; the reference defines no keys for this kind.',
      },
    ],
    rules: [
      {
        id: 'aad.singleInput',
        advisory: true,
        doc: 'Declare a single input claim to find the user by. Allowed: `objectId`, `userPrincipalName`, `signInNames.emailAddress`, `signInNames.userName`, `alternativeSecurityId`.',
      },
      {
        id: 'aad.persistInput',
        when: [{ type: 'metadata', key: 'Operation', values: ['Write', 'DeleteClaims'] }],
        advisory: true,
        doc: 'For `Write` and `DeleteClaims`, the input claim must be repeated in PersistedClaims.',
      },
      {
        id: 'aad.upnDisplayName',
        advisory: true,
        doc: 'A written `userPrincipalName` has the form `user@tenant.onmicrosoft.com`, and a new user needs a non-empty `displayName`.',
      },
      {
        id: 'aad.extensionAttributes',
        when: [{ type: 'context', context: 'usesExtensionAttributes' }],
        requires: [{ type: 'metadata', key: 'ApplicationObjectId' }, { type: 'metadata', key: 'ClientId' }],
        doc: 'Reading or writing `extension_` attributes needs the extensions app\'s `ApplicationObjectId` and `ClientId`.',
      },
    ],
  },
  {
    id: 'jwt-issuer',
    protocolName: 'OpenIdConnect',
    protocolNameAliases: ['None'],
    outputTokenFormat: 'JWT',
    title: 'JWT token issuer',
    doc: 'Issues the id, access and refresh tokens that an OpenID Connect or OAuth 2.0 application receives at the end of a journey.',
    sources: ['jwt-issuer-technical-profile.md'],
    metadata: [
      {
        key: 'issuer_refresh_token_user_identity_claim_type',
        required: 'yes',
        doc: 'Claim that identifies the user inside authorization codes and refresh tokens; normally `objectId`, unless `SubjectNamingInfo` names another claim.',
        references: 'ClaimType',
      },
      {
        key: 'SendTokenResponseBodyWithJsonNumbers',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Controls whether numeric values in the token response are real JSON numbers.',
        valueDocs: {
          true: 'Numbers are written as JSON numbers (recommended).',
          false: 'Numbers are written as strings, the legacy format.',
        },
      },
      {
        key: 'token_lifetime_secs',
        required: 'no',
        valueFormat: 'integer 300..86400',
        valueType: 'integer',
        range: { min: 300, max: 86400 },
        default: '3600',
        doc: 'Lifetime in seconds of the access tokens Azure AD B2C issues.',
      },
      {
        key: 'id_token_lifetime_secs',
        required: 'no',
        valueFormat: 'integer 300..86400',
        valueType: 'integer',
        range: { min: 300, max: 86400 },
        default: '3600',
        doc: 'Lifetime in seconds of the ID tokens Azure AD B2C issues.',
      },
      {
        key: 'refresh_token_lifetime_secs',
        required: 'no',
        valueFormat: 'integer 86400..7776000',
        valueType: 'integer',
        range: { min: 86400, max: 7776000 },
        default: '1209600',
        doc: 'How many seconds a refresh token can be redeemed for; the application must request `offline_access` to get one.',
      },
      {
        key: 'rolling_refresh_token_lifetime_secs',
        required: 'no',
        valueFormat: 'integer 86400..31536000',
        valueType: 'integer',
        range: { min: 86400, max: 31536000 },
        default: '7776000',
        doc: 'Upper bound, in seconds, of the sliding refresh window; after it, the user has to sign in again even if tokens kept being refreshed.',
      },
      {
        key: 'allow_infinite_rolling_refresh_token',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Removes the upper bound of the sliding refresh window.',
        valueDocs: {
          true: 'Refreshing can go on indefinitely.',
          false: '`rolling_refresh_token_lifetime_secs` caps refreshing.',
        },
      },
      {
        key: 'IssuanceClaimPattern',
        required: 'no',
        values: ['AuthorityAndTenantGuid', 'AuthorityWithTfp'],
        valueType: 'enum',
        default: 'AuthorityAndTenantGuid',
        doc: 'Layout of the `iss` claim.',
        valueDocs: {
          AuthorityAndTenantGuid: 'Authority URL followed by the tenant id (the default).',
          AuthorityWithTfp: 'Authority URL with the `tfp` policy segment added.',
        },
      },
      {
        key: 'AuthenticationContextReferenceClaimPattern',
        required: 'no',
        values: ['None', 'PolicyId'],
        valueType: 'enum',
        doc: 'Whether and how the `acr` claim is emitted.',
        valueDocs: { None: 'No `acr` claim (the default).', PolicyId: 'The `acr` claim carries the policy name.' },
      },
      {
        key: 'RefreshTokenUserJourneyId',
        required: 'no',
        doc: 'Id of the user journey executed when the application redeems a refresh token at the token endpoint.',
        references: 'UserJourney',
      },
      {
        key: 'client_id',
        required: 'no',
        doc: 'Found in the starter pack with the value `{service:te}`. Not in the JWT issuer reference.',
        observedOnly: true,
      },
    ],
    cryptographicKeys: [
      {
        id: 'issuer_secret',
        required: 'yes',
        doc: 'RSA key container used to sign the tokens (in the starter pack: `B2C_1A_TokenSigningKeyContainer`).',
      },
      {
        id: 'issuer_refresh_token_key',
        required: 'yes',
        doc: 'RSA key container used to encrypt refresh tokens (in the starter pack: `B2C_1A_TokenEncryptionKeyContainer`).',
      },
    ],
    rules: [
      {
        id: 'jwt.noClaims',
        advisory: true,
        doc: 'Input, output and persisted claims are not used here; leave them out.',
      },
      {
        id: 'jwt.session',
        advisory: true,
        doc: 'Point `UseTechnicalProfileForSessionManagement` at a profile using the OAuth session provider.',
      },
      {
        id: 'jwt.lifetimes',
        advisory: true,
        doc: 'Each lifetime must lie inside its documented range (bounds inclusive). Refresh tokens default to 14 days and the sliding window to 90 days.',
      },
    ],
  },
  {
    id: 'phone-factor',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.PhoneFactorProtocolProvider',
    title: 'Phone factor',
    doc: 'Enrolls or verifies a phone number with a code sent by text message or a voice call.',
    sources: ['phone-factor-technical-profile.md'],
    metadata: [
      {
        key: 'ContentDefinitionReferenceId',
        required: 'yes',
        doc: 'Id of the `ContentDefinition` that supplies the phone page layout.',
        references: 'ContentDefinition',
      },
      {
        key: 'ManualPhoneNumberEntryAllowed',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Whether the user may type in a phone number.',
        valueDocs: {
          true: 'The user can enter a number by hand.',
          false: 'Only the numbers supplied as input claims can be used (the default).',
        },
      },
      {
        key: 'setting.authenticationMode',
        required: 'no',
        values: ['sms', 'phone', 'mixed'],
        valueType: 'enum',
        default: 'mixed',
        doc: 'Channel used to deliver the code.',
        valueDocs: { sms: 'Text message only.', phone: 'Voice call only.', mixed: 'The user chooses (the default).' },
      },
      {
        key: 'setting.autodial',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Starts the text or call without waiting for the user. Only works when the channel is fixed (`sms` or `phone`) and there is one candidate number.',
        valueDocs: {
          true: 'The code is sent as soon as the page loads.',
          false: 'The user starts the call or text (the default).',
        },
      },
      {
        key: 'setting.autosubmit',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Whether the code form submits itself once the code is complete.',
        valueDocs: { true: 'The form submits automatically (the default).', false: 'The user must press the button.' },
      },
      {
        key: 'setting.enableCaptchaChallenge',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Adds a CAPTCHA to this page; reference a CAPTCHA display control in `DisplayClaims`.',
        valueDocs: { true: 'CAPTCHA is shown.', false: 'CAPTCHA is off (the default).' },
        availability: 'CAPTCHA preview',
      },
    ],
    cryptographicKeys: [
      {
        id: 'issuer_secret',
        required: 'no',
        doc: 'The starter pack attaches the token-signing key container here; this kind never reads it, so it is harmless.',
        observedOnly: true,
      },
    ],
    rules: [
      {
        id: 'phoneFactor.inputs',
        advisory: true,
        doc: 'Inputs: one claim with `PartnerClaimType` (or Id) `UserId` that carries no personal data, and one or more claims with candidate phone numbers.',
      },
      {
        id: 'phoneFactor.outputs',
        advisory: true,
        doc: 'Outputs: `newPhoneNumberEntered` (boolean) and `Verified.OfficePhone` (the confirmed number), matched by claim Id or `PartnerClaimType`.',
      },
      {
        id: 'phoneFactor.autodial',
        when: [{ type: 'metadata', key: 'setting.autodial', values: ['true'] }],
        requires: [{ type: 'metadata', key: 'setting.authenticationMode', values: ['sms', 'phone'] }],
        doc: 'Automatic dialing only works with a fixed channel (`setting.authenticationMode` of `sms` or `phone`) and one phone-number input claim.',
      },
      { id: 'phoneFactor.noKeys', advisory: true, doc: 'This kind reads no CryptographicKeys.' },
    ],
  },
  {
    id: 'claims-transformation',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.ClaimsTransformationProtocolProvider',
    title: 'Claims transformation',
    doc: 'Runs output claims transformations without talking to any external party; with an assertion transformation it can serve as a validation technical profile.',
    sources: ['claims-transformation-technical-profile.md'],
    metadata: [
      {
        key: 'IncludeClaimResolvingInClaimsHandling',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Set to `true` so that claim resolvers such as `{Context:CorrelationId}` in the `DefaultValue` of this profile\'s claims get replaced at run time. Each claim that uses one also needs `AlwaysUseDefaultValue="true"`.',
        valueDocs: {
          true: 'Resolver placeholders in claim default values are replaced with live values.',
          false: 'Placeholders are left as literal text (the default).',
        },
      },
      {
        key: 'ContentDefinitionReferenceId',
        required: 'conditional',
        condition: 'when FormatLocalizedString, GetLocalizedStringsTransformation or GetMappedValueFromLocalizedCollection runs as an output transformation',
        doc: 'Id of the `ContentDefinition` whose localized strings the localized-string transformations read.',
        references: 'ContentDefinition',
      },
    ],
    cryptographicKeys: [],
    rules: [
      { id: 'ct.outputClaims', advisory: true, doc: 'Declare at least one output claim.' },
      {
        id: 'ct.assertions',
        advisory: true,
        doc: 'The work is done by OutputClaimsTransformations. With an assertion transformation such as `AssertStringClaimsAreEqual` it acts as a validation profile, and the error message is set on the calling self-asserted profile.',
      },
    ],
  },
  {
    id: 'one-time-password',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.OneTimePasswordProtocolProvider',
    title: 'One-time password',
    doc: 'Generates a one-time code for an identifier such as an email address or phone number, or checks a code the user typed.',
    sources: ['one-time-password-technical-profile.md'],
    metadata: [
      {
        key: 'Operation',
        required: 'yes',
        values: ['GenerateCode', 'VerifyCode'],
        valueType: 'enum',
        doc: 'What this profile does.',
        valueDocs: { GenerateCode: 'Create a code for the identifier.', VerifyCode: 'Check the code the user entered.' },
      },
      {
        key: 'CodeExpirationInSeconds',
        required: 'no',
        valueFormat: 'integer 60..1200',
        valueType: 'integer',
        range: { min: 60, max: 1200 },
        default: '600',
        doc: 'Seconds a code stays valid. Each new hand-out restarts the clock, and the same period is the lock-out after too many failed attempts.',
        appliesToOperation: ['GenerateCode'],
      },
      {
        key: 'CodeLength',
        required: 'no',
        valueFormat: 'integer',
        valueType: 'integer',
        default: '6',
        doc: 'Number of characters in a generated code.',
        appliesToOperation: ['GenerateCode'],
      },
      {
        key: 'CharacterSet',
        required: 'no',
        valueFormat: 'regex character class body, at least 10 distinct characters',
        valueType: 'string',
        default: '0-9',
        doc: 'Characters a code is built from, written like the body of a regex character class (for example `a-z0-9A-Z`).',
        appliesToOperation: ['GenerateCode'],
      },
      {
        key: 'NumRetryAttempts',
        required: 'no',
        valueFormat: 'integer',
        valueType: 'integer',
        default: '5',
        doc: 'How many verification attempts are allowed before the code becomes invalid.',
        appliesToOperation: ['GenerateCode'],
      },
      {
        key: 'NumCodeGenerationAttempts',
        required: 'no',
        valueFormat: 'integer',
        valueType: 'integer',
        default: '10',
        doc: 'Cap on how many codes can be generated for one identifier.',
        appliesToOperation: ['GenerateCode'],
      },
      {
        key: 'ReuseSameCode',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Whether a still-valid code is handed out again instead of a fresh one.',
        valueDocs: {
          true: 'The previous code is reused while it is valid.',
          false: 'A new code is generated each time (the default).',
        },
        appliesToOperation: ['GenerateCode'],
      },
      {
        key: 'UserMessageIfSessionDoesNotExist',
        required: 'no',
        doc: 'Message when no code exists for the identifier, because it expired or was never generated. Set it on the calling self-asserted profile.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfMaxRetryAttempted',
        required: 'no',
        doc: 'Message when all verification attempts are used up.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfMaxNumberOfCodeGenerated',
        required: 'no',
        doc: 'Message when the user asked for too many codes.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfInvalidCode',
        required: 'no',
        doc: 'Message when the code is wrong.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfVerificationFailedRetryAllowed',
        required: 'no',
        doc: 'Message when the code is wrong but the user may try again.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfSessionConflict',
        required: 'no',
        doc: 'Message when the code could not be verified.',
        category: 'error-message',
      },
    ],
    cryptographicKeys: [],
    rules: [
      {
        id: 'otp.generate',
        when: [{ type: 'metadata', key: 'Operation', values: ['GenerateCode'] }],
        advisory: true,
        doc: 'Input: a claim with `PartnerClaimType` `identifier` (the email or phone). Output: `otpGenerated`.',
      },
      {
        id: 'otp.verify',
        when: [{ type: 'metadata', key: 'Operation', values: ['VerifyCode'] }],
        advisory: true,
        doc: 'Inputs: `identifier` and `otpToVerify`; no outputs. Run it as a validation profile so errors appear on the page.',
      },
    ],
  },
  {
    id: 'id-token-hint',
    protocolName: 'None',
    title: 'ID token hint',
    doc: 'Validates a JWT that an application passes in as `id_token_hint` and extracts claims from it.',
    sources: ['id-token-hint.md'],
    metadata: [
      {
        key: 'issuer',
        required: 'conditional',
        condition: 'mandatory when a symmetric key signs the token; optional with METADATA',
        doc: 'Expected `iss` of the incoming token.',
      },
      {
        key: 'IdTokenAudience',
        required: 'conditional',
        condition: 'mandatory when a symmetric key signs the token; optional with METADATA',
        doc: 'Expected `aud` of the incoming token.',
      },
      {
        key: 'METADATA',
        required: 'conditional',
        condition: 'mandatory when an asymmetric key signs the token',
        doc: 'Discovery document URL of whoever signed the token; its published keys are used to check the signature.',
      },
    ],
    cryptographicKeys: [
      {
        id: 'client_secret',
        required: 'conditional',
        condition: 'the token is signed with a symmetric key (no METADATA)',
        doc: 'Shared symmetric secret that checks the token\'s signature.',
      },
    ],
    rules: [
      {
        id: 'idTokenHint.signature',
        requiresOneOf: [
          { type: 'metadata', key: 'METADATA' },
          {
            type: 'allOf',
            of: [
              { type: 'key', id: 'client_secret' },
              { type: 'metadata', key: 'issuer' },
              { type: 'metadata', key: 'IdTokenAudience' },
            ],
          },
        ],
        doc: 'Configure either `METADATA` (asymmetric signature) or a `client_secret` key together with `issuer` and `IdTokenAudience` (symmetric signature).',
      },
      {
        id: 'idTokenHint.tokenClaims',
        advisory: true,
        doc: 'The token needs `aud`, `iss`, `exp` and `nbf`; a wrong value or an expired token is rejected.',
      },
      {
        id: 'idTokenHint.rpInputs',
        advisory: true,
        doc: 'The relying party should list as InputClaims the same claims this profile extracts as OutputClaims.',
      },
    ],
  },
  {
    id: 'azure-mfa',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.AzureMfaProtocolProvider',
    title: 'Azure AD MFA',
    doc: 'Uses the Azure AD multifactor service to send and check SMS codes or to verify TOTP codes from an authenticator app. It has no page of its own and is called as a validation profile or from a display control.',
    sources: ['multi-factor-auth-technical-profile.md'],
    metadata: [
      {
        key: 'Operation',
        required: 'yes',
        values: ['OneWaySMS', 'Verify', 'GetAvailableDevices', 'BeginVerifyOTP', 'VerifyOTP'],
        valueType: 'enum',
        doc: 'What this profile does.',
        valueDocs: {
          OneWaySMS: 'Text a code to a phone number.',
          Verify: 'Check the texted code.',
          GetAvailableDevices: 'Count the user\'s enrolled authenticator devices.',
          BeginVerifyOTP: 'Prepare verification of an authenticator (TOTP) code.',
          VerifyOTP: 'Check an authenticator (TOTP) code.',
        },
      },
      {
        key: 'UserMessageIfCouldntSendSms',
        required: 'no',
        doc: 'Message when the number cannot receive text messages. Set it on the calling self-asserted profile.',
        category: 'error-message',
        appliesToOperation: ['OneWaySMS'],
      },
      {
        key: 'UserMessageIfInvalidFormat',
        required: 'no',
        doc: 'Message when the phone number is not valid.',
        category: 'error-message',
        appliesToOperation: ['OneWaySMS'],
      },
      {
        key: 'UserMessageIfServerError',
        required: 'no',
        doc: 'Message when the service reports an internal error.',
        category: 'error-message',
        appliesToOperation: ['OneWaySMS', 'Verify'],
      },
      {
        key: 'UserMessageIfThrottled',
        required: 'no',
        doc: 'Message when too many requests were made.',
        category: 'error-message',
        appliesToOperation: ['OneWaySMS', 'Verify'],
      },
      {
        key: 'UserMessageIfMaxAllowedCodeRetryReached',
        required: 'no',
        doc: 'Message when the user entered a wrong code too often.',
        category: 'error-message',
        appliesToOperation: ['Verify'],
      },
      {
        key: 'UserMessageIfWrongCodeEntered',
        required: 'no',
        doc: 'Message when the code is wrong.',
        category: 'error-message',
        appliesToOperation: ['Verify'],
      },
    ],
    cryptographicKeys: [],
    rules: [
      {
        id: 'mfa.oneWaySms',
        when: [{ type: 'metadata', key: 'Operation', values: ['OneWaySMS'] }],
        advisory: true,
        doc: 'Inputs: `userPrincipalName` and `phoneNumber` (required), `companyName` and `locale` (optional). No outputs.',
      },
      {
        id: 'mfa.verify',
        when: [{ type: 'metadata', key: 'Operation', values: ['Verify'] }],
        advisory: true,
        doc: 'Inputs: the `phoneNumber` the code went to, and `verificationCode`. No outputs.',
      },
      {
        id: 'mfa.devices',
        when: [{ type: 'metadata', key: 'Operation', values: ['GetAvailableDevices'] }],
        advisory: true,
        doc: 'Input: `userPrincipalName`. Output: `numberOfAvailableDevices`, where 0 means the user has not enrolled.',
      },
      {
        id: 'mfa.beginVerifyOtp',
        when: [{ type: 'metadata', key: 'Operation', values: ['BeginVerifyOTP'] }],
        advisory: true,
        doc: 'Inputs: `userPrincipalName`, `objectId` and `secretKey`. A `VerifyOTP` validation profile has to follow.',
      },
      {
        id: 'mfa.verifyOtp',
        when: [{ type: 'metadata', key: 'Operation', values: ['VerifyOTP'] }],
        advisory: true,
        doc: 'Input: `otpCode`. A `BeginVerifyOTP` step has to come first.',
      },
      {
        id: 'mfa.noUi',
        advisory: true,
        doc: 'Call it from a self-asserted profile\'s validation step or from a display control; it renders nothing itself.',
      },
    ],
  },
  {
    id: 'aad-sspr',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.AadSsprProtocolProvider',
    title: 'Azure AD SSPR',
    doc: 'Uses the Azure AD self-service password reset service to email a verification code and check it.',
    sources: ['aad-sspr-technical-profile.md'],
    metadata: [
      {
        key: 'Operation',
        required: 'yes',
        values: ['SendCode', 'VerifyCode'],
        valueType: 'enum',
        doc: 'What this profile does.',
        valueDocs: { SendCode: 'Email a code to the address.', VerifyCode: 'Check the code the user entered.' },
      },
      {
        key: 'UserMessageIfInternalError',
        required: 'no',
        doc: 'Message when the service reports an internal error. Set it on the calling self-asserted profile.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfThrottled',
        required: 'no',
        doc: 'Message when too many requests were made.',
        category: 'error-message',
      },
      {
        key: 'UserMessageIfChallengeExpired',
        required: 'no',
        doc: 'Message when the code has expired or was never sent to this address.',
        category: 'error-message',
        appliesToOperation: ['VerifyCode'],
      },
      {
        key: 'UserMessageIfVerificationFailedNoRetry',
        required: 'no',
        doc: 'Message when the code is wrong and no attempts remain.',
        category: 'error-message',
        appliesToOperation: ['VerifyCode'],
      },
      {
        key: 'UserMessageIfVerificationFailedRetryAllowed',
        required: 'no',
        doc: 'Message when the code is wrong but the user may try again.',
        category: 'error-message',
        appliesToOperation: ['VerifyCode'],
      },
    ],
    cryptographicKeys: [],
    rules: [
      {
        id: 'sspr.send',
        when: [{ type: 'metadata', key: 'Operation', values: ['SendCode'] }],
        advisory: true,
        doc: 'Input: one claim with `PartnerClaimType` `emailAddress`. Nothing is returned, but output claims with defaults are allowed.',
      },
      {
        id: 'sspr.verify',
        when: [{ type: 'metadata', key: 'Operation', values: ['VerifyCode'] }],
        advisory: true,
        doc: 'Inputs: claims with `PartnerClaimType` `emailAddress` and `verificationCode`.',
      },
    ],
  },
  {
    id: 'application-insights',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.Insights.AzureApplicationInsightsProvider',
    handlerAliases: ['Web.TPEngine.Providers.AzureApplicationInsightsProvider'],
    title: 'Application Insights',
    doc: 'Sends a custom event with the journey\'s claims to Azure Application Insights.',
    sources: ['application-insights-technical-profile.md'],
    metadata: [
      {
        key: 'InstrumentationKey',
        required: 'yes',
        doc: 'Instrumentation key of the Application Insights resource that receives the events.',
      },
      {
        key: 'DeveloperMode',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Whether events are sent at once instead of being batched. Meant for development with little traffic.',
        valueDocs: {
          true: 'Each event is sent immediately.',
          false: 'Events are buffered and sent in batches (the default).',
        },
      },
      {
        key: 'DisableTelemetry',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Switches the event logging off.',
        valueDocs: { true: 'No events are sent.', false: 'Events are sent (the default).' },
      },
    ],
    cryptographicKeys: [],
    rules: [
      {
        id: 'appInsights.inputs',
        advisory: true,
        doc: 'Each InputClaim becomes an event property: write `PartnerClaimType` as `{property:NAME}`; `DefaultValue` may hold a literal or a claim resolver, which is resolved without extra settings.',
      },
      {
        id: 'appInsights.unused',
        advisory: true,
        doc: 'PersistedClaims, OutputClaims, OutputClaimsTransformations and CryptographicKeys have no effect here.',
      },
    ],
  },
  {
    id: 'sso-default',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.SSO.DefaultSSOSessionProvider',
    title: 'Default session provider',
    doc: 'Session provider meant for self-asserted, directory (Azure AD), Azure MFA and claims-transformation profiles.',
    sources: ['custom-policy-reference-sso.md'],
    metadata: [],
    cryptographicKeys: [],
    rules: [
      {
        id: 'sso.default.use',
        advisory: true,
        doc: 'Lets such a profile be skipped on single sign-on while its claims are kept in the session cookie.',
      },
      {
        id: 'sso.default.claims',
        advisory: true,
        doc: 'PersistedClaims are stored in the cookie after a fresh sign-in (they must be in the claim bag then) and come back automatically on SSO. OutputClaims are fixed extra claims on SSO and need a `DefaultValue`.',
      },
      {
        id: 'sso.default.implicit',
        advisory: true,
        doc: 'A profile without `UseTechnicalProfileForSessionManagement` silently gets this provider\'s behaviour.',
      },
    ],
  },
  {
    id: 'sso-external-login',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.SSO.ExternalLoginSSOSessionProvider',
    title: 'External login session provider',
    doc: 'Session provider for OAuth 1.0, OAuth 2.0, OpenID Connect and SAML identity-provider profiles.',
    sources: ['custom-policy-reference-sso.md'],
    metadata: [
      {
        key: 'AlwaysFetchClaimsFromProvider',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Has no effect; an older version of the reference called it unused and the current one omits it. The starter pack still sets it, so it is accepted.',
        valueDocs: { true: 'No effect.', false: 'No effect.' },
        deprecated: true,
        onlyInOlderDocRevision: true,
      },
    ],
    cryptographicKeys: [],
    rules: [
      {
        id: 'sso.external.use',
        advisory: true,
        doc: 'Remembers which provider the user picked so the selection page can be skipped, and makes federated sign-out possible.',
      },
      {
        id: 'sso.external.skip',
        advisory: true,
        doc: 'On SSO, a profile is skipped when one of its OutputClaims is a claim kept in the session.',
      },
    ],
  },
  {
    id: 'sso-oauth',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.SSO.OAuthSSOSessionProvider',
    title: 'OAuth session provider',
    doc: 'Session provider used by the JWT issuer to remember the OAuth 2.0 / OpenID Connect applications a user signed in to, for single sign-out.',
    sources: ['custom-policy-reference-sso.md'],
    metadata: [],
    cryptographicKeys: [],
    rules: [
      {
        id: 'sso.oauth.noClaims',
        advisory: true,
        doc: 'Persisted and output claims cannot be configured on it.',
      },
    ],
  },
  {
    id: 'sso-saml',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.SSO.SamlSSOSessionProvider',
    title: 'SAML session provider',
    doc: 'Session provider for the SAML token issuer and for SAML identity-provider profiles.',
    sources: ['custom-policy-reference-sso.md'],
    metadata: [
      {
        key: 'RegisterServiceProviders',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Whether every SAML application that got an assertion is recorded, which SAML single sign-out relies on. Use `false` when the provider serves a SAML identity-provider profile.',
        valueDocs: {
          true: 'Applications are recorded (the default; needed by the SAML token issuer).',
          false: 'Nothing is recorded (use this for SAML identity-provider profiles).',
        },
      },
      {
        key: 'IncludeSessionIndex',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        doc: 'Has no effect; the reference calls it unused.',
        valueDocs: { true: 'No effect.', false: 'No effect.' },
        deprecated: true,
      },
    ],
    cryptographicKeys: [],
    rules: [
      {
        id: 'sso.saml.idp',
        when: [{ type: 'context', context: 'usedBySamlIdentityProvider' }],
        requires: [{ type: 'metadata', key: 'RegisterServiceProviders', values: ['false'] }],
        doc: 'When it manages a SAML identity-provider profile, set `RegisterServiceProviders` to `false`.',
      },
      {
        id: 'sso.saml.issuer',
        when: [{ type: 'context', context: 'usedBySamlIssuer' }],
        requires: [{ type: 'metadata', key: 'RegisterServiceProviders', values: ['true'], orAbsent: true }],
        doc: 'When it manages the SAML token issuer, keep `RegisterServiceProviders` `true`; SAML sign-out also needs the SessionIndex and NameID.',
      },
    ],
  },
  {
    id: 'sso-noop',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.SSO.NoopSSOSessionProvider',
    title: 'No-op session provider',
    doc: 'Session provider that stores nothing, so the profile runs every time.',
    sources: ['custom-policy-reference-sso.md'],
    metadata: [],
    cryptographicKeys: [],
    rules: [
      {
        id: 'sso.noop.use',
        advisory: true,
        doc: 'A good fit for REST calls, claims transformations, MFA that must always be asked, and consent pages.',
      },
    ],
  },
  {
    id: 'relyingparty-oidc',
    protocolName: 'OpenIdConnect',
    relyingParty: true,
    title: 'Relying party (OpenID Connect)',
    doc: 'The technical profile inside `RelyingParty` for an OpenID Connect or OAuth 2.0 application; it decides which claims go into the issued token.',
    sources: ['relyingparty.md'],
    metadata: [],
    cryptographicKeys: [],
    rules: [
      { id: 'rp.id', advisory: true, doc: 'Its Id must be `PolicyProfile`.' },
      { id: 'rp.protocol', advisory: true, doc: 'Its Protocol Name is `OpenIdConnect` or `SAML2`.' },
      {
        id: 'rp.subject',
        advisory: true,
        doc: '`SubjectNamingInfo/@ClaimType` has to match the `PartnerClaimType` of one of the output claims (for example `objectId` sent as `sub`).',
      },
      {
        id: 'rp.order',
        advisory: true,
        doc: 'RelyingParty children go in this order: DefaultUserJourney, Endpoints, UserJourneyBehaviors, TechnicalProfile. Inside UserJourneyBehaviors: SingleSignOn, SessionExpiryType, SessionExpiryInSeconds, JourneyInsights, ContentDefinitionParameters, JourneyFraming, ScriptExecution.',
      },
    ],
  },
  {
    id: 'relyingparty-saml',
    protocolName: 'SAML2',
    relyingParty: true,
    title: 'Relying party (SAML)',
    doc: 'The technical profile inside `RelyingParty` for a SAML application; it shapes the SAML response sent to that application.',
    sources: ['relyingparty.md'],
    metadata: [
      {
        key: 'IdpInitiatedProfileEnabled',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Whether the flow may start at Azure AD B2C without a request from the application.',
        valueDocs: {
          true: 'IdP-initiated sign-in is allowed.',
          false: 'The application must send an AuthnRequest first (the default).',
        },
      },
      {
        key: 'XmlSignatureAlgorithm',
        required: 'no',
        values: ['Sha256', 'Sha384', 'Sha512', 'Sha1'],
        valueType: 'enum',
        doc: 'Algorithm for signing the SAML Response; the assertion\'s algorithm is configured on the SAML token issuer.',
        valueDocs: {
          Sha256: 'RSA with SHA-256.',
          Sha384: 'RSA with SHA-384.',
          Sha512: 'RSA with SHA-512.',
          Sha1: 'RSA with SHA-1 (weak; prefer a SHA-2 variant).',
        },
      },
      {
        key: 'DataEncryptionMethod',
        required: 'no',
        values: ['Aes256', 'Aes192', 'Aes128', 'Sha512'],
        valueType: 'enum',
        default: 'Aes256',
        doc: 'Cipher for the `EncryptedData` of an encrypted assertion.',
        valueDocs: {
          Aes256: 'AES with a 256-bit key (the default).',
          Aes192: 'AES with a 192-bit key.',
          Aes128: 'AES with a 128-bit key.',
          Sha512: 'Listed by the reference, but SHA-512 is a hash, not a cipher; probably a documentation mistake.',
        },
      },
      {
        key: 'KeyEncryptionMethod',
        required: 'no',
        values: ['Rsa15', 'RsaOaep'],
        valueType: 'enum',
        default: 'Rsa15',
        doc: 'Algorithm that encrypts the data key (`EncryptedKey`).',
        valueDocs: { Rsa15: 'RSA PKCS#1 v1.5 (the default).', RsaOaep: 'RSA-OAEP.' },
      },
      {
        key: 'UseDetachedKeys',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Moves the encrypted key out of `EncryptedData` and directly under `EncryptedAssertion`.',
        valueDocs: {
          true: 'The encrypted key sits under `EncryptedAssertion`.',
          false: 'The encrypted key sits inside `EncryptedData` (the default).',
        },
      },
      {
        key: 'WantsSignedResponses',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'true',
        doc: 'Whether Azure AD B2C signs the `Response` element.',
        valueDocs: { true: 'The response is signed (the default).', false: 'The response is sent unsigned.' },
      },
      {
        key: 'RemoveMillisecondsFromDateTime',
        required: 'no',
        values: ['true', 'false'],
        valueType: 'boolean',
        default: 'false',
        doc: 'Whether milliseconds are dropped from `IssueInstant`, `NotBefore`, `NotOnOrAfter` and `AuthnInstant`.',
        valueDocs: {
          true: 'Timestamps are written without milliseconds.',
          false: 'Timestamps keep their milliseconds (the default).',
        },
      },
      {
        key: 'RequestContextMaximumLengthInBytes',
        required: 'no',
        valueFormat: 'integer up to 2048',
        valueType: 'integer',
        range: { max: 2048 },
        default: '1000',
        doc: 'Longest `RelayState` value, in bytes, that the application may send.',
      },
    ],
    cryptographicKeys: [],
    rules: [
      {
        id: 'rp.saml.nameIdFormat',
        advisory: true,
        doc: 'A `Format` attribute on `SubjectNamingInfo` sets the NameID format of the subject.',
      },
    ],
  },
  {
    id: 'conditional-access',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.ConditionalAccessProtocolProvider',
    title: 'Conditional Access',
    doc: 'Evaluates Conditional Access policies for the sign-in, or reports that the challenges it returned were completed.',
    sources: ['conditional-access-technical-profile.md'],
    metadata: [
      {
        key: 'OperationType',
        required: 'yes',
        values: ['Evaluation', 'Remediation'],
        valueType: 'enum',
        doc: 'What this profile does.',
        valueDocs: {
          Evaluation: 'Ask Conditional Access which challenges apply to this sign-in.',
          Remediation: 'Report that the returned challenges were satisfied.',
        },
      },
    ],
    cryptographicKeys: [],
    rules: [
      {
        id: 'ca.evaluation',
        when: [{ type: 'metadata', key: 'OperationType', values: ['Evaluation'] }],
        advisory: true,
        doc: 'Inputs: `UserId`, `AuthenticationMethodsUsed` (Password, OneTimePasscode), `IsFederated` (must be false) and `IsMfaRegistered`. Outputs: `Challenges` (block, mfa, chg_pwd) and `MultiConditionalAccessStatus`.',
      },
      {
        id: 'ca.remediation',
        when: [{ type: 'metadata', key: 'OperationType', values: ['Remediation'] }],
        advisory: true,
        doc: 'Input: `ChallengesSatisfied` (a string collection). No outputs.',
      },
    ],
  },
  {
    id: 'captcha',
    protocolName: 'Proprietary',
    handler: 'Web.TPEngine.Providers.CaptchaProvider',
    title: 'CAPTCHA',
    doc: 'Creates a CAPTCHA challenge and checks the answer (preview feature); used through a CAPTCHA display control.',
    sources: ['captcha-technical-profile.md', 'display-control-captcha.md'],
    metadata: [
      {
        key: 'Operation',
        required: 'yes',
        values: ['GetChallenge', 'VerifyChallenge'],
        valueType: 'enum',
        doc: 'What this profile does.',
        valueDocs: { GetChallenge: 'Produce a new challenge.', VerifyChallenge: 'Check the user\'s answer.' },
      },
      {
        key: 'Brand',
        required: 'yes',
        values: ['HIP'],
        valueType: 'enum',
        doc: 'Which CAPTCHA service is used.',
        valueDocs: { HIP: 'The only documented provider.' },
      },
    ],
    cryptographicKeys: [],
    rules: [
      {
        id: 'captcha.get',
        when: [{ type: 'metadata', key: 'Operation', values: ['GetChallenge'] }],
        advisory: true,
        doc: 'Inputs: `challengeType` (Audio or Visual, Visual by default) and `azureregion`. Display claim: `challengeString`. Outputs: `challengeId`, `challengeString`, `azureregion`.',
      },
      {
        id: 'captcha.verify',
        when: [{ type: 'metadata', key: 'Operation', values: ['VerifyChallenge'] }],
        advisory: true,
        doc: 'Inputs: `challengeType`, `challengeId`, `captchaEntered`, `azureregion`. Display claim: `captchaEntered`. Outputs: `challengeId`, `isCaptchaSolved`, `reason`.',
      },
      {
        id: 'captcha.host',
        advisory: true,
        doc: 'The self-asserted or phone-factor page hosting the CAPTCHA control must set `setting.enableCaptchaChallenge` to `true`.',
      },
    ],
  },
  {
    id: 'engine-default',
    protocolName: 'None',
    fallback: true,
    title: 'Protocol None placeholder',
    doc: 'A profile with Protocol `None` that talks to nothing, like the starter pack\'s `TpEngine_...` placeholder or a profile that only emits claims. No reference article describes it.',
    sources: [],
    metadata: [
      {
        key: 'url',
        required: 'no',
        doc: 'Found in the starter pack with the value `{service:te}`; its meaning is not documented.',
        observedOnly: true,
      },
    ],
    cryptographicKeys: [],
    rules: [],
  },
];

/** Keys valid on many kinds (`appliesTo`). */
export const genericMetadata: readonly GenericMetadataKey[] = [
  {
    key: 'IncludeClaimResolvingInClaimsHandling',
    source: 'claim-resolver-overview.md',
    required: 'no',
    values: ['true', 'false'],
    valueType: 'boolean',
    default: 'false',
    doc: 'Set to `true` so that claim resolvers such as `{Context:CorrelationId}` in the `DefaultValue` of this profile\'s claims get replaced at run time. Each claim that uses one also needs `AlwaysUseDefaultValue="true"`.',
    valueDocs: {
      true: 'Resolver placeholders in claim default values are replaced with live values.',
      false: 'Placeholders are left as literal text (the default).',
    },
    appliesTo: [
      'restful',
      'openidconnect',
      'oauth2',
      'saml2-idp',
      'self-asserted',
      'azure-active-directory',
      'claims-transformation',
    ],
  },
  {
    key: 'ClaimTypeOnWhichToEnable',
    source: 'technicalprofiles.md',
    required: 'no',
    doc: 'Claim that decides whether the profile runs when `EnabledForUserJourneys` is `OnClaimsExistence`, `OnItemExistenceInStringCollectionClaim` or `OnItemAbsenceInStringCollectionClaim`.',
    references: 'ClaimType',
    appliesTo: ['*'],
    requiredWhenEnabledForUserJourneys: ['OnClaimsExistence', 'OnItemExistenceInStringCollectionClaim', 'OnItemAbsenceInStringCollectionClaim'],
  },
  {
    key: 'ClaimValueOnWhichToEnable',
    source: 'technicalprofiles.md',
    required: 'no',
    doc: 'Value looked for in `ClaimTypeOnWhichToEnable` for those same `EnabledForUserJourneys` modes.',
    appliesTo: ['*'],
    requiredWhenEnabledForUserJourneys: ['OnClaimsExistence', 'OnItemExistenceInStringCollectionClaim', 'OnItemAbsenceInStringCollectionClaim'],
  },
];

/** TechnicalProfile/EnabledForUserJourneys values. */
export const enabledForUserJourneysValues: readonly string[] = [
  'Always',
  'Never',
  'OnClaimsExistence',
  'OnItemExistenceInStringCollectionClaim',
  'OnItemAbsenceInStringCollectionClaim',
];

export const enabledForUserJourneysDocs: Readonly<Record<string, string>> = {
  Always: 'The profile always runs (the default).',
  Never: 'The profile is skipped.',
  OnClaimsExistence: 'Runs only when the claim named in `ClaimTypeOnWhichToEnable` has a value.',
  OnItemExistenceInStringCollectionClaim: 'Runs only when the string collection in `ClaimTypeOnWhichToEnable` contains `ClaimValueOnWhichToEnable`.',
  OnItemAbsenceInStringCollectionClaim: 'Runs only when the string collection in `ClaimTypeOnWhichToEnable` lacks `ClaimValueOnWhichToEnable`.',
};

// ---------------------------------------------------------------------------------------------
// Claim resolvers and look-alike placeholders
// ---------------------------------------------------------------------------------------------

export const claimResolvers: readonly ClaimResolver[] = [
  {
    name: 'Culture:LanguageName',
    category: 'Culture',
    doc: 'Two-letter ISO code of the user\'s language.',
    example: 'en',
  },
  {
    name: 'Culture:LCID',
    category: 'Culture',
    doc: 'Numeric Windows locale id of the user\'s language.',
    example: '1033',
  },
  {
    name: 'Culture:RegionName',
    category: 'Culture',
    doc: 'Two-letter ISO code of the user\'s region.',
    example: 'US',
  },
  {
    name: 'Culture:RFC5646',
    category: 'Culture',
    doc: 'Language tag of the request in RFC 5646 form.',
    example: 'en-US',
  },
  {
    name: 'Policy:PolicyId',
    category: 'Policy',
    doc: 'Id of the relying-party policy being executed.',
    example: 'B2C_1A_signup_signin',
  },
  { name: 'Policy:RelyingPartyTenantId', category: 'Policy', doc: 'Tenant of the relying-party policy.' },
  {
    name: 'Policy:TenantObjectId',
    category: 'Policy',
    doc: 'Object id (GUID) of the relying-party policy\'s tenant.',
  },
  { name: 'Policy:TrustFrameworkTenantId', category: 'Policy', doc: 'Tenant of the trust framework policy.' },
  {
    name: 'Context:BuildNumber',
    category: 'Context',
    doc: 'Version of the Identity Experience Framework that served the request.',
  },
  {
    name: 'Context:CorrelationId',
    category: 'Context',
    doc: 'Id that ties together all log entries of this request; handy to send to your API or logs.',
  },
  { name: 'Context:DateTimeInUtc', category: 'Context', doc: 'The present date and time in UTC.' },
  {
    name: 'Context:DeploymentMode',
    category: 'Context',
    doc: 'The policy\'s deployment mode.',
    example: 'Production',
  },
  {
    name: 'Context:HostName',
    category: 'Context',
    doc: 'Host name of the incoming request.',
    example: 'contoso.b2clogin.com',
  },
  { name: 'Context:IPAddress', category: 'Context', doc: 'IP address the user connects from.' },
  {
    name: 'Context:KMSI',
    category: 'Context',
    doc: 'Whether the user ticked "Keep me signed in".',
    example: 'true',
  },
  {
    name: 'Claim:<claimTypeId>',
    category: 'Claim',
    doc: 'Value of the named claim; the claim type must be declared in the ClaimsSchema of this policy or one of its bases.',
    example: '{Claim:displayName}',
    prefix: 'Claim:',
    pattern: '\\{Claim:[^}]+\\}',
  },
  {
    name: 'OIDC:AuthenticationContextReferences',
    category: 'OIDC',
    doc: 'The `acr_values` sent by the application.',
  },
  { name: 'OIDC:ClientId', category: 'OIDC', doc: 'The `client_id` sent by the application.' },
  { name: 'OIDC:DomainHint', category: 'OIDC', doc: 'The `domain_hint` sent by the application.' },
  { name: 'OIDC:LoginHint', category: 'OIDC', doc: 'The `login_hint` sent by the application.' },
  { name: 'OIDC:MaxAge', category: 'OIDC', doc: 'The `max_age` sent by the application.' },
  { name: 'OIDC:Nonce', category: 'OIDC', doc: 'The `nonce` sent by the application.' },
  {
    name: 'OIDC:Password',
    category: 'OIDC',
    doc: 'The password from a resource owner password credentials (ROPC) request.',
  },
  { name: 'OIDC:Prompt', category: 'OIDC', doc: 'The `prompt` sent by the application.', example: 'login' },
  { name: 'OIDC:RedirectUri', category: 'OIDC', doc: 'The `redirect_uri` sent by the application.' },
  { name: 'OIDC:Resource', category: 'OIDC', doc: 'The `resource` sent by the application.' },
  { name: 'OIDC:Scope', category: 'OIDC', doc: 'The `scope` sent by the application.' },
  {
    name: 'OIDC:Username',
    category: 'OIDC',
    doc: 'The user name from a resource owner password credentials (ROPC) request.',
  },
  {
    name: 'OAUTH-KV:<parameterName>',
    category: 'OAUTH-KV',
    doc: 'Value of any query parameter of the OpenID Connect or OAuth 2.0 request, looked up by its name.',
    example: '{OAUTH-KV:campaignId}',
    prefix: 'OAUTH-KV:',
    pattern: '\\{OAUTH-KV:[^}]+\\}',
  },
  {
    name: 'SAML:AuthnContextClassReferences',
    category: 'SAML',
    doc: 'Authentication context class references in the SAML request.',
  },
  {
    name: 'SAML:NameIdPolicyFormat',
    category: 'SAML',
    doc: 'The `Format` of the request\'s `NameIDPolicy`.',
  },
  { name: 'SAML:Issuer', category: 'SAML', doc: 'The `Issuer` of the SAML request.' },
  {
    name: 'SAML:AllowCreate',
    category: 'SAML',
    doc: 'The `AllowCreate` flag of the request\'s `NameIDPolicy`.',
  },
  { name: 'SAML:ForceAuthn', category: 'SAML', doc: 'The `ForceAuthn` flag of the AuthnRequest.' },
  { name: 'SAML:ProviderName', category: 'SAML', doc: 'The `ProviderName` of the AuthnRequest.' },
  { name: 'SAML:RelayState', category: 'SAML', doc: 'The `RelayState` that came with the request.' },
  { name: 'SAML:Subject', category: 'SAML', doc: 'The subject NameID in the AuthnRequest.' },
  { name: 'SAML:Binding', category: 'SAML', doc: 'The `ProtocolBinding` requested in the AuthnRequest.' },
  {
    name: 'oauth2:access_token',
    category: 'oauth2',
    doc: 'The access token the external OAuth 2.0 or OpenID Connect provider returned.',
    partnerClaimTypeOnly: true,
  },
  {
    name: 'oauth2:token_type',
    category: 'oauth2',
    doc: 'The token type the provider returned, usually `Bearer`.',
    example: 'Bearer',
    partnerClaimTypeOnly: true,
  },
  {
    name: 'oauth2:expires_in',
    category: 'oauth2',
    doc: 'Seconds until the provider\'s access token expires; map it to an `int` or `long` claim.',
    partnerClaimTypeOnly: true,
  },
  {
    name: 'oauth2:refresh_token',
    category: 'oauth2',
    doc: 'The refresh token the provider returned.',
    partnerClaimTypeOnly: true,
  },
];

/** Where resolvers are replaced, and which settings that needs. */
export const claimResolverUsage: readonly ClaimResolverUsage[] = [
  {
    where: 'Application Insights technical profile',
    kindId: 'application-insights',
    elements: ['InputClaim'],
    needs: [],
  },
  {
    where: 'Azure AD technical profile',
    kindId: 'azure-active-directory',
    elements: ['InputClaim', 'OutputClaim'],
    needs: ['IncludeClaimResolvingInClaimsHandling=true', 'AlwaysUseDefaultValue=true'],
  },
  {
    where: 'OAuth2 technical profile',
    kindId: 'oauth2',
    elements: ['InputClaim', 'OutputClaim'],
    needs: ['IncludeClaimResolvingInClaimsHandling=true', 'AlwaysUseDefaultValue=true'],
  },
  {
    where: 'OpenID Connect technical profile',
    kindId: 'openidconnect',
    elements: ['InputClaim', 'OutputClaim'],
    needs: ['IncludeClaimResolvingInClaimsHandling=true', 'AlwaysUseDefaultValue=true'],
  },
  {
    where: 'Claims transformation technical profile',
    kindId: 'claims-transformation',
    elements: ['InputClaim', 'OutputClaim'],
    needs: ['IncludeClaimResolvingInClaimsHandling=true', 'AlwaysUseDefaultValue=true'],
  },
  {
    where: 'RESTful technical profile',
    kindId: 'restful',
    elements: ['InputClaim'],
    needs: ['IncludeClaimResolvingInClaimsHandling=true', 'AlwaysUseDefaultValue=true'],
  },
  {
    where: 'SAML identity provider technical profile',
    kindId: 'saml2-idp',
    elements: ['OutputClaim'],
    needs: ['IncludeClaimResolvingInClaimsHandling=true', 'AlwaysUseDefaultValue=true'],
  },
  {
    where: 'Self-asserted technical profile',
    kindId: 'self-asserted',
    elements: ['InputClaim', 'OutputClaim'],
    needs: ['IncludeClaimResolvingInClaimsHandling=true', 'AlwaysUseDefaultValue=true'],
  },
  { where: 'ContentDefinition', elements: ['LoadUri'], needs: [] },
  {
    where: 'RelyingParty UserJourneyBehaviors/ContentDefinitionParameters',
    elements: ['Parameter'],
    needs: [],
  },
  {
    where: 'RelyingParty technical profile',
    kindId: 'relyingparty-oidc',
    elements: ['OutputClaim'],
    needs: ['AlwaysUseDefaultValue=true'],
  },
];

/** Brace placeholders that are not claim resolvers. */
export const otherPlaceholders: readonly OtherPlaceholder[] = [
  {
    placeholder: '{property:<name>}',
    pattern: '\\{property:[^}]+\\}',
    doc: 'Not a claim resolver: in Application Insights profiles, the `PartnerClaimType` form that names the event property to fill.',
  },
  {
    placeholder: '{service:te}',
    pattern: '\\{service:te\\}',
    doc: 'Engine placeholder found in starter-pack `client_id` and `url` metadata; not documented.',
  },
  {
    placeholder: '{tenant}',
    pattern: '\\{tenant\\}',
    doc: 'Stands for the tenant name; usable in the `METADATA` and `authorization_endpoint` URLs of OpenID Connect profiles.',
  },
  {
    placeholder: '{Settings:<name>}',
    pattern: '\\{Settings:[^}]+\\}',
    doc: 'Not resolved by Azure AD B2C: the build command of Microsoft\'s Azure AD B2C extension for VS Code fills it from `appsettings.json` before upload (Tenant, Filename, PolicyFilename, Environment, or any key under PolicySettings).',
    knownNames: ['Tenant', 'Filename', 'PolicyFilename', 'Environment'],
  },
];

// ---------------------------------------------------------------------------------------------
// Display controls and policy-level facts
// ---------------------------------------------------------------------------------------------

export const displayControls: readonly DisplayControlKind[] = [
  {
    userInterfaceControlType: 'VerificationControl',
    actions: ['SendCode', 'VerifyCode'],
    controlClaimTypes: ['VerificationCode'],
    doc: 'Lets the user request a code for an address they typed and then confirm it. Exactly one DisplayClaim has `ControlClaimType` `VerificationCode` and `Required="true"`. The `SendCode` action usually runs two profiles (generate the code, then deliver it); `VerifyCode` runs one that checks it.',
  },
  {
    userInterfaceControlType: 'QrCodeControl',
    actions: [],
    controlClaimTypes: ['QrCodeContent'],
    doc: 'Draws a QR code (with a deep link) from a claim holding an `otpauth://` URI, so the user can enroll an authenticator app.',
  },
  {
    userInterfaceControlType: 'AuthenticatorInfoControl',
    actions: [],
    controlClaimTypes: [],
    doc: 'Shows the TOTP account name and secret as text, for users who enter them by hand.',
  },
  {
    userInterfaceControlType: 'AuthenticatorAppIconControl',
    actions: [],
    controlClaimTypes: [],
    doc: 'Shows the authenticator app\'s icon with a download link; it takes no claims.',
  },
  {
    userInterfaceControlType: 'CaptchaControl',
    actions: ['GetChallenge', 'VerifyChallenge'],
    controlClaimTypes: ['ChallengeType', 'ChallengeId', 'ChallengeString', 'CaptchaEntered'],
    doc: 'Presents a picture or audio CAPTCHA; CAPTCHA technical profiles issue it and verify the response. The host page must set `setting.enableCaptchaChallenge` to `true`.',
  },
];

export const displayControlNotes: readonly string[] = [
  'A page that hosts display controls needs a self-asserted content definition at page contract version 2.0.0 or newer.',
  'A DisplayControl has the required attributes `Id` and `UserInterfaceControlType`, and at most one each of InputClaims, DisplayClaims, OutputClaims and Actions.',
  'A display control\'s output claims stay inside it; list them in the hosting self-asserted profile\'s OutputClaims to pass them on.',
  'Actions run validation technical profiles through `ValidationClaimsExchangeTechnicalProfile/@TechnicalProfileReferenceId`, with `ContinueOnError`, `ContinueOnSuccess` and Preconditions working as they do for validation profiles.',
  'A self-asserted profile shows a display control through `DisplayClaim/@DisplayControlReferenceId`.',
];

export const policyLevel: PolicyLevelFacts = {
  attributes: [
    {
      name: 'PolicySchemaVersion',
      required: 'yes',
      values: ['0.3.0.0'],
      doc: 'Schema version of the policy file; `0.3.0.0` is the only accepted value.',
    },
    { name: 'TenantObjectId', required: 'no', doc: 'Object id (a GUID) of the Azure AD B2C tenant.' },
    {
      name: 'TenantId',
      required: 'yes',
      doc: 'Tenant that owns the policy, for example `contoso.onmicrosoft.com`.',
    },
    {
      name: 'PolicyId',
      required: 'yes',
      pattern: '^B2C_1A_',
      doc: 'Name of the policy; it has to begin with `B2C_1A_`.',
    },
    {
      name: 'PublicPolicyUri',
      required: 'yes',
      doc: 'Public URI of the policy, made of the tenant and the policy id.',
    },
    {
      name: 'DeploymentMode',
      required: 'no',
      values: ['Production', 'Development'],
      default: 'Production',
      doc: 'Production or development mode. Without the attribute the policy counts as production, which matters for REST calls that use no authentication.',
      valueDocs: {
        Production: 'Normal operation (also what an absent attribute means).',
        Development: 'Records journeys for debugging; do not ship it.',
      },
    },
    {
      name: 'UserJourneyRecorderEndpoint',
      required: 'no',
      values: ['urn:journeyrecorder:applicationinsights'],
      doc: 'Where journey recordings go while `DeploymentMode` is `Development`.',
    },
  ],
  basePolicyDoc: 'A `BasePolicy` names one parent by its `TenantId` and `PolicyId`. An element with the same Id in the child extends or overrides the parent\'s element.',
  relyingPartyBehaviors: [
    {
      name: 'SingleSignOn.Scope',
      values: ['Suppressed', 'Tenant', 'Application', 'Policy'],
      doc: 'How widely the SSO session is shared.',
    },
    {
      name: 'SingleSignOn.KeepAliveInDays',
      valueFormat: '0 disables KMSI (default 0); 1..90',
      range: { min: 0, max: 90 },
      default: '0',
      doc: 'Length of the "Keep me signed in" session in days; 0 turns the feature off.',
    },
    {
      name: 'SingleSignOn.EnforceIdTokenHintOnLogout',
      values: ['true', 'false'],
      doc: 'Whether sign-out requests must carry an id_token_hint.',
    },
    {
      name: 'SessionExpiryType',
      values: ['Rolling', 'Absolute'],
      doc: 'Whether the session is extended by activity or ends at a fixed time.',
    },
    {
      name: 'SessionExpiryInSeconds',
      valueFormat: '900..86400, default 86400',
      range: { min: 900, max: 86400 },
      default: '86400',
      doc: 'Lifetime of the Azure AD B2C session cookie.',
    },
    {
      name: 'JourneyInsights.TelemetryEngine',
      values: ['ApplicationInsights'],
      doc: 'Telemetry back end for journey insights.',
    },
    { name: 'JourneyInsights.TelemetryVersion', values: ['1.0.0'], doc: 'Journey insights schema version.' },
    {
      name: 'ScriptExecution',
      values: ['Allow', 'Disallow'],
      doc: 'Whether JavaScript in custom page content may run.',
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

/**
 * One correction to the reference: where it is contradicted by policies that deploy, leaves out how a value is
 * written, or leaves out keys that Microsoft's own articles and policies use. `source` names a Microsoft Learn
 * article (file name in MicrosoftDocs/azure-docs) or a Microsoft-authored policy in ../shared/corpus (file:line).
 */
export type Correction = { readonly kind: string; readonly source: string } & (
  /** Changes a documented Metadata key. */
  | { readonly key: string; readonly patch: Partial<MetadataKey> }
  /** A Metadata key the reference does not list. */
  | { readonly add: MetadataKey }
  /** A family of Metadata keys sharing a prefix. */
  | { readonly addFamily: MetadataKeyFamily }
  /** Changes a documented CryptographicKeys Id. */
  | { readonly keyId: string; readonly keyPatch: Partial<KeyIdFact> });

/**
 * Applied on top of the documented facts, so completion, hover and the rules all read the same corrected data.
 * Added keys say in their doc where they come from; none is required, so none is ever reported missing.
 */
export const CORRECTIONS: readonly Correction[] = [
  {
    kind: 'self-asserted', key: 'ContentDefinitionReferenceId',
    source: 'starterpack/scenarios/phone-number-passwordless/Phone_Email_Base.xml:1277 (SelfAsserted-LocalAccountSignin-Phone-Email has none, is used by a journey, and deploys)',
    patch: { notEnforced: "The starter pack's SelfAsserted-LocalAccountSignin-Phone-Email (phone-number-passwordless) has none, is used by a journey, and deploys." },
  },
  {
    kind: 'openidconnect', key: 'client_id',
    source: 'add-ropc-policy.md (ResourceOwnerPasswordCredentials-OAUTH2 sends client_id as an InputClaim); starterpack/SocialAndLocalAccounts/TrustFrameworkExtensions.xml:44 (login-NonInteractive, whose older revisions had only that)',
    patch: { orInputClaim: 'client_id' },
  },
  { kind: 'openidconnect', key: 'response_types', source: 'openid-connect-technical-profile.md (the value may combine `code id_token`)', patch: { valueList: 'space-separated' } },
  {
    kind: 'azure-active-directory', source: 'advanced-policies/account-linking/TRUSTFRAMEWORKBASE.xml:783 (and woodgrove/Policies/B2C_1A_base.xml:1712)',
    add: { key: 'api-version', required: 'no', observedOnly: true, doc: 'Version of the directory API the profile calls, as Microsoft\'s account-linking sample writes it (`1.6`). Not in the Azure AD technical profile reference.' },
  },
  {
    kind: 'openidconnect', source: 'starterpack/LocalAccounts/TrustFrameworkBase.xml:456 (login-NonInteractive, the resource owner password flow)',
    add: { key: 'grant_type', required: 'no', observedOnly: true, doc: 'OAuth grant the token request uses; the starter pack\'s `login-NonInteractive` names `password` (the resource owner password credentials flow). Not in the OpenID Connect reference.' },
  },
  {
    kind: 'restful', source: 'advanced-policies/wingtipgamesb2c/Policies/b2ctechready.onmicrosoft.com_B2C_1A_base.xml:2284',
    add: { key: 'HttpBinding', required: 'no', observedOnly: true, doc: 'HTTP method of the call (`POST`), as older Microsoft samples write it. Not in the RESTful reference, which always posts.' },
  },
  {
    kind: 'one-time-password', source: 'woodgrove/Policies/B2C_1A_base.xml:4037 (GenerateOtp)',
    add: { key: 'MaxNumAttempts', required: 'no', observedOnly: true, valueType: 'integer', doc: 'Number of attempts allowed, as Microsoft\'s Woodgrove demo writes it on its code generator. Not in the one-time password reference (see `NumRetryAttempts`).' },
  },
  {
    kind: 'one-time-password', source: 'woodgrove/Policies/B2C_1A_base.xml:4052-4055 (VerifyOtp); custom-email-sendgrid.md and custom-email-mailjet.md in older revisions',
    addFamily: { prefix: 'UserMessage.', pattern: 'UserMessage.<error>', category: 'error-message', doc: 'Older spelling of the verification error messages (`UserMessage.InvalidCode`, `UserMessage.VerificationHasExpired`, ...), used by Microsoft\'s custom email samples.' },
  },
  {
    kind: 'self-asserted', source: 'date-transformations.md (AssertDateTimeIsGreaterThan: the calling self-asserted profile carries the message)',
    add: { key: 'DateTimeGreaterThan', required: 'no', category: 'error-message', doc: 'Message shown when an `AssertDateTimeIsGreaterThan` claims transformation in a validation profile fails.' },
  },
  {
    kind: 'self-asserted', source: 'integer-transformations.md (AssertNumber: the calling self-asserted profile carries the message)',
    add: { key: 'AssertNumberError', required: 'no', category: 'error-message', doc: 'Message shown when an `AssertNumber` claims transformation in a validation profile fails.' },
  },
  {
    kind: 'oauth2', source: 'identity-provider-github.md (the GitHub OAuth2 profile)',
    add: { key: 'UserAgentForClaimsExchange', required: 'no', doc: 'User-Agent header sent with the claims request, for providers such as GitHub that refuse requests without one (`CPIM-Basic/{tenant}/{policy}`).' },
  },
  {
    kind: 'relyingparty-saml', source: 'advanced-policies/wingtipgamesb2c/Policies/b2ctechready.onmicrosoft.com_B2C_1A_sign_in_billing.xml:27; saml-service-provider.md (older revisions)',
    add: { key: 'PartnerEntity', required: 'no', doc: 'URL (or inline XML) of the SAML application\'s metadata, from which Azure AD B2C reads its endpoints and certificates.' },
  },
  {
    kind: 'jwt-issuer', source: 'client-credentials-grant-flow.md (custom policy: the JwtIssuer names the journey run for the client credentials grant)',
    add: { key: 'ClientCredentialsUserJourneyId', required: 'no', references: 'UserJourney', doc: 'Id of the user journey run when an application asks for a token with the client credentials grant.' },
  },
  {
    kind: 'saml2-issuer', keyId: 'MetadataSigning',
    source: 'advanced-policies/wingtipgamesb2c/Policies/b2ctechready.onmicrosoft.com_B2C_1A_base.xml:3173 (Saml2AssertionIssuer has only SamlAssertionSigning and SamlMessageSigning); saml-service-provider.md shows the same two',
    keyPatch: { required: 'no', condition: 'signs the published SAML metadata; without it the message-signing certificate is used' },
  },
];

function applyCorrections(kinds: readonly ProfileKind[]): readonly ProfileKind[] {
  return kinds.map((kind) => {
    const fixes = CORRECTIONS.filter((c) => c.kind === kind.id);
    if (!fixes.length) return kind;
    const patches = fixes.flatMap((c) => 'patch' in c ? [c] : []);
    const keyPatches = fixes.flatMap((c) => 'keyPatch' in c ? [c] : []);
    return {
      ...kind,
      metadata: [...kind.metadata.map((m) => ({ ...m, ...patches.find((c) => c.key === m.key)?.patch })), ...fixes.flatMap((c) => 'add' in c ? [c.add] : [])],
      keyFamilies: [...(kind.keyFamilies ?? []), ...fixes.flatMap((c) => 'addFamily' in c ? [c.addFamily] : [])],
      cryptographicKeys: kind.cryptographicKeys.map((k) => ({ ...k, ...keyPatches.find((c) => c.keyId === k.id)?.keyPatch })),
    };
  });
}

/** The kinds exactly as the reference documents them, before CORRECTIONS (for the tests that compare the two). */
export const referenceKinds: readonly ProfileKind[] = documentedKinds;

export const profileKinds: readonly ProfileKind[] = applyCorrections(documentedKinds);

/** The service reads booleans leniently: the starter pack's OAuth2 profiles write UsePolicyInRedirectUri as 0. */
const BOOLEAN_SPELLINGS = ['true', 'false', '1', '0'];

/** The enumerated words of a value as written (one word, or a space-separated list where the key takes one). */
export function valueWords(fact: MetadataKey, raw: string): string[] {
  const value = raw.trim();
  return fact.valueList === 'space-separated' ? value.split(/\s+/) : [value];
}

/** Whether one word is an accepted value of an enumerated key (case-insensitive; booleans also as 1/0). */
export function acceptsValue(fact: MetadataKey, word: string): boolean {
  const accepted = fact.valueType === 'boolean' ? BOOLEAN_SPELLINGS : fact.values ?? [];
  return accepted.some((v) => v.toLowerCase() === word.toLowerCase());
}

const kindsById: ReadonlyMap<string, ProfileKind> = new Map(profileKinds.map(kind => [kind.id, kind]));

/** The part of a Protocol/@Handler value before the first comma, trimmed. */
export function handlerShortName(handler: string): string {
  const comma = handler.indexOf(',');
  return (comma < 0 ? handler : handler.slice(0, comma)).trim();
}

export function kindById(id: string): ProfileKind | undefined {
  return kindsById.get(id);
}

export interface FindKindOptions {
  /** Look among RelyingParty technical-profile kinds instead of claims-provider kinds. */
  readonly relyingParty?: boolean;
  /** Metadata keys present on the profile; they pick between kinds that share a protocol (Protocol None). */
  readonly metadataKeys?: readonly string[];
  /** CryptographicKeys Ids on the profile; with the Metadata keys they tell an issuer from an identity provider. */
  readonly keyIds?: readonly string[];
  /** A SendClaims step names the profile as its issuer (CpimIssuerTechnicalProfileReferenceId): it is the token issuer. */
  readonly usedAsIssuer?: boolean;
}

function lower(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed.toLowerCase() : undefined;
}

function protocolMatches(kind: ProfileKind, protocol: string | undefined, allowAliases: boolean): boolean {
  if (protocol === undefined) {
    return kind.handler !== undefined;
  }
  if (kind.protocolName.toLowerCase() === protocol) {
    return true;
  }
  return allowAliases && (kind.protocolNameAliases ?? []).some(alias => alias.toLowerCase() === protocol);
}

function handlerMatches(kind: ProfileKind, handler: string | undefined): boolean {
  if (kind.handler === undefined) {
    return true;
  }
  return handler !== undefined && [kind.handler, ...(kind.handlerAliases ?? [])].some(h => h.toLowerCase() === handler);
}

/** Ranks candidates: the one that knows most of the given metadata keys, then the fallback kind, then data order. */
function rankByMetadata(candidates: ProfileKind[], metadataKeys: readonly string[] | undefined): ProfileKind[] {
  const score = (kind: ProfileKind): number =>
    (metadataKeys ?? []).filter(key => findMetadataKey(kind, key) !== undefined).length;
  const order = (kind: ProfileKind): number => (kind.fallback ? 0 : 1);
  return candidates
    .map((kind, index) => ({ kind, index, score: score(kind) }))
    .sort((a, b) => b.score - a.score || order(a.kind) - order(b.kind) || a.index - b.index)
    .map(entry => entry.kind);
}

/**
 * Every kind a Protocol element could denote, best match first. Protocol names and handlers compare
 * case-insensitively; handlers on their short form. Completion may offer the union of all candidates.
 */
export function findKinds(protocolName?: string, handler?: string, outputTokenFormat?: string, options: FindKindOptions = {}): ProfileKind[] {
  const protocol = lower(protocolName);
  const handlerShort = lower(handler === undefined ? undefined : handlerShortName(handler));
  if (protocol === undefined && handlerShort === undefined) {
    return [];
  }
  const format = lower(outputTokenFormat);
  const pool = profileKinds.filter(kind => (kind.relyingParty ?? false) === (options.relyingParty ?? false)
    && handlerMatches(kind, handlerShort));
  const issuers = format === undefined ? [] : pool.filter(kind =>
    kind.outputTokenFormat?.toLowerCase() === format && protocolMatches(kind, protocol, true));
  const plain = rankByMetadata(pool.filter(kind => kind.outputTokenFormat === undefined && protocolMatches(kind, protocol, false)), options.metadataKeys);
  if (issuers.length === 0) {
    return plain;
  }
  return options.usedAsIssuer || !looksLikeOtherKind(plain[0], issuers[0], options) ? issuers : [...plain, ...issuers];
}

/**
 * OutputTokenFormat alone does not make a token issuer: identity providers (OpenID Connect, OAuth2, ID token
 * hint) may name the format of the token they receive, as Microsoft's Woodgrove demo does on its Microsoft
 * account provider. The profile is another kind when what it holds (Metadata keys and CryptographicKeys Ids)
 * is more of that kind than of the issuer: `METADATA`, `authorization_endpoint` and `client_secret` against
 * `issuer_secret`, `issuer_refresh_token_key` and the issuer's own Metadata. A tie stays an issuer.
 */
function looksLikeOtherKind(other: ProfileKind | undefined, issuer: ProfileKind, options: FindKindOptions): boolean {
  return other !== undefined && evidenceFor(other, options) > evidenceFor(issuer, options);
}

function evidenceFor(kind: ProfileKind, options: FindKindOptions): number {
  const keys = (options.metadataKeys ?? []).filter(key => findMetadataKey(kind, key) !== undefined).length;
  const ids = (options.keyIds ?? []).filter(id => kind.cryptographicKeys.some(fact => !fact.idPattern && fact.id.toLowerCase() === id.toLowerCase())).length;
  return keys + ids;
}

/**
 * The kind of a technical profile from its Protocol/@Name, Protocol/@Handler and OutputTokenFormat.
 * JWT issuers accept Protocol OpenIdConnect or None with OutputTokenFormat JWT; the SAML token issuer
 * SAML2 (or None) with OutputTokenFormat SAML2, unless what the profile holds says it is an identity provider
 * (see `looksLikeOtherKind`). Relying-party kinds come back only with `relyingParty`.
 */
export function findKind(protocolName?: string, handler?: string, outputTokenFormat?: string, options: FindKindOptions = {}): ProfileKind | undefined {
  return findKinds(protocolName, handler, outputTokenFormat, options)[0];
}

/** Every key documented for a kind, own and generic (not the families), for "did you mean" suggestions. */
export function documentedKeys(kind: ProfileKind): readonly string[] {
  let keys = DOCUMENTED.get(kind);
  if (!keys) {
    DOCUMENTED.set(kind, keys = [...new Set([...kind.metadata.map(m => m.key), ...genericKeysFor(kind).map(g => g.key)])]);
  }
  return keys;
}

/** One list per kind (the kinds are static facts), so that `nearest` can remember its answers per list. */
const DOCUMENTED = new WeakMap<ProfileKind, readonly string[]>();

function genericKeysFor(kind: ProfileKind): GenericMetadataKey[] {
  return genericMetadata.filter(entry => entry.appliesTo.includes('*') || entry.appliesTo.includes(kind.id));
}

function familyKey(family: MetadataKeyFamily, key: string): MetadataKey {
  return { key, required: 'no', doc: family.doc, family: family.pattern, category: family.category };
}

function lookupKey(kind: ProfileKind, key: string, same: (a: string, b: string) => boolean): MetadataKey | undefined {
  const own = kind.metadata.find(entry => same(entry.key, key)) ?? genericKeysFor(kind).find(entry => same(entry.key, key));
  if (own) {
    return own;
  }
  const family = (kind.keyFamilies ?? []).find(f => key.length > f.prefix.length && same(key.slice(0, f.prefix.length), f.prefix));
  return family && familyKey(family, key);
}

/**
 * The Metadata key `key` on `kind`, spelled exactly: the kind's own keys, then the generic keys that apply
 * to it, then its key families (e.g. `language.<stringId>` on self-asserted pages).
 */
export function findMetadataKey(kind: ProfileKind, key: string): MetadataKey | undefined {
  return lookupKey(kind, key, (a, b) => a === b);
}

/** Like `findMetadataKey` but ignoring case; for "did you mean" hints on misspelled keys. */
export function findMetadataKeyIgnoreCase(kind: ProfileKind, key: string): MetadataKey | undefined {
  return findMetadataKey(kind, key) ?? lookupKey(kind, key, (a, b) => a.toLowerCase() === b.toLowerCase());
}

/** The CryptographicKeys fact for a Key Id, including the pattern entry (ApiKeyHeader header names). */
export function findKeyIdFact(kind: ProfileKind, id: string): KeyIdFact | undefined {
  return kind.cryptographicKeys.find(fact => fact.id === id)
    ?? kind.cryptographicKeys.find(fact => fact.idPattern !== undefined && new RegExp(fact.idPattern).test(id));
}

/** Rules whose first test is `metadata key = value`, e.g. what AuthenticationType=Basic requires. */
export function rulesForValue(kind: ProfileKind, key: string, value: string): KindRule[] {
  return kind.rules.filter(rule => {
    const test = rule.when?.[0];
    return test?.type === 'metadata' && test.key === key && test.values !== undefined && test.values.includes(value);
  });
}

/** A claim resolver by its text, with or without braces: exact names first, then parameterized prefixes. */
export function findClaimResolver(text: string): ClaimResolver | undefined {
  const name = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  const folded = name.toLowerCase();
  return claimResolvers.find(resolver => resolver.prefix === undefined && resolver.name.toLowerCase() === folded)
    ?? claimResolvers.find(resolver => resolver.prefix !== undefined && folded.startsWith(resolver.prefix.toLowerCase())
      && folded.length > resolver.prefix.length);
}
