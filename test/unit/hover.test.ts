import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { MarkupContent } from 'vscode-languageserver-types';
import { Workspace } from '../../server/src/node/workspace';
import { pathToUri } from '../../server/src/node/files';
import { doHover, documentContext } from '../../server/src/service/languageService';
import { fixture, policy } from '../helpers/fixture';
import { STARTERPACK } from '../helpers/paths';

const REST_HANDLER = 'Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';

const profile = (inner: string, protocol = `<Protocol Name="Proprietary" Handler="${REST_HANDLER}" />`, id = 'REST-Api') => `<ClaimsProviders><ClaimsProvider><DisplayName>X</DisplayName><TechnicalProfiles>
<TechnicalProfile Id="${id}">
${protocol}
${inner}
</TechnicalProfile>
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>`;

const claims = `<BuildingBlocks><ClaimsSchema>
<ClaimType Id="email"><DisplayName>Email Address</DisplayName><DataType>string</DataType></ClaimType>
</ClaimsSchema></BuildingBlocks>`;

/** The hover text at $0 and the text its range covers. */
function hover(source: string): { text: string; covers: string } | null {
  const f = fixture(source);
  const c = f.cursor!;
  const { file, xml, text } = f.files.get(c.uri)!;
  const ctx = documentContext(file, xml);
  const h = doHover(ctx, c.position, f.index);
  if (!h) return null;
  const r = h.range!;
  return { text: (h.contents as MarkupContent).value, covers: text.slice(ctx.document.offsetAt(r.start), ctx.document.offsetAt(r.end)) };
}

const one = (body: string) => `<!-- file: /T.xml -->\n${policy('B2C_1A_T', body)}`;

describe('hover: links to the Microsoft Learn article of the facts', () => {
  const learn = (text: string) => [...text.matchAll(/\[([\w.-]+)\]\((https:\/\/learn\.microsoft\.com\/[^)]+)\)/g)].map((m) => `${m[1]} ${m[2]}`);

  it('on a Metadata key, a value and a key Id: the article of the kind', () => {
    const rest = ['restful-technical-profile https://learn.microsoft.com/azure/active-directory-b2c/restful-technical-profile',
      'secure-rest-api https://learn.microsoft.com/azure/active-directory-b2c/secure-rest-api'];
    assert.deepEqual(learn(hover(one(profile('<Metadata><Item Key="Authentication$0Type">Basic</Item></Metadata>')))!.text), rest);
    assert.deepEqual(learn(hover(one(profile('<Metadata><Item Key="AuthenticationType">Ba$0sic</Item></Metadata>')))!.text), rest);
    assert.deepEqual(learn(hover(one(profile('<Metadata><Item Key="AuthenticationType">Basic</Item></Metadata><CryptographicKeys><Key Id="BasicAuthentication$0Username" StorageReferenceId="B2C_1A_U" /></CryptographicKeys>')))!.text), rest);
    assert.deepEqual(learn(hover(one(profile('<Metadata><Item Key="client_id">x</Item></Metadata>'.replace('client_id', 'client$0_id'), '<Protocol Name="OpenIdConnect" />')))!.text),
      ['openid-connect-technical-profile https://learn.microsoft.com/azure/active-directory-b2c/openid-connect-technical-profile']);
  });

  it('on a key common to every kind, which the kind\'s article does not list: its own article', () => {
    assert.deepEqual(learn(hover(one(profile('<Metadata><Item Key="ClaimTypeOn$0WhichToEnable">x</Item></Metadata>')))!.text),
      ['technicalprofiles https://learn.microsoft.com/azure/active-directory-b2c/technicalprofiles']);
  });

  it('on a technical-profile reference: the article of its kind, from the merged profile', () => {
    const src = `<!-- file: /B.xml -->\n${policy('B', profile('', undefined, 'REST-Api'))}
<!-- file: /E.xml -->\n${policy('E', profile('<ValidationTechnicalProfiles><ValidationTechnicalProfile ReferenceId="REST-$0Api" /></ValidationTechnicalProfiles>', '<Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />', 'SelfAsserted'), 'B')}`;
    assert.match(hover(src)!.text, /Microsoft Learn: \[restful-technical-profile\]\(https:\/\/learn\.microsoft\.com\/azure\/active-directory-b2c\/restful-technical-profile\)/);
    // A claim has no such article.
    assert.doesNotMatch(hover(one(claims + profile('<InputClaims><InputClaim ClaimTypeReferenceId="em$0ail" /></InputClaims>')))!.text, /learn\.microsoft/);
  });
});

