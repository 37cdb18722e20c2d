/**
 * Upload limits judged per file (B630-B636) and the content definitions a relying party uses (B637, B638), each on
 * a minimal fixture, silent once corrected; the corpus gate (corpusGate.test.ts) keeps them silent on real sets.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Fixture, fixture, policy } from '../helpers/fixture';
import { at } from '../helpers/rules';
import { doValidation, getCodeActions } from '../../server/src/service/languageService';
import { documentContext } from '../../server/src/service/model/documentContext';
import { utf8Length } from '../../server/src/service/features/diagnostics/rules/uploadLimits';
import { CONTRACT_PAGE_LINES } from '../../server/src/service/data/pageLayouts';

const SEV = ['', 'error', 'warning', 'information', 'hint'];

function validate(f: Fixture, path: string): Diagnostic[] {
  const { file, xml } = f.files.get(f.uri(path))!;
  return doValidation({ file, xml, index: f.index, options: {} });
}

/** `path:line:col code severity` of one file's diagnostics whose code matches. */
function found(f: Fixture, path: string, codes: RegExp): string[] {
  return validate(f, path).filter((d) => codes.test(String(d.code)))
    .map((d) => `${path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${SEV[d.severity ?? 1]}`).sort();
}

const LIMITS = /^B63[0-6]$/;

/** The titles of the quick fixes offered for the first diagnostic of `code`. */
function fixes(g: Fixture, path: string, code: string): string[] {
  const { file, xml } = g.files.get(g.uri(path))!;
  const ds = validate(g, path).filter((d) => d.code === code);
  assert.ok(ds.length, `no ${code} in ${path}`);
  return getCodeActions(documentContext(file, xml), ds[0].range, ds, g.index).map((a) => a.title);
}

/** The text of `path` after the first quick fix for `code`. */
function fixedText(g: Fixture, path: string, code: string): string {
  const { file, xml, text } = g.files.get(g.uri(path))!;
  const ds = validate(g, path).filter((d) => d.code === code);
  const [a] = getCodeActions(documentContext(file, xml), ds[0].range, ds, g.index);
  assert.ok(a, `no fix for ${code}`);
  return TextDocument.applyEdits(TextDocument.create(g.uri(path), 'xml', 1, text), a.edit!.changes![g.uri(path)]);
}

/** A chain of `n` files L0 (root) <- L1 <- ... in one folder. */
function chainOf(n: number): Fixture {
  const files: string[] = [];
  for (let i = 0; i < n; i++) files.push(`<!-- file: /d/L${i}.xml -->\n${policy(`B2C_1A_L${i}`, '', i ? `B2C_1A_L${i - 1}` : undefined)}`);
  return fixture(files.join('\n'));
}

