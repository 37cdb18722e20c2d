import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItem, CompletionItemTag, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { Workspace } from '../../server/src/node/workspace';
import { pathToUri } from '../../server/src/node/files';
import { parseSettingsNames, readSettingsNames } from '../../server/src/node/appSettings';
import { CompletionOptions, doComplete, documentContext } from '../../server/src/service/languageService';
import { kindById } from '../../server/src/service/data/metadata';
import { profileKindOf } from '../../server/src/service/features/shared/profileKind';
import { mergeProfile } from '../../server/src/service/effective/mergedProfile';
import { fixture, policy } from '../helpers/fixture';
import { STARTERPACK } from '../helpers/paths';

const REST_HANDLER = 'Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';

/** A policy with one technical profile; `inner` goes after its Protocol. */
const profile = (inner: string, protocol = `<Protocol Name="Proprietary" Handler="${REST_HANDLER}" />`, id = 'REST-Api') => `<ClaimsProviders><ClaimsProvider><DisplayName>X</DisplayName><TechnicalProfiles>
<TechnicalProfile Id="${id}">
<DisplayName>Api</DisplayName>
${protocol}
${inner}
</TechnicalProfile>
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>`;

const claims = `<BuildingBlocks><ClaimsSchema>
<ClaimType Id="email"><DisplayName>Email Address</DisplayName><DataType>string</DataType></ClaimType>
<ClaimType Id="objectId"><DisplayName>User's Object ID</DisplayName><DataType>string</DataType></ClaimType>
</ClaimsSchema>
<ContentDefinitions><ContentDefinition Id="api.selfasserted"><LoadUri>~/x</LoadUri></ContentDefinition></ContentDefinitions>
</BuildingBlocks>`;

function complete(source: string, options?: CompletionOptions): { items: CompletionItem[]; doc: TextDocument } {
  const f = fixture(source);
  const c = f.cursor!;
  const { file, xml } = f.files.get(c.uri)!;
  const ctx = documentContext(file, xml);
  return { items: doComplete(ctx, c.position, f.index, options).items, doc: ctx.document };
}

const one = (body: string) => `<!-- file: /T.xml -->\n${policy('B2C_1A_T', body)}`;

function labels(source: string, options?: CompletionOptions): string[] {
  return complete(source, options).items.map((i) => i.label);
}

