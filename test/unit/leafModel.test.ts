/**
 * The leaf model (issue: judge each check where the B2C service judges it), on real policy sets: attribute
 * references are resolved in the file's own chain; everything else is judged on the merged policy of each
 * relying party that reaches the element, and nothing is said where no relying party reaches it.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { doValidation } from '../../server/src/service/languageService';
import { effectiveModel } from '../../server/src/service/effective/effectiveModel';
import { CORPUS, corpusText, replaceOnce } from '../helpers/corpusFixture';
import { Fixture, fixture, policy } from '../helpers/fixture';
import { profile, restProtocol, claimsSchema, claimsProviders } from '../helpers/rules';

const WG = 'woodgrove/Policies';
const woodgroveFiles = () => fs.readdirSync(path.join(CORPUS, WG)).filter((f) => f.endsWith('.xml')).map((f) => `${WG}/${f}`);

function setFixture(files: readonly string[], edit: (rel: string, text: string) => string = (_r, t) => t): Fixture {
  return fixture(files.map((rel) => `<!-- file: /${rel} -->\n${edit(rel, corpusText(rel))}\n`).join(''));
}

/** `file:line code` of one file's diagnostics whose code matches. */
function found(f: Fixture, rel: string, codes: RegExp): string[] {
  const { file, xml } = f.files.get(f.uri(`/${rel}`))!;
  return doValidation({ file, xml, index: f.index, options: {} })
    .filter((d) => codes.test(String(d.code)))
    .map((d) => `${rel.split('/').pop()}:${d.range.start.line + 1} ${d.code}`);
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('leaf model on Woodgrove (one chain, 22 relying parties)', () => {
  const wg = setFixture(woodgroveFiles());

  it('an Extensions override of an included profile counts for every profile that includes it (no B404/B407 in the base)', () => {
    // Before the leaf model: 38 x B407 and 3 x B404 InstrumentationKey here, all satisfied by B2C_1A_ext.xml.
    assert.deepEqual(found(wg, `${WG}/B2C_1A_base.xml`, /^B40[4-7]$/), []);
  });

  it('the same override removed brings the finding back, on the most-derived definition', () => {
    const ext = corpusText(`${WG}/B2C_1A_ext.xml`);
    const start = ext.indexOf('<TechnicalProfile Id="AzureActiveDirectoryStore-Common">');
    assert.ok(start > 0, 'the Extensions override AzureActiveDirectoryStore-Common');
    const end = ext.indexOf('</TechnicalProfile>', start) + '</TechnicalProfile>'.length;
    const without = setFixture(woodgroveFiles(), (rel, t) => rel.endsWith('B2C_1A_ext.xml') ? t.slice(0, start) + t.slice(end) : t);
    const b407 = [...found(without, `${WG}/B2C_1A_base.xml`, /^B40[47]$/), ...found(without, `${WG}/B2C_1A_ext.xml`, /^B40[47]$/)];
    assert.ok(b407.length > 0, 'the Azure AD profiles lose their application Ids');
  });

  it('a Metadata ContentDefinitionReferenceId in the base resolves in the leaves (defined in the localization file)', () => {
    const base = corpusText(`${WG}/B2C_1A_base.xml`);
    const line = lineOf(base, '<Item Key="ContentDefinitionReferenceId">api.account.allergyinformation</Item>');
    assert.deepEqual(found(wg, `${WG}/B2C_1A_base.xml`, /^B101$/), []);
    const without = setFixture(woodgroveFiles(), (rel, t) => rel.endsWith('B2C_1A_ext_Localization.xml')
      ? replaceOnce(t, '<ContentDefinition Id="api.account.allergyinformation">', '<ContentDefinition Id="api.account.allergyinformationX">') : t);
    assert.ok(found(without, `${WG}/B2C_1A_base.xml`, /^B101$/).includes(`B2C_1A_base.xml:${line} B101`));
  });

  it('SubjectNamingInfo names the subject by its PartnerClaimType: ClaimType="sub" is no B101', () => {
    assert.deepEqual(found(wg, `${WG}/B2C_1A_AccountLinking.xml`, /^B101$/), []);
  });

  it('a journey whose SendClaims step is followed by another step deploys: a B506 hint, no B503', () => {
    assert.deepEqual(found(wg, `${WG}/B2C_1A_ext.xml`, /^B503$/), []);
    assert.ok(found(wg, `${WG}/B2C_1A_ext.xml`, /^B506$/).length >= 20);
  });

  it('the relying parties share merged views: one merge of a profile serves every leaf on the same chain prefix', () => {
    const model = effectiveModel(wg.index);
    const leaves = model.leaves();
    assert.equal(leaves.length, 22);
    const merged = new Set(leaves.map((l) => model.profile(l, 'JwtIssuer')));
    assert.equal(merged.size, 1);
  });

  it('each plan has the DefaultUserJourney its relying party names, merged (an Endpoint\'s UserJourneyReferenceId is not it)', () => {
    const model = effectiveModel(wg.index);
    for (const leaf of model.leaves()) {
      const text = wg.files.get(leaf)!.text;
      const named = /<DefaultUserJourney ReferenceId="([^"]+)"/.exec(text)![1];
      const plan = model.plan(leaf)!;
      assert.equal(plan.defaultJourney?.id, named, leaf);
      assert.ok(plan.defaultJourney!.steps.length > 1, leaf);
    }
  });

  it('the base edited alone (no relying party in the workspace) gets no effective-policy finding', () => {
    const alone = setFixture([`${WG}/B2C_1A_base.xml`]);
    assert.deepEqual(found(alone, `${WG}/B2C_1A_base.xml`, /^B[2-5]\d\d$/), []);
  });
});