describe('upload limits (B630-B636)', () => {
  it('B630: 11 BasePolicy links is an error, exactly 10 information, 9 nothing', () => {
    const f = chainOf(12);
    assert.deepEqual(found(f, '/d/L11.xml', /^B630$/), [at(f, '/d/L11.xml', 'B2C_1A_L10<', 'B630') + ' error']);
    assert.deepEqual(found(f, '/d/L10.xml', /^B630$/), [at(f, '/d/L10.xml', 'B2C_1A_L9<', 'B630') + ' information']);
    assert.deepEqual(found(f, '/d/L9.xml', /^B630$/), []);
    // The starter pack's four files are far from it.
    assert.deepEqual(found(chainOf(4), '/d/L3.xml', LIMITS), []);
  });

  it('B631: counts the UTF-8 bytes of the text, not its UTF-16 length; 1,024,000-1,048,576 bytes is information', () => {
    assert.equal(utf8Length('a\u00e9\u20ac\ud83d\ude00'), 1 + 2 + 3 + 4);
    assert.equal(utf8Length('\ud83d'), 3, 'a lone surrogate is replaced by U+FFFD, three bytes');
    const big = (filler: string) => fixture(`<!-- file: /s/Big.xml -->\n${policy('B2C_1A_Big', `<!-- ${filler} -->`)}`);
    // 360,000 euro signs: 360,000 UTF-16 units but 1,080,000 bytes.
    const euros = big('\u20ac'.repeat(360_000));
    assert.ok(euros.text('/s/Big.xml').length < 1_048_576);
    assert.deepEqual(found(euros, '/s/Big.xml', /^B631$/), ['/s/Big.xml:2:2 B631 error']);
    assert.deepEqual(found(big('x'.repeat(1_030_000)), '/s/Big.xml', /^B631$/), ['/s/Big.xml:2:2 B631 information']);
    assert.deepEqual(found(big('x'.repeat(1_000_000)), '/s/Big.xml', /^B631$/), []);
  });

  it('B632/B633: a base named without B2C_1A_ is an error, an own PolicyId without it information; the quick fixes only where safe', () => {
    const f = fixture(`<!-- file: /p/Base.xml -->\n${policy('Base', '')}\n<!-- file: /p/Ext.xml -->\n${policy('B2C_1A_Ext', '', 'Base')}`);
    assert.deepEqual(found(f, '/p/Base.xml', LIMITS), [at(f, '/p/Base.xml', 'Base"', 'B633') + ' information']);
    assert.deepEqual(found(f, '/p/Ext.xml', LIMITS), [at(f, '/p/Ext.xml', 'Base</PolicyId>', 'B632') + ' error']);
    // Renaming Base would cut Ext off, and no B2C_1A_Base exists to point Ext at: no fix on either.
    assert.deepEqual(fixes(f, '/p/Base.xml', 'B633'), []);
    assert.deepEqual(fixes(f, '/p/Ext.xml', 'B632'), []);
    const g = fixture(`<!-- file: /p/Base.xml -->\n${policy('B2C_1A_Base', '')}\n<!-- file: /p/Ext.xml -->\n${policy('B2C_1A_Ext', '', 'Base')}\n<!-- file: /p/Solo.xml -->\n${policy('Solo', '')}`);
    assert.deepEqual(fixes(g, '/p/Ext.xml', 'B632'), ["Change to 'B2C_1A_Base'"]);
    assert.deepEqual(fixes(g, '/p/Solo.xml', 'B633'), ["Change to 'B2C_1A_Solo'"]);
    // Any letter case of the prefix, and build placeholders, are not judged.
    const h = fixture(`<!-- file: /p/A.xml -->\n${policy('b2c_1a_A', '')}\n<!-- file: /p/B.xml -->\n${policy('{Settings:Prefix}B', '', '{Settings:Prefix}A')}`);
    assert.deepEqual([...found(h, '/p/A.xml', LIMITS), ...found(h, '/p/B.xml', LIMITS)], []);
  });

  it('B634: a BasePolicy tenant other than the own TenantId, or a tenant other than the base file\'s, once per file', () => {
    const two = (childTenant: string, baseTenant: string, parentTenant = 'contoso.onmicrosoft.com') => fixture(`<!-- file: /t/Base.xml -->
${policy('B2C_1A_Base', '').replace(/contoso\.onmicrosoft\.com/g, parentTenant)}
<!-- file: /t/Ext.xml -->
${policy('B2C_1A_Ext', '', 'B2C_1A_Base').replace('TenantId="contoso.onmicrosoft.com"', `TenantId="${childTenant}"`).replace('<TenantId>contoso.onmicrosoft.com</TenantId>', `<TenantId>${baseTenant}</TenantId>`)}`);
    const own = two('contoso.onmicrosoft.com', 'fabrikam.onmicrosoft.com');
    assert.deepEqual(found(own, '/t/Ext.xml', /^B634$/), [at(own, '/t/Ext.xml', 'fabrikam.onmicrosoft.com<', 'B634') + ' error']);
    const fixed = fixedText(own, '/t/Ext.xml', 'B634');
    assert.match(fixed, /<TenantId>contoso\.onmicrosoft\.com<\/TenantId>/);
    assert.deepEqual(found(fixture(`<!-- file: /t/Base.xml -->\n${own.text('/t/Base.xml')}\n<!-- file: /t/Ext.xml -->\n${fixed}`), '/t/Ext.xml', /^B634$/), []);
    const parent = two('fabrikam.onmicrosoft.com', 'fabrikam.onmicrosoft.com');
    assert.deepEqual(found(parent, '/t/Ext.xml', /^B634$/), [at(parent, '/t/Ext.xml', 'fabrikam.onmicrosoft.com<', 'B634') + ' error']);
    assert.match(validate(parent, '/t/Ext.xml').find((d) => d.code === 'B634')!.message as string, /base B2C_1A_Base says TenantId 'contoso\.onmicrosoft\.com'/);
    // Letter case, a GUID beside a name (may be the same tenant) and build placeholders are not judged.
    for (const [c, b, p] of [['Contoso.onmicrosoft.com', 'contoso.ONMICROSOFT.com', 'contoso.onmicrosoft.com'],
      ['contoso.onmicrosoft.com', '00000000-0000-0000-0000-0000000000aa', 'contoso.onmicrosoft.com'],
      ['{Settings:Tenant}', '{Settings:Tenant}', 'fabrikam.onmicrosoft.com']]) {
      assert.deepEqual(found(two(c, b, p), '/t/Ext.xml', /^B634$/), [], `${c} ${b} ${p}`);
    }
  });

  it('B635: PublicPolicyUri that names another PolicyId or tenant is information; one without a path says nothing', () => {
    const f = fixture(`<!-- file: /u/A.xml -->\n${policy('B2C_1A_A', '').replace('/B2C_1A_A"', '/B2C_1A_signup_signin"')}\n<!-- file: /u/B.xml -->\n${policy('B2C_1A_B', '').replace('http://contoso.onmicrosoft.com/B2C_1A_B', 'http://contoso.onmicrosoft.com')}\n<!-- file: /u/C.xml -->\n${policy('B2C_1A_C', '').replace('http://contoso.onmicrosoft.com/', 'http://fabrikam.onmicrosoft.com/')}`);
    assert.deepEqual(found(f, '/u/A.xml', LIMITS), [at(f, '/u/A.xml', 'http://contoso', 'B635') + ' information']);
    assert.deepEqual(found(f, '/u/B.xml', LIMITS), []);
    assert.deepEqual(found(f, '/u/C.xml', LIMITS), [at(f, '/u/C.xml', 'http://fabrikam', 'B635') + ' information']);
  });

  it('B636: yourtenant is one information note per file, on the first place, in a CRLF file too', () => {
    for (const nl of ['\n', '\r\n']) {
      const src = `<!-- file: /y/Ext.xml -->\n${policy('B2C_1A_Ext', '', 'B2C_1A_Base')}\n<!-- file: /y/Base.xml -->\n${policy('B2C_1A_Base', '')}`.replace(/contoso/g, 'yourtenant');
      const f = fixture(src.replace(/\n/g, nl));
      assert.deepEqual(found(f, '/y/Ext.xml', LIMITS), [at(f, '/y/Ext.xml', 'yourtenant', 'B636') + ' information']);
      assert.equal(validate(f, '/y/Ext.xml').find((d) => d.code === 'B636')!.message, "TenantId still holds the starter pack's 'yourtenant' (noted once per file: look for it elsewhere in the file too). Put your tenant's name, or {Settings:Tenant} for a build, before uploading, unless your deploy tool replaces it.");
    }
  });
});