describe('hover: Metadata', () => {
  it('describes a key: what it does, its values, default and whether this kind needs it', () => {
    const h = hover(one(profile('<Metadata><Item Key="Authentication$0Type">Basic</Item></Metadata>')))!;
    assert.equal(h.covers, 'AuthenticationType');
    for (const v of ['None', 'Basic', 'ClientCertificate', 'Bearer', 'ApiKeyHeader']) assert.match(h.text, new RegExp('`' + v + '`'));
    assert.match(h.text, /Required for RESTful: required/);
    const send = hover(one(profile('<Metadata><Item Key="SendCl$0aimsIn">Body</Item></Metadata>')))!;
    assert.match(send.text, /Default: `Body`/);
    assert.match(send.text, /Required for RESTful: no/);
  });

  it('uses the merged profile: an override gets its base kind and the effective value', () => {
    const src = `<!-- file: /B.xml -->\n${policy('B', profile('<Metadata><Item Key="SendClaimsIn">Form</Item></Metadata>'))}
<!-- file: /E.xml -->\n${policy('E', profile('<Metadata><Item Key="SendClaimsIn">Body</Item></Metadata>', ''), 'B')}
<!-- file: /R.xml -->\n${policy('R', profile('<Metadata><Item Key="SendCla$0imsIn">Url</Item></Metadata>', ''), 'E')}`;
    const h = hover(src)!;
    assert.match(h.text, /RESTful metadata/);
    assert.match(h.text, /Overrides `Form` at `B.xml:\d+`, `Body` at `E.xml:\d+`/);
    const middle = hover(src.replace('SendCla$0imsIn', 'SendClaimsIn').replace('Item Key="SendClaimsIn">Body', 'Item Key="Send$0ClaimsIn">Body'))!;
    assert.match(middle.text, /Overrides `Form` at `B.xml:\d+`\n\nOverridden by `Url` at `R.xml:\d+`/);
  });

  it('says when a key is unknown for the kind, with a suggestion', () => {
    assert.match(hover(one(profile('<Metadata><Item Key="sendclaims$0in">Body</Item></Metadata>')))!.text, /not a RESTful metadata key. Did you mean `SendClaimsIn`/);
  });

  it('describes a value and what it requires', () => {
    const h = hover(one(profile('<Metadata><Item Key="AuthenticationType">Ba$0sic</Item></Metadata>')))!;
    assert.equal(h.covers, 'Basic');
    assert.match(h.text, /`AuthenticationType` = \*\*Basic\*\*/);
    assert.match(h.text, /BasicAuthenticationUsername/);
    assert.match(hover(one(profile('<Metadata><Item Key="SendClaimsIn">Bo$0dy</Item></Metadata>')))!.text, /\(default\)/);
  });

  it('describes a CryptographicKeys Id for the kind, including header names', () => {
    const keys = (id: string) => hover(one(profile(`<CryptographicKeys><Key Id="${id}" StorageReferenceId="B2C_1A_K" /></CryptographicKeys>`)))!;
    assert.match(keys('BasicAuthentication$0Username').text, /RESTful cryptographic key/);
    assert.match(keys('x-functions$0-key').text, /HTTP header name/);
    assert.match(hover(one(profile('<CryptographicKeys><Key Id="client_se$0cret" StorageReferenceId="B2C_1A_K" /></CryptographicKeys>', '<Protocol Name="OAuth2" />')))!.text, /OAuth 2.0 cryptographic key/);
  });
});