describe('leaf model on other sets', () => {
  it('account-linking: Facebook-OAUTH-Base and MSA-OIDC-Base overridden in the Extensions are not missing anything', () => {
    const dir = 'advanced-policies/account-linking';
    const f = setFixture(fs.readdirSync(path.join(CORPUS, dir)).filter((x) => x.endsWith('.xml')).map((x) => `${dir}/${x}`));
    assert.deepEqual(found(f, `${dir}/TRUSTFRAMEWORKBASE.xml`, /^B(40[467]|30[12])$/), []);
  });

  it('a SubJourney and a UserJourney with the same Id are separate scopes for ClaimsExchange Ids (no B107)', () => {
    const dir = 'starterpack/SocialAndLocalAccounts';
    const sub = '\n  <SubJourneys>\n    <SubJourney Id="PasswordReset" Type="Call">\n      <OrchestrationSteps>\n        <OrchestrationStep Order="1" Type="ClaimsExchange">\n          <ClaimsExchanges>\n            <ClaimsExchange Id="NewCredentials" TechnicalProfileReferenceId="LocalAccountWritePasswordUsingObjectId" />\n          </ClaimsExchanges>\n        </OrchestrationStep>\n      </OrchestrationSteps>\n    </SubJourney>\n  </SubJourneys>';
    const f = setFixture([`${dir}/TrustFrameworkBase.xml`, `${dir}/TrustFrameworkLocalization.xml`, `${dir}/TrustFrameworkExtensions.xml`, `${dir}/PasswordReset.xml`],
      (rel, t) => rel.endsWith('Base.xml') ? replaceOnce(t, '</UserJourneys>', '</UserJourneys>' + sub) : t);
    assert.deepEqual(found(f, `${dir}/TrustFrameworkBase.xml`, /^B10[67]$/), []);
  });
});

describe('leaf model: placement and leaves that disagree', () => {
  const base = (mode: string) => policy('B2C_1A_Base', `${claimsSchema('email', 'objectId')}\n${claimsProviders(profile({
    id: 'REST-Api', protocol: restProtocol, meta: [['ServiceUrl', 'https://api.contoso.com/x'], ['AuthenticationType', 'None']], inputs: ['email'], outputs: ['objectId'],
  }))}\n  <UserJourneys>\n    <UserJourney Id="J">\n      <OrchestrationSteps>\n        <OrchestrationStep Order="1" Type="ClaimsExchange">\n          <ClaimsExchanges>\n            <ClaimsExchange Id="Call" TechnicalProfileReferenceId="REST-Api" />\n          </ClaimsExchanges>\n        </OrchestrationStep>\n        <OrchestrationStep Order="2" Type="SendClaims" />\n      </OrchestrationSteps>\n    </UserJourney>\n  </UserJourneys>`, undefined, mode);
  const rp = (id: string, mode: string) => policy(id, '  <RelyingParty>\n    <DefaultUserJourney ReferenceId="J" />\n  </RelyingParty>', 'B2C_1A_Base', mode);

  it('a finding is reported once, in the file where the fix goes, and names the leaves when only some see it', () => {
    const f = fixture(`<!-- file: /d/Base.xml -->\n${base('')}\n<!-- file: /d/Prod.xml -->\n${rp('B2C_1A_Prod', '')}\n<!-- file: /d/Dev.xml -->\n${rp('B2C_1A_Dev', ' DeploymentMode="Development"')}`);
    const { file, xml } = f.files.get(f.uri('/d/Base.xml'))!;
    const ds = doValidation({ file, xml, index: f.index, options: {} }).filter((d) => /^B20[12]$/.test(String(d.code)));
    assert.deepEqual(ds.map((d) => d.code).sort(), ['B201', 'B202']);
    const prod = ds.find((d) => d.code === 'B202')!;
    assert.match(String(prod.message), /in 1 of the 2 relying parties that run it: B2C_1A_Prod\)/);
    assert.deepEqual(prod.relatedInformation?.map((r) => r.location.uri), [f.uri('/d/Prod.xml')]);
    for (const leaf of ['/d/Prod.xml', '/d/Dev.xml']) {
      const l = f.files.get(f.uri(leaf))!;
      assert.deepEqual(doValidation({ file: l.file, xml: l.xml, index: f.index, options: {} }).filter((d) => /^B2/.test(String(d.code))), [], 'reported in the base only');
    }
  });

  it('an element no relying party reaches gets no effective-policy finding', () => {
    const f = fixture(`<!-- file: /d/Base.xml -->\n${base('').replace('TechnicalProfileReferenceId="REST-Api"', 'TechnicalProfileReferenceId="REST-Api" ')}\n<!-- file: /d/Other.xml -->\n${policy('B2C_1A_Other', '  <RelyingParty>\n    <DefaultUserJourney ReferenceId="Nope" />\n  </RelyingParty>', 'B2C_1A_Base')}`);
    const { file, xml } = f.files.get(f.uri('/d/Base.xml'))!;
    assert.deepEqual(doValidation({ file, xml, index: f.index, options: {} }).filter((d) => /^B[2-5]/.test(String(d.code))), []);
  });
});