/** A base with one self-asserted profile per content definition, each run by a step, and a relying party. */
function pages(opts: { dataUris: Record<string, string>; script?: string; rpContent?: string; extContent?: string; unused?: string }): Fixture {
  const ids = Object.keys(opts.dataUris);
  const defs = (uris: Record<string, string | undefined>) => Object.entries(uris).map(([id, uri]) => `      <ContentDefinition Id="${id}">
        <LoadUri>~/tenant/default/selfAsserted.cshtml</LoadUri>${uri === undefined ? '' : `\n        <DataUri>${uri}</DataUri>`}
      </ContentDefinition>`).join('\n');
  const content = { ...opts.dataUris, ...(opts.unused ? { 'api.unused': opts.unused } : {}) };
  const profiles = ids.map((id, i) => `        <TechnicalProfile Id="SA${i}">
          <DisplayName>SA${i}</DisplayName>
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="ContentDefinitionReferenceId">${id}</Item>
          </Metadata>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="objectId" />
          </OutputClaims>
        </TechnicalProfile>`).join('\n');
  const steps = ids.map((_, i) => `        <OrchestrationStep Order="${i + 1}" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="X${i}" TechnicalProfileReferenceId="SA${i}" />
          </ClaimsExchanges>
        </OrchestrationStep>`).join('\n');
  const base = policy('B2C_1A_Base', `  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="objectId">
        <DisplayName>objectId</DisplayName>
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
    <ContentDefinitions>
${defs(content)}
    </ContentDefinitions>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Local</DisplayName>
      <TechnicalProfiles>
${profiles}
        <TechnicalProfile Id="Issuer">
          <DisplayName>Issuer</DisplayName>
          <Protocol Name="None" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="J">
      <OrchestrationSteps>
${steps}
        <OrchestrationStep Order="${ids.length + 1}" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="Issuer" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>`);
  const ext = opts.extContent ? `\n<!-- file: /c/Ext.xml -->\n${policy('B2C_1A_Ext', `  <BuildingBlocks>\n    <ContentDefinitions>\n${opts.extContent}\n    </ContentDefinitions>\n  </BuildingBlocks>`, 'B2C_1A_Base')}` : '';
  const script = opts.script ? `\n    <UserJourneyBehaviors>\n      <ScriptExecution>${opts.script}</ScriptExecution>\n    </UserJourneyBehaviors>` : '';
  const rp = policy('B2C_1A_RP', `  <RelyingParty>
    <DefaultUserJourney ReferenceId="J" />${script}
    <TechnicalProfile Id="PolicyProfile">
      <DisplayName>PolicyProfile</DisplayName>
      <Protocol Name="OpenIdConnect" />
      <OutputClaims>
        <OutputClaim ClaimTypeReferenceId="objectId" PartnerClaimType="sub" />
      </OutputClaims>
      <SubjectNamingInfo ClaimType="sub" />
    </TechnicalProfile>
  </RelyingParty>`, opts.extContent ? 'B2C_1A_Ext' : 'B2C_1A_Base');
  return fixture(`<!-- file: /c/Base.xml -->\n${base}${ext}\n<!-- file: /c/RP.xml -->\n${rp}`);
}

