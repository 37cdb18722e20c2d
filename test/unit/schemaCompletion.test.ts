import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItem, InsertTextFormat, TextEdit } from 'vscode-languageserver-types';
import { parseXml } from '../../server/src/service/xml/parser';
import { doSchemaComplete } from '../../server/src/service/features/schema/schemaCompletion';
import { pol, withCursor } from '../helpers/schemaFixture';

function complete(source: string): { text: string; items: CompletionItem[] | undefined } {
  const { text, offset } = withCursor(source);
  const doc = TextDocument.create('file:///p.xml', 'xml', 1, text);
  return { text, items: doSchemaComplete(parseXml(text), doc, offset) };
}

/** Labels sorted as the editor would show them (by sortText). */
function labels(source: string): string[] | undefined {
  const { items } = complete(source);
  return items && [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
}

/** The document after accepting the item with this label. */
function accept(source: string, label: string): string {
  const { text, items } = complete(source);
  const item = items?.find((i) => i.label === label);
  assert.ok(item, `no item ${label}`);
  const doc = TextDocument.create('file:///p.xml', 'xml', 1, text);
  return TextDocument.applyEdits(doc, [item.textEdit as TextEdit]);
}

const tp = (inner: string) => pol(`<ClaimsProviders><ClaimsProvider><DisplayName>X</DisplayName><TechnicalProfiles>\n<TechnicalProfile Id="tp">\n${inner}\n</TechnicalProfile>\n</TechnicalProfiles></ClaimsProvider></ClaimsProviders>`);
const steps = (inner: string) => pol(`<UserJourneys><UserJourney Id="j"><OrchestrationSteps>\n${inner}\n</OrchestrationSteps></UserJourney></UserJourneys>`);

describe('doSchemaComplete: element names', () => {
  it('offers the TechnicalProfile children in schema order', () => {
    const all = labels(tp('<$0'))!;
    const common = ['DisplayName', 'Protocol', 'Metadata', 'CryptographicKeys', 'InputClaims', 'DisplayClaims', 'OutputClaims', 'ValidationTechnicalProfiles', 'UseTechnicalProfileForSessionManagement'];
    assert.deepEqual(all.filter((l) => common.includes(l)), common);
    assert.equal(all[0], 'Domains');
    assert.equal(all[all.length - 1], 'EnabledForUserJourneys');
  });

  it('offers only what may follow the siblings before the cursor and precede those after it', () => {
    const between = labels(tp('<Protocol Name="None" />\n<$0\n<InputClaims />'))!;
    assert.equal(between[0], 'InputTokenFormat');
    // InputClaims is already there and occurs at most once, so the list ends just before it.
    assert.equal(between[between.length - 1], 'InputClaimsTransformations');
    assert.ok(!between.includes('Protocol') && !between.includes('DisplayName') && !between.includes('OutputClaims'));
    // InputClaims occurs at most once and is already there.
    assert.ok(!labels(tp('<InputClaims />\n<$0'))!.includes('InputClaims'));
  });

  it('completes a half-typed name with a snippet holding required attributes and the end tag', () => {
    assert.equal(accept(tp('<Prot$0'), 'Protocol'), tp('<Protocol Name="${1|None,OAuth1,OAuth2,SAML2,OpenIdConnect,WsFed,WsTrust,UProve11,Proprietary|}" />$0'));
    assert.equal(accept(tp('<Meta$0'), 'Metadata'), tp('<Metadata>$0</Metadata>'));
    assert.equal(accept(steps('<OrchestrationStep Order="1" Type="ClaimsExchange"><ClaimsExchanges><$0</ClaimsExchanges></OrchestrationStep>'), 'ClaimsExchange'),
      steps('<OrchestrationStep Order="1" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="$1" TechnicalProfileReferenceId="$2" />$0</ClaimsExchanges></OrchestrationStep>'));
    const { items } = complete(tp('<Meta$0'));
    assert.equal(items?.find((i) => i.label === 'Metadata')?.insertTextFormat, InsertTextFormat.Snippet);
  });

  it('replaces only the name when renaming an existing tag', () => {
    assert.equal(accept(tp('<Disp$0 >X</DisplayName>'), 'DisplayName'), tp('<DisplayName >X</DisplayName>'));
  });

  it('offers the root element in an empty document, and nothing in other XML documents', () => {
    assert.deepEqual(labels('<$0'), ['TrustFrameworkPolicy']);
    assert.equal(labels('<root>\n<$0\n</root>'), undefined);
  });
});

describe('doSchemaComplete: attributes', () => {
  it('offers missing attributes, required first', () => {
    assert.deepEqual(labels(steps('<OrchestrationStep Order="1" $0')), ['Type', 'ContentDefinitionReferenceId', 'CpimIssuerTechnicalProfileReferenceId']);
    assert.equal(accept(steps('<OrchestrationStep Order="1" Ty$0'), 'Type'),
      steps('<OrchestrationStep Order="1" Type="${1|ConsentScreen,ClaimsProviderSelection,CombinedSignInAndSignUp,ClaimsExchange,ReviewScreen,SendClaims,GetClaims,UserDialog,InvokeSubJourney,Noop|}"'));
  });

  it('offers enumerated values inside quotes, replacing the whole value', () => {
    assert.ok(labels(steps('<OrchestrationStep Order="1" Type="$0"/>'))!.includes('InvokeSubJourney'));
    assert.equal(accept(steps('<OrchestrationStep Order="1" Type="Cl$0aims"/>'), 'SendClaims'), steps('<OrchestrationStep Order="1" Type="SendClaims"/>'));
    assert.deepEqual(labels(tp('<Protocol Name="$0" />')), ['None', 'OAuth1', 'OAuth2', 'SAML2', 'OpenIdConnect', 'WsFed', 'WsTrust', 'UProve11', 'Proprietary']);
    assert.deepEqual(labels(pol('<BuildingBlocks><ClaimsSchema><ClaimType Id="a"><Restriction><Pattern RegularExpression="x" /></Restriction><Mask Type="$0"')), ['Simple', 'Regex']);
    assert.deepEqual(labels(steps('<OrchestrationStep Order="1" Type="ClaimsExchange"><Preconditions><Precondition Type="$0" ExecuteActionsIf="true">')), ['ClaimsExist', 'ClaimEquals']);
  });

  it('works while the quote is still open and more steps follow', () => {
    assert.ok(labels(steps('<OrchestrationStep Order="1" Type="$0\n<OrchestrationStep Order="2" Type="SendClaims" />'))!.includes('ClaimsExchange'));
    assert.deepEqual(labels(steps('<OrchestrationStep Order="1" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="a" $0\n</ClaimsExchanges></OrchestrationStep>')), ['TechnicalProfileReferenceId']);
  });

  it('returns undefined for values without an enumeration, so other providers can answer', () => {
    assert.equal(labels(steps('<OrchestrationStep Order="$0"/>')), undefined);
    assert.equal(labels(tp('<InputClaims><InputClaim ClaimTypeReferenceId="$0" /></InputClaims>')), undefined);
  });
});

describe('doSchemaComplete: element text', () => {
  it('offers DataType and UserInputType values', () => {
    const claim = (inner: string) => pol(`<BuildingBlocks><ClaimsSchema><ClaimType Id="a">${inner}</ClaimType></ClaimsSchema></BuildingBlocks>`);
    assert.ok(labels(claim('<DataType>$0</DataType>'))!.includes('stringCollection'));
    assert.equal(accept(claim('<DataType>str$0</DataType>'), 'string'), claim('<DataType>string</DataType>'));
    assert.ok(labels(claim('<UserInputType>$0</UserInputType>'))!.includes('DropdownSingleSelect'));
    assert.equal(labels(claim('<DisplayName>$0</DisplayName>')), undefined);
  });

  it('returns undefined in comments and end tags', () => {
    assert.equal(labels(tp('<!-- <$0 -->')), undefined);
    assert.equal(labels(tp('</Tech$0')), undefined);
  });
});