/** Labels in the order the editor shows them. */
function sorted(source: string): string[] {
  return [...complete(source).items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
}

function accept(source: string, label: string, options?: CompletionOptions): string {
  const { items, doc } = complete(source, options);
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item ${label} among ${items.map((i) => i.label).join(', ')}`);
  return TextDocument.applyEdits(doc, [item.textEdit as TextEdit]);
}

const RESTFUL_KEYS = kindById('restful')!.metadata.map((k) => k.key);

describe('profileKindOf', () => {
  it('reads the kind from the merged Protocol, OutputTokenFormat and the RelyingParty option', () => {
    const f = fixture(`<!-- file: /B.xml -->\n${policy('B', profile('', undefined, 'A') + profile('', '<Protocol Name="OpenIdConnect" />\n<OutputTokenFormat>JWT</OutputTokenFormat>', 'J'))}
<!-- file: /E.xml -->\n${policy('E', profile('', '', 'A'), 'B')}`);
    assert.equal(profileKindOf(mergeProfile(f.index, f.uri('/E.xml'), 'A')!)?.id, 'restful');
    assert.equal(profileKindOf(mergeProfile(f.index, f.uri('/B.xml'), 'J')!)?.id, 'jwt-issuer');
    const oidc = fixture(one(profile('', '<Protocol Name="OpenIdConnect" />', 'P')));
    const m = mergeProfile(oidc.index, oidc.uri('/T.xml'), 'P')!;
    assert.equal(profileKindOf(m)?.id, 'openidconnect');
    assert.equal(profileKindOf(m, { relyingParty: true })?.id, 'relyingparty-oidc');
  });
});

describe('completion: Metadata keys', () => {
  it('lists every key of the kind inside <Item Key=" with nothing after it', () => {
    const got = labels(one(profile('<Metadata>\n<Item Key="$0\n</Metadata>')));
    for (const k of RESTFUL_KEYS) assert.ok(got.includes(k), k);
    assert.equal(RESTFUL_KEYS.length, 15, '14 documented, and HttpBinding from CORRECTIONS');
    // Generic keys that apply to every kind come too; nothing from other kinds.
    assert.ok(got.includes('ClaimTypeOnWhichToEnable'));
    assert.ok(!got.includes('client_id'));
  });

  it('leaves out keys the merged profile sets already, but not the one being typed', () => {
    const got = labels(one(profile('<Metadata>\n<Item Key="ServiceUrl">https://x</Item>\n<Item Key="AuthenticationType$0"></Item>\n</Metadata>')));
    assert.ok(!got.includes('ServiceUrl'));
    assert.ok(got.includes('AuthenticationType'));
  });

  it('puts required keys first and tags deprecated ones, with documentation', () => {
    const { items } = complete(one(profile('<Metadata>\n<Item Key="$0"></Item>\n</Metadata>')));
    const order = sorted(one(profile('<Metadata>\n<Item Key="$0"></Item>\n</Metadata>')));
    assert.deepEqual(order.slice(0, 2), ['AuthenticationType', 'ServiceUrl']);
    assert.equal(order[order.length - 1], 'ClaimsFormat');
    const claimsFormat = items.find((i) => i.label === 'ClaimsFormat')!;
    assert.deepEqual(claimsFormat.tags, [CompletionItemTag.Deprecated]);
    const auth = items.find((i) => i.label === 'AuthenticationType')!;
    assert.equal(auth.detail, 'required');
    assert.match((auth.documentation as MarkupContent).value, /ApiKeyHeader/);
  });

  it('replaces the half-typed key and keeps the quotes', () => {
    assert.equal(accept(one(profile('<Metadata>\n<Item Key="Auth$0"></Item>\n</Metadata>')), 'AuthenticationType'),
      policy('B2C_1A_T', profile('<Metadata>\n<Item Key="AuthenticationType"></Item>\n</Metadata>')));
    assert.equal(accept(one(profile('<Metadata>\n<Item Key="Se$0ndCl"></Item>\n</Metadata>')), 'SendClaimsIn'),
      policy('B2C_1A_T', profile('<Metadata>\n<Item Key="SendClaimsIn"></Item>\n</Metadata>')));
  });

  it('takes the kind from the base, and offers the keys the base sets after the unset ones, with their values', () => {
    const src = `<!-- file: /B.xml -->\n${policy('B', profile('<Metadata><Item Key="ServiceUrl">https://x</Item><Item Key="SendClaimsIn">Form</Item></Metadata>'))}
<!-- file: /E.xml -->\n${policy('E', profile('<Metadata>\n<Item Key="AuthenticationType">Basic</Item>\n<Item Key="$0\n</Metadata>', ''), 'B')}`;
    const { items } = complete(src);
    const order = sorted(src);
    assert.ok(!order.includes('AuthenticationType'), 'set in this file: left out');
    const unset = RESTFUL_KEYS.filter((k) => !['ServiceUrl', 'SendClaimsIn', 'AuthenticationType'].includes(k));
    const at = (k: string) => order.indexOf(k);
    for (const k of unset) assert.ok(at(k) >= 0 && at(k) < at('ServiceUrl') && at(k) < at('SendClaimsIn'), `${k} before the overridden keys`);
    const serviceUrl = items.find((i) => i.label === 'ServiceUrl')!;
    assert.deepEqual(serviceUrl.labelDetails, { description: 'overrides B: https://x' });
    assert.match(serviceUrl.detail!, /^overrides B: https:\/\/x · required/);
    assert.equal(items.find((i) => i.label === 'SendClaimsIn')!.labelDetails?.description, 'overrides B: Form');
    assert.equal(items.find((i) => i.label === 'ClaimsFormat')!.labelDetails, undefined);
  });

  it('names the included profile that sets a key, and shortens long values', () => {
    const long = 'https://contoso.example/api/a-rather-long-path/that-goes-on';
    const got = complete(one(profile(`<Metadata><Item Key="ServiceUrl">${long}</Item></Metadata>`, undefined, 'Base')
      + profile('<IncludeTechnicalProfile ReferenceId="Base" />\n<Metadata>\n<Item Key="$0"/>\n</Metadata>', '', 'Child'))).items;
    assert.equal(got.find((i) => i.label === 'ServiceUrl')!.labelDetails?.description, `overrides T (Base): ${long.slice(0, 39)}…`);
  });

  it('completes a half-typed item: Key">$1</Item>, with the values as choices (the default first)', () => {
    const rest = (body: string) => one(profile(`<Metadata>\n${body}\n</Metadata>`));
    const expect = (body: string) => policy('B2C_1A_T', profile(`<Metadata>\n${body}\n</Metadata>`));
    // Not closed, closed by the editor's auto-quote, or followed by the next element: the element is finished.
    for (const typed of ['<Item Key="Se$0', '<Item Key="Se$0"', '<Item Key="Se$0"  ']) {
      assert.equal(accept(rest(typed), 'SendClaimsIn'), expect(`<Item Key="SendClaimsIn">\${1|Body,Form,Header,Url,QueryString|}</Item>${typed.endsWith('  ') ? '  ' : ''}`), typed);
    }
    assert.equal(accept(rest('<Item Key="$0"\n<Item Key="X">y</Item>'), 'ServiceUrl'), expect('<Item Key="ServiceUrl">$1</Item>\n<Item Key="X">y</Item>'));
    const item = complete(rest('<Item Key="Se$0')).items.find((i) => i.label === 'SendClaimsIn')!;
    assert.equal(item.insertTextFormat, 2, 'a snippet');
    // The tag goes on: only the key is replaced, as plain text.
    for (const [typed, done] of [['<Item Key="Se$0"></Item>', '<Item Key="SendClaimsIn"></Item>'], ['<Item Key="Se$0"/>', '<Item Key="SendClaimsIn"/>'],
      ['<Item Key="Se$0">Body</Item>', '<Item Key="SendClaimsIn">Body</Item>']]) {
      assert.equal(accept(rest(typed), 'SendClaimsIn'), expect(done), typed);
      assert.equal(complete(rest(typed)).items.find((i) => i.label === 'SendClaimsIn')!.insertTextFormat, undefined);
    }
    // A client without snippets gets the key and the end of the start tag.
    assert.equal(accept(rest('<Item Key="Se$0'), 'SendClaimsIn', { snippetSupport: false }), expect('<Item Key="SendClaimsIn">'));
  });

  it('takes the kind from an included profile', () => {
    const got = labels(one(profile('', undefined, 'Base') + profile('<IncludeTechnicalProfile ReferenceId="Base" />\n<Metadata>\n<Item Key="$0"/>\n</Metadata>', '', 'Child')));
    assert.ok(got.includes('ServiceUrl'));
  });

  it('uses the relying-party kinds for a profile under RelyingParty', () => {
    const rp = one('<RelyingParty><DefaultUserJourney ReferenceId="J" /><TechnicalProfile Id="PolicyProfile"><Protocol Name="SAML2" /><Metadata>\n<Item Key="$0"/>\n</Metadata></TechnicalProfile></RelyingParty>');
    const got = labels(rp);
    assert.ok(got.includes('WantsSignedResponses') && got.includes('RemoveMillisecondsFromDateTime'));
    assert.ok(!got.includes('WantsSignedRequests') && !got.includes('NameIdPolicyFormat'), 'the SAML identity-provider keys are not offered');
  });

  it('invents nothing for an unknown kind: an empty list, not schema items', () => {
    assert.deepEqual(labels(one(profile('<Metadata>\n<Item Key="$0"/>\n</Metadata>', '<Protocol Name="Proprietary" Handler="Contoso.Unknown" />'))), []);
    assert.deepEqual(labels(one(profile('<Metadata>\n<Item Key="$0"/>\n</Metadata>', ''))), []);
  });
});

describe('completion: Metadata values', () => {
  it('lists exactly the documented AuthenticationType values, with docs', () => {
    const { items } = complete(one(profile('<Metadata>\n<Item Key="AuthenticationType">$0</Item>\n</Metadata>')));
    assert.deepEqual(items.map((i) => i.label).sort(), ['ApiKeyHeader', 'Basic', 'Bearer', 'ClientCertificate', 'None']);
    assert.match((items.find((i) => i.label === 'ApiKeyHeader')!.documentation as MarkupContent).value, /header/);
  });

  it('works without a closing tag, and replaces a half-typed value', () => {
    assert.ok(labels(one(profile('<Metadata>\n<Item Key="AuthenticationType">$0\n</Metadata>'))).includes('Bearer'));
    assert.equal(accept(one(profile('<Metadata>\n<Item Key="SendClaimsIn">Bo$0</Item>\n</Metadata>')), 'Body'),
      policy('B2C_1A_T', profile('<Metadata>\n<Item Key="SendClaimsIn">Body</Item>\n</Metadata>')));
    assert.equal(accept(one(profile('<Metadata>\n<Item Key="SendClaimsIn">Q$0uery</Item>\n</Metadata>')), 'QueryString'),
      policy('B2C_1A_T', profile('<Metadata>\n<Item Key="SendClaimsIn">QueryString</Item>\n</Metadata>')));
  });

  it('covers every enumerated key of several kinds', () => {
    const rest = (key: string) => labels(one(profile(`<Metadata>\n<Item Key="${key}">$0</Item>\n</Metadata>`)));
    const oauth = (key: string) => labels(one(profile(`<Metadata>\n<Item Key="${key}">$0</Item>\n</Metadata>`, '<Protocol Name="OAuth2" />')));
    const oidc = (key: string) => labels(one(profile(`<Metadata>\n<Item Key="${key}">$0</Item>\n</Metadata>`, '<Protocol Name="OpenIdConnect" />')));
    assert.deepEqual(rest('SendClaimsIn'), ['Body', 'Form', 'Header', 'Url', 'QueryString']);
    assert.deepEqual(rest('ClaimsFormat'), ['Body', 'Form', 'Header', 'QueryString']);
    assert.deepEqual(rest('AllowInsecureAuthInProduction'), ['true', 'false']);
    assert.deepEqual(rest('DebugMode'), ['true', 'false']);
    assert.deepEqual(oidc('response_types'), kindById('openidconnect')!.metadata.find((k) => k.key === 'response_types')!.values);
    assert.ok(oidc('response_mode').includes('form_post'));
    assert.ok(oauth('HttpBinding').includes('POST'));
    assert.ok(oidc('token_endpoint_auth_method').includes('client_secret_post'));
    assert.ok(oidc('token_signing_algorithm').length > 0);
    // A key without documented values offers nothing rather than schema guesses.
    assert.deepEqual(rest('ServiceUrl'), []);
  });

  it('marks the default value', () => {
    const { items } = complete(one(profile('<Metadata>\n<Item Key="SendClaimsIn">$0</Item>\n</Metadata>')));
    assert.equal(items.find((i) => i.label === 'Body')!.detail, 'default');
  });

  it('offers claims or content definitions for keys whose value names one', () => {
    const body = (key: string) => one(claims + profile(`<Metadata>\n<Item Key="${key}">$0</Item>\n</Metadata>`));
    assert.deepEqual(labels(body('UseClaimAsBearerToken')).sort(), ['email', 'objectId']);
    assert.deepEqual(labels(body('ClaimUsedForRequestPayload')).sort(), ['email', 'objectId']);
    assert.deepEqual(labels(body('ClaimTypeOnWhichToEnable')).sort(), ['email', 'objectId']);
    assert.deepEqual(labels(body('ContentDefinitionReferenceId')), ['api.selfasserted']);
  });
});

describe('completion: CryptographicKeys', () => {
  it('offers the key Ids of the kind, those the Metadata needs first', () => {
    const src = one(profile('<Metadata><Item Key="AuthenticationType">Basic</Item></Metadata>\n<CryptographicKeys>\n<Key Id="$0" StorageReferenceId="B2C_1A_X" />\n</CryptographicKeys>'));
    const order = sorted(src);
    assert.deepEqual(order.slice(0, 2).sort(), ['BasicAuthenticationPassword', 'BasicAuthenticationUsername']);
    assert.ok(order.includes('ClientCertificate'));
  });

  it('suggests a header name for ApiKeyHeader and leaves out Ids already present', () => {
    const src = one(profile('<Metadata><Item Key="AuthenticationType">ApiKeyHeader</Item></Metadata>\n<CryptographicKeys>\n<Key Id="BasicAuthenticationUsername" StorageReferenceId="B2C_1A_U" />\n<Key Id="$0"\n</CryptographicKeys>'));
    const order = sorted(src);
    assert.equal(order[0], 'x-functions-key');
    assert.ok(!order.includes('BasicAuthenticationUsername'));
    assert.equal(accept(src, 'x-functions-key'), policy('B2C_1A_T', profile('<Metadata><Item Key="AuthenticationType">ApiKeyHeader</Item></Metadata>\n<CryptographicKeys>\n<Key Id="BasicAuthenticationUsername" StorageReferenceId="B2C_1A_U" />\n<Key Id="x-functions-key"\n</CryptographicKeys>')));
  });

  it('offers every policy key name used in the workspace for StorageReferenceId, and the B2C_1A_ prefix', () => {
    const src = `<!-- file: /A.xml -->\n${policy('A', profile('<CryptographicKeys><Key Id="client_secret" StorageReferenceId="B2C_1A_FacebookSecret" /></CryptographicKeys>', '<Protocol Name="OAuth2" />'))}
<!-- file: /Other/B.xml -->\n${policy('B', profile('<CryptographicKeys><Key Id="issuer_secret" StorageReferenceId="B2C_1A_TokenSigningKeyContainer" /><Key Id="x" StorageReferenceId="B2C_1A_FacebookSecret" /></CryptographicKeys>', ''))}
<!-- file: /T.xml -->\n${policy('T', profile('<CryptographicKeys>\n<Key Id="BearerAuthenticationToken" StorageReferenceId="B2C_1A_$0" />\n</CryptographicKeys>'))}`;
    assert.deepEqual(sorted(src), ['B2C_1A_', 'B2C_1A_FacebookSecret', 'B2C_1A_TokenSigningKeyContainer']);
    const { items } = complete(src);
    assert.equal(items.find((i) => i.label === 'B2C_1A_FacebookSecret')!.detail, 'policy key · used 2 times');
    assert.match(accept(src, 'B2C_1A_TokenSigningKeyContainer'), /<Key Id="BearerAuthenticationToken" StorageReferenceId="B2C_1A_TokenSigningKeyContainer" \/>/);
  });
});

describe('completion: references', () => {
  const journey = (inner: string) => `<UserJourneys><UserJourney Id="SignUp"><OrchestrationSteps>
<OrchestrationStep Order="1" Type="CombinedSignInAndSignUp" ContentDefinitionReferenceId="api.selfasserted">
<ClaimsProviderSelections><ClaimsProviderSelection TargetClaimsExchangeId="Local" /></ClaimsProviderSelections>
<ClaimsExchanges><ClaimsExchange Id="Local" TechnicalProfileReferenceId="REST-Api" /></ClaimsExchanges>
</OrchestrationStep>
${inner}
</OrchestrationSteps></UserJourney>
<UserJourney Id="Other"><OrchestrationSteps><OrchestrationStep Order="1" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="Elsewhere" TechnicalProfileReferenceId="REST-Api" /></ClaimsExchanges></OrchestrationStep></OrchestrationSteps></UserJourney>
</UserJourneys>`;

  it('offers visible claims for ClaimTypeReferenceId with kind, defining file and DataType/DisplayName', () => {
    const src = `<!-- file: /B.xml -->\n${policy('B', claims)}\n<!-- file: /E.xml -->\n${policy('E', profile('<InputClaims><InputClaim ClaimTypeReferenceId="em$0" /></InputClaims>'), 'B')}`;
    const { items } = complete(src);
    assert.deepEqual(items.map((i) => i.label).sort(), ['email', 'objectId']);
    const email = items.find((i) => i.label === 'email')!;
    assert.equal(email.detail, 'claim type · B.xml');
    assert.match((email.documentation as MarkupContent).value, /DataType: `string`[\s\S]*DisplayName: Email Address[\s\S]*Defined in `B.xml:4`/);
    assert.equal(accept(src, 'objectId'), policy('E', profile('<InputClaims><InputClaim ClaimTypeReferenceId="objectId" /></InputClaims>'), 'B'));
  });

  it('offers technical profiles with their Protocol, and notes overrides', () => {
    const src = `<!-- file: /B.xml -->\n${policy('B', profile(''))}\n<!-- file: /E.xml -->\n${policy('E', profile('<ValidationTechnicalProfiles><ValidationTechnicalProfile ReferenceId="$0" /></ValidationTechnicalProfiles>', '', 'Self') + profile('', '', 'REST-Api'), 'B')}`;
    const { items } = complete(src);
    const rest = items.find((i) => i.label === 'REST-Api')!;
    assert.equal(rest.detail, 'technical profile · B.xml (+1 override)');
    assert.match((rest.documentation as MarkupContent).value, /Protocol: `Proprietary` \(`Web.TPEngine.Providers.RestfulProvider`\)/);
    assert.match((rest.documentation as MarkupContent).value, /overridden in `E.xml:\d+`/);
  });

  it('offers only the exchanges of the same journey for TargetClaimsExchangeId', () => {
    const src = one(claims + profile('') + journey('<OrchestrationStep Order="2" Type="ClaimsProviderSelection"><ClaimsProviderSelections><ClaimsProviderSelection TargetClaimsExchangeId="$0" /></ClaimsProviderSelections></OrchestrationStep>'));
    assert.deepEqual(labels(src), ['Local']);
  });

  it('follows the rest of the reference table', () => {
    const j = (step: string) => one(claims + profile('') + journey(step));
    assert.deepEqual(labels(j('<OrchestrationStep Order="2" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="x" TechnicalProfileReferenceId="$0" /></ClaimsExchanges></OrchestrationStep>')), ['REST-Api']);
    assert.deepEqual(labels(j('<OrchestrationStep Order="2" Type="ClaimsExchange" ContentDefinitionReferenceId="$0" />')), ['api.selfasserted']);
    assert.deepEqual(labels(j('<OrchestrationStep Order="2" Type="ClaimsExchange"><Preconditions><Precondition Type="ClaimsExist" ExecuteActionsIf="true"><Value>$0</Value><Value>x</Value></Precondition></Preconditions></OrchestrationStep>')).sort(), ['email', 'objectId']);
    // The second Value of a precondition is a literal, not a claim.
    assert.ok(!labels(j('<OrchestrationStep Order="2" Type="ClaimsExchange"><Preconditions><Precondition Type="ClaimEquals" ExecuteActionsIf="true"><Value>email</Value><Value>$0</Value></Precondition></Preconditions></OrchestrationStep>')).includes('email'));
    assert.deepEqual(labels(one(claims + '<RelyingParty><DefaultUserJourney ReferenceId="SignUp" /><TechnicalProfile Id="PolicyProfile"><Protocol Name="OpenIdConnect" /><SubjectNamingInfo ClaimType="$0" /></TechnicalProfile></RelyingParty>')).sort(), ['email', 'objectId']);
    assert.deepEqual(labels(one(journey('') + '<RelyingParty><DefaultUserJourney ReferenceId="$0" /></RelyingParty>')), ['SignUp', 'Other']);
    const predicates = '<BuildingBlocks><Predicates><Predicate Id="IsLengthBetween8And64" Method="IsLengthRange" /></Predicates><PredicateValidations><PredicateValidation Id="StrongPassword"><PredicateGroups><PredicateGroup Id="g"><PredicateReferences><PredicateReference Id="$0" /></PredicateReferences></PredicateGroup></PredicateGroups></PredicateValidation></PredicateValidations></BuildingBlocks>';
    assert.deepEqual(labels(one(predicates)), ['IsLengthBetween8And64']);
  });

  it('offers the PolicyIds of other files for BasePolicy/PolicyId, never a file that extends this one', () => {
    const src = `<!-- file: /Base.xml -->\n${policy('B2C_1A_TrustFrameworkBase', '')}
<!-- file: /Loc.xml -->\n${policy('B2C_1A_TrustFrameworkLocalization', '', 'B2C_1A_TrustFrameworkBase')}
<!-- file: /Ext.xml -->
<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicyId="B2C_1A_Ext" TenantId="t">
<BasePolicy><TenantId>t</TenantId><PolicyId>B2C_1A_Trust$0</PolicyId></BasePolicy>
</TrustFrameworkPolicy>
<!-- file: /RP.xml -->\n${policy('B2C_1A_signup', '', 'B2C_1A_Ext')}`;
    assert.deepEqual(labels(src).sort(), ['B2C_1A_TrustFrameworkBase', 'B2C_1A_TrustFrameworkLocalization']);
  });

  it('leaves other attribute values to the schema provider', () => {
    assert.ok(labels(one(journey('<OrchestrationStep Order="2" Type="$0" />'))).includes('InvokeSubJourney'));
  });
});

describe('completion: claim resolvers', () => {
  const input = (attr: string) => one(claims + profile(`<InputClaims><InputClaim ClaimTypeReferenceId="email" ${attr} /></InputClaims>`));

  it('offers resolvers after { in an attribute value, replacing from the brace', () => {
    const got = labels(input('DefaultValue="{$0"'));
    for (const l of ['{Context:CorrelationId}', '{OIDC:ClientId}', '{Claim:email}', '{Claim:objectId}', '{OAUTH-KV:parameterName}', '{oauth2:access_token}']) assert.ok(got.includes(l), l);
    assert.ok(!got.some((l) => l.startsWith('{Settings:')));
    assert.equal(accept(input('DefaultValue="{Cont$0"'), '{Context:CorrelationId}'), policy('B2C_1A_T', claims + profile('<InputClaims><InputClaim ClaimTypeReferenceId="email" DefaultValue="{Context:CorrelationId}" /></InputClaims>')));
    assert.equal(accept(input('DefaultValue="id-{Context:Corr$0} x"'), '{Context:CorrelationId}'), policy('B2C_1A_T', claims + profile('<InputClaims><InputClaim ClaimTypeReferenceId="email" DefaultValue="id-{Context:CorrelationId} x" /></InputClaims>')));
  });

  it('offers resolvers in Metadata values too, and {Settings:...} names from appsettings.json', () => {
    const src = one(profile('<Metadata>\n<Item Key="ServiceUrl">https://{$0</Item>\n</Metadata>'));
    const got = labels(src, { settingsNames: ['ApiBaseUrl'] });
    assert.ok(got.includes('{Settings:ApiBaseUrl}') && got.includes('{Settings:Tenant}') && got.includes('{Context:CorrelationId}'));
    assert.equal(accept(src, '{Settings:ApiBaseUrl}', { settingsNames: ['ApiBaseUrl'] }), policy('B2C_1A_T', profile('<Metadata>\n<Item Key="ServiceUrl">https://{Settings:ApiBaseUrl}</Item>\n</Metadata>')));
  });

  it('keeps away from regular-expression quantifiers', () => {
    const src = one('<BuildingBlocks><Predicates><Predicate Id="p" Method="MatchesRegex"><Parameters><Parameter Id="RegularExpression">^[0-9]{$0</Parameter></Parameters></Predicate></Predicates></BuildingBlocks>');
    assert.ok(!labels(src).some((l) => l.startsWith('{')));
  });
});

describe('completion on the starter pack', () => {
  const folder = path.join(STARTERPACK, 'SocialAndLocalAccounts');
  const file = path.join(folder, 'TrustFrameworkExtensions.xml');

  function completeIn(insertAfter: string, insert: string, options?: CompletionOptions): string[] {
    return completeItemsIn(insertAfter, insert, options).map((i) => i.label);
  }

  function completeItemsIn(insertAfter: string, insert: string, options?: CompletionOptions): CompletionItem[] {
    const ws = new Workspace();
    ws.scan([folder]);
    const uri = pathToUri(file);
    const original = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const at = original.indexOf(insertAfter) + insertAfter.length;
    const text = original.slice(0, at) + insert + original.slice(at);
    const doc = ws.update(uri, 2, text);
    return doComplete(doc, doc.document.positionAt(at + insert.length), ws.index, options).items;
  }

  it('gives an override of a base profile the keys of the base Protocol (Facebook-OAUTH is OAuth2)', () => {
    const items = completeItemsIn('<TechnicalProfile Id="Facebook-OAUTH">\n          <Metadata>', '\n            <Item Key="');
    const got = items.map((i) => i.label);
    const oauth2 = kindById('oauth2')!.metadata.map((k) => k.key);
    // Set in this definition (the extension): not offered again.
    for (const taken of ['client_id', 'scope', 'ClaimsEndpoint']) assert.ok(!got.includes(taken), taken);
    // Set in the base: offered to override, after the unset keys, with the base's value.
    const description = (key: string) => items.find((i) => i.label === key)?.labelDetails?.description;
    assert.equal(description('ProviderName'), 'overrides TrustFrameworkBase: facebook');
    assert.equal(description('HttpBinding'), 'overrides TrustFrameworkBase: GET');
    assert.equal(description('authorization_endpoint'), 'overrides TrustFrameworkBase: https://www.facebook.com/dialog/oauth');
    const lastUnset = Math.max(...items.filter((i) => !i.labelDetails).map((i) => items.indexOf(i)));
    const sortKey = (i: CompletionItem) => i.sortText ?? i.label;
    assert.ok(items.filter((i) => i.labelDetails).every((o) => sortKey(o) > sortKey(items[lastUnset])), 'overridden keys sort last');
    assert.ok(got.length > 10 && got.every((k) => oauth2.includes(k) || ['IncludeClaimResolvingInClaimsHandling', 'ClaimTypeOnWhichToEnable', 'ClaimValueOnWhichToEnable'].includes(k)));
    assert.ok(got.includes('token_endpoint_auth_method'));
  });

  it('gives login-NonInteractive (OpenID Connect in the base) its values and claims', () => {
    assert.ok(completeIn('<TechnicalProfile Id="login-NonInteractive">\n          <Metadata>', '\n<Item Key="response_mode">').includes('form_post'));
    const claimIds = completeIn('<InputClaim ClaimTypeReferenceId="client_id" DefaultValue="', '{Claim:');
    assert.ok(claimIds.includes('{Claim:signInName}') && claimIds.includes('{Claim:objectId}'));
  });
});

describe('appsettings.json names for {Settings:...}', () => {
  it('collects PolicySettings keys of every environment, and nothing from a missing or malformed file', () => {
    assert.deepEqual(parseSettingsNames({ Environments: [{ Name: 'Dev', PolicySettings: { ApiUrl: 'a', Key: 'b' } }, { Name: 'Prod', PolicySettings: { ApiUrl: 'c', Other: 'd' } }] }).sort(), ['ApiUrl', 'Key', 'Other']);
    assert.deepEqual(parseSettingsNames({ Environments: 'x' }), []);
    assert.deepEqual(parseSettingsNames(null), []);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-appsettings-'));
    try {
      assert.deepEqual(readSettingsNames([dir]), []);
      fs.writeFileSync(path.join(dir, 'appsettings.json'), '\uFEFF{ "Environments": [ { "PolicySettings": { "B": 1, "A": 2 } } ] }');
      assert.deepEqual(readSettingsNames([dir]), ['A', 'B']);
      fs.writeFileSync(path.join(dir, 'appsettings.json'), '{ not json');
      assert.deepEqual(readSettingsNames([dir]), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