const PAGES = /^B63[78]$/;
const C = 'urn:com:microsoft:aad:b2c:elements:contract:';
const L = 'urn:com:microsoft:aad:b2c:elements:';

describe('content definitions of a relying party (B637, B638)', () => {
  it('the well-formed set is clean, schema included', () => {
    const f = pages({ dataUris: { 'api.a': `${C}selfasserted:2.1.26`, 'api.b': `${L}selfasserted:1.1.0` } });
    for (const p of ['/c/Base.xml', '/c/RP.xml']) assert.deepEqual(found(f, p, /^B[1-8]\d\d$/), [], p);
  });

  const cases: ReadonlyArray<readonly [string, string | undefined, RegExp?]> = [
    [`${C}selfasserted:2.1.7`, undefined],
    [`${C}selfasserted:2.1.12`, undefined, /* a patch the change log skips, within the documented range */],
    [`${C}unifiedssp:2.0.0`, undefined],
    [`${C}providerselection:1.2.1`, undefined],
    [`${L}idpselection:1.0.0`, undefined],
    [`{Settings:SelfAssertedPage}`, undefined],
    [`${C}selfasserted:2.1.99`, 'information', /newer than the documented versions/],
    [`${C}selfasserted:2.2.0`, 'information', /newer/],
    [`${C}unifiedssd:2.1.4`, 'error', /has no version 2\.1\.4.*1\.0\.0, 1\.2\.0-1\.2\.4/],
    [`${C}unifiedssd:1.1.0`, 'error', /has no version 1\.1\.0/],
    [`${L}selfasserted:2.0.0`, 'error', /without 'contract' has only the versions 1\.0\.0, 1\.1\.0/],
    [`${C}selfaserted:2.1.7`, 'error', /'selfaserted' is not a documented page type/],
    [`${L}selfasserted`, 'error', /is not of the form/],
    [`${L}providerselection:1.2.0`, 'information', /documented only as a page contract/],
    [`${C}idpselection:1.0.0`, 'information', /not documented as a page contract/],
    ['https://contoso.com/page', 'warning', /not a page identifier/],
  ];
  for (const [uri, severity, message] of cases) {
    it(`${uri}: ${severity ?? 'nothing'}`, () => {
      const f = pages({ dataUris: { 'api.a': `${C}selfasserted:2.1.26`, 'api.b': uri } });
      const ds = validate(f, '/c/Base.xml').filter((d) => d.code === 'B637');
      assert.deepEqual(ds.map((d) => `${d.range.start.line + 1} ${SEV[d.severity!]}`), severity ? [`${at(f, '/c/Base.xml', uri, 'B637').split(':')[1]} ${severity}`] : []);
      if (message) assert.match(String(ds[0].message), message);
    });
  }

  it('the old form with a page layout version: the quick fix writes the contract form, which is clean', () => {
    const uri = `${L}selfasserted:2.1.7`;
    const f = pages({ dataUris: { 'api.a': uri } });
    const text = fixedText(f, '/c/Base.xml', 'B637');
    assert.ok(text.includes(`<DataUri>${C}selfasserted:2.1.7</DataUri>`));
    const g = fixture(`<!-- file: /c/Base.xml -->\n${text}\n<!-- file: /c/RP.xml -->\n${f.text('/c/RP.xml')}`);
    assert.deepEqual(found(g, '/c/Base.xml', PAGES), []);
    // A version that no contract line has gets no fix: the right version is not known.
    assert.deepEqual(fixes(pages({ dataUris: { 'api.a': `${L}selfasserted:7.0.0` } }), '/c/Base.xml', 'B637'), []);
  });

  it('judges only what a journey uses, and the most-derived DataUri along the relying party\'s chain', () => {
    const unused = pages({ dataUris: { 'api.a': `${C}selfasserted:2.1.26` }, unused: `${C}unifiedssd:2.1.4` });
    assert.deepEqual(found(unused, '/c/Base.xml', PAGES), []);
    const bad = `${C}unifiedssd:2.1.4`;
    const fixed = pages({ dataUris: { 'api.a': bad }, extContent: `      <ContentDefinition Id="api.a">\n        <DataUri>${C}selfasserted:2.1.26</DataUri>\n      </ContentDefinition>` });
    assert.deepEqual([...found(fixed, '/c/Base.xml', PAGES), ...found(fixed, '/c/Ext.xml', PAGES)], []);
    // An override that leaves DataUri out keeps the base's: the base's value is judged, and reported where it is written.
    const kept = pages({ dataUris: { 'api.a': bad }, extContent: '      <ContentDefinition Id="api.a">\n        <LoadUri>https://contoso.com/a.html</LoadUri>\n      </ContentDefinition>' });
    assert.deepEqual(found(kept, '/c/Base.xml', PAGES), [`${at(kept, '/c/Base.xml', bad, 'B637')} error`]);
    assert.deepEqual(found(kept, '/c/Ext.xml', PAGES), []);
  });

  it('B638: ScriptExecution Allow with a DataUri that is not a page contract, reported on ScriptExecution; Disallow or contracts are clean', () => {
    const legacy = { 'api.a': `${C}selfasserted:2.1.26`, 'api.b': `${L}selfasserted:1.1.0` };
    const allow = pages({ dataUris: legacy, script: 'Allow' });
    assert.deepEqual(found(allow, '/c/RP.xml', PAGES), [`${at(allow, '/c/RP.xml', 'Allow<', 'B638')} error`]);
    assert.match(validate(allow, '/c/RP.xml').find((d) => d.code === 'B638')!.message as string, /'api\.b'/);
    assert.deepEqual(found(allow, '/c/Base.xml', PAGES), []);
    assert.deepEqual(found(pages({ dataUris: legacy, script: 'Disallow' }), '/c/RP.xml', PAGES), []);
    const contracts = pages({ dataUris: { 'api.a': `${C}selfasserted:2.1.26` }, script: 'Allow', unused: `${L}selfasserted:1.1.0` });
    assert.deepEqual(found(contracts, '/c/RP.xml', PAGES), []);
  });

  it('the page-layout data names its lines in order, each with a whole patch number', () => {
    for (const [type, lines] of Object.entries(CONTRACT_PAGE_LINES)) {
      for (const [line, max] of Object.entries(lines)) {
        assert.match(line, /^\d+\.\d+$/, type);
        assert.ok(Number.isInteger(max) && max >= 0, `${type} ${line}`);
      }
    }
  });
});