describe('hover: references and definitions', () => {
  it('shows a claim reference with DataType, DisplayName and where it is defined and overridden', () => {
    const src = `<!-- file: /B.xml -->\n${policy('B', claims)}
<!-- file: /sub/E.xml -->\n${policy('E', claims + profile('<InputClaims><InputClaim ClaimTypeReferenceId="em$0ail" /></InputClaims>'), 'B')}`;
    const h = hover(src)!;
    assert.equal(h.covers, 'email');
    assert.equal(h.text, '**email** — claim type\n\nDataType: `string`\n\nDisplayName: Email Address\n\nDefined in `../B.xml:4`; overridden in `E.xml:8`');
  });

  it('shows a technical profile with its Protocol, handler and includes; on its definition, the overrides in files that extend it', () => {
    const src = `<!-- file: /B.xml -->\n${policy('B', profile('', undefined, 'Common') + profile('<IncludeTechnicalProfile ReferenceId="Common" />', '', 'REST-$0Api'))}
<!-- file: /E.xml -->\n${policy('E', profile('', '', 'REST-Api'), 'B')}`;
    const h = hover(src)!;
    assert.match(h.text, /^\*\*REST-Api\*\* — technical profile/);
    assert.match(h.text, /Protocol: `Proprietary` \(`Web.TPEngine.Providers.RestfulProvider`\)/);
    assert.match(h.text, /Includes: `Common`/);
    assert.match(h.text, /Defined in `B.xml:\d+`; overridden in `E.xml:\d+`/);
  });

  it('says when a reference does not resolve', () => {
    assert.match(hover(one(profile('<InputClaims><InputClaim ClaimTypeReferenceId="nowh$0ere" /></InputClaims>')))!.text, /Not defined in this policy's inheritance chain/);
  });

  it('counts the uses of a policy key across the workspace', () => {
    const src = `<!-- file: /A.xml -->\n${policy('A', profile('<CryptographicKeys><Key Id="client_secret" StorageReferenceId="B2C_1A_Secret" /></CryptographicKeys>', '<Protocol Name="OAuth2" />'))}
<!-- file: /T.xml -->\n${policy('T', profile('<CryptographicKeys><Key Id="BearerAuthenticationToken" StorageReferenceId="B2C_1A_Se$0cret" /><Key Id="x" StorageReferenceId="b2c_1a_secret" /></CryptographicKeys>'))}`;
    const h = hover(src)!;
    assert.match(h.text, /policy key/);
    assert.match(h.text, /Used 3 times in 2 files: `A.xml`, `T.xml`/);
  });

  it('names the files declaring a base PolicyId', () => {
    const src = `<!-- file: /Base.xml -->\n${policy('B2C_1A_Base', '')}\n<!-- file: /Ext.xml -->\n${policy('B2C_1A_Ext', '').replace('</TrustFrameworkPolicy>', '<BasePolicy><TenantId>t</TenantId><PolicyId>B2C_1A_B$0ase</PolicyId></BasePolicy>\n</TrustFrameworkPolicy>')}`;
    assert.match(hover(src)!.text, /Declared in `Base.xml:2`/);
  });
});

describe('hover: claim resolvers', () => {
  it('describes a resolver inside an attribute value and in element text', () => {
    const h = hover(one(profile('<InputClaims><InputClaim ClaimTypeReferenceId="x" DefaultValue="id-{Context:Corr$0elationId}" /></InputClaims>')))!;
    assert.equal(h.covers, '{Context:CorrelationId}');
    assert.match(h.text, /claim resolver \(Context\)/);
    assert.match(hover(one(profile('<Metadata><Item Key="ServiceUrl">https://x/{OIDC:Cl$0ientId}</Item></Metadata>')))!.text, /OIDC/);
  });

  it('shows the claim behind {Claim:...} and the look-alike {Settings:...}', () => {
    const claim = hover(one(claims + profile('<InputClaims><InputClaim ClaimTypeReferenceId="x" DefaultValue="{Claim:em$0ail}" /></InputClaims>')))!;
    assert.match(claim.text, /\{Claim:email\}[\s\S]*DataType: `string`[\s\S]*Defined in `T.xml:4`/);
    assert.match(hover(one(profile('<Metadata><Item Key="ServiceUrl">{Settings:Api$0Url}</Item></Metadata>')))!.text, /appsettings\.json/);
  });
});

describe('hover on the starter pack', () => {
  it('gives an extension override of Facebook-OAUTH the OAuth2 docs of its base', () => {
    const folder = path.join(STARTERPACK, 'SocialAndLocalAccounts');
    const ws = new Workspace();
    ws.scan([folder]);
    const uri = pathToUri(path.join(folder, 'TrustFrameworkExtensions.xml'));
    const parsed = ws.parsed(uri)!;
    const ctx = documentContext(parsed.file, parsed.xml);
    const at = parsed.text.indexOf('Key="scope"') + 6;
    const h = doHover(ctx, ctx.document.positionAt(at), ws.index)!;
    assert.match((h.contents as MarkupContent).value, /^\*\*scope\*\* — OAuth 2.0 metadata/);
    const ref = doHover(ctx, ctx.document.positionAt(parsed.text.indexOf('"client_id" DefaultValue') + 3), ws.index)!;
    assert.match((ref.contents as MarkupContent).value, /Defined in `TrustFrameworkBase.xml:\d+`/);
  });
});

describe('hover: corrected facts', () => {
  const oidc = (inner: string) => profile(inner, '<Protocol Name="OpenIdConnect" />', 'OIDC');
  const selfAsserted = '<Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />';

  it('explains each word of a space-separated response_types value', () => {
    const h = hover(one(oidc('<Metadata><Item Key="response_types">code id$0_token</Item></Metadata>')))!;
    assert.match(h.text, /\*\*code\*\*/);
    assert.match(h.text, /\*\*id_token\*\*/);
  });

  it('says that ContentDefinitionReferenceId is documented as required but not enforced on self-asserted profiles', () => {
    const h = hover(one(profile('<Metadata><Item Key="ContentDefinition$0ReferenceId">api.selfasserted</Item></Metadata>', selfAsserted)))!;
    assert.match(h.text, /documented as required, but the service accepts profiles without it/);
  });
});

describe('hover ranges contain the cursor', () => {
  it('answers a closing tag for its element (or nothing), never with the hover of the text before it', () => {
    const body = profile('<Metadata><Item Key="AuthenticationType">Basic</Item></Metadata>');
    const onValue = hover(one(body.replace('>Basic<', '>Ba$0sic<')))!;
    assert.equal(onValue.covers, 'Basic', 'the value itself still answers');
    assert.equal(hover(one(body.replace('>Basic<', '>Basic$0<')))!.covers, 'Basic', 'so does the end of the value');
    // On the name of the closing tag: the element's own hover, over the name.
    const onName = hover(one(body.replace('</Item>', '</It$0em>')))!;
    assert.equal(onName.covers, 'Item');
    assert.match(onName.text, /^\*\*<Item>\*\*/);
    // Between `<` and `/`... and after the name: nothing that the cursor is not on.
    for (const at of ['<$0/Item>', '</Item$0>', '</Item>$0']) {
      const h = hover(one(body.replace('</Item>', at)));
      assert.ok(h === null || h.covers === 'Item', `${at}: ${JSON.stringify(h?.covers)}`);
    }
  });

  it('on every offset of the starter pack', () => {
    const ws = new Workspace();
    ws.scan([STARTERPACK]);
    let hovers = 0;
    for (const { uri } of [...ws.index.all()]) {
      const parsed = ws.parsed(uri);
      if (!parsed) continue;
      const ctx = documentContext(parsed.file, parsed.xml);
      for (let o = 0; o <= parsed.text.length; o += 7) {
        const h = doHover(ctx, ctx.document.positionAt(o), ws.index);
        if (!h?.range) continue;
        hovers++;
        const [s, e] = [ctx.document.offsetAt(h.range.start), ctx.document.offsetAt(h.range.end)];
        assert.ok(s <= o && o <= e, `${uri} at ${o}: range [${s},${e}) ${JSON.stringify(parsed.text.slice(o - 10, o + 10))}`);
      }
    }
    assert.ok(hovers > 10_000, `${hovers} hovers`);
  });
});
