/**
 * Facts and per-kind judgements checked on real policies from ../shared/corpus: what kind a profile is,
 * which Metadata keys B2C knows, what counts as a secret, and values the build replaces. Each case loads the
 * corpus files as they are (or with one marked edit) and asserts on the diagnostics a user would see.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mergeProfile, profileKindOf } from '../../server/src/service/languageService';
import { findKind } from '../../server/src/service/data/metadata';
import { issuerProfileIds } from '../../server/src/service/features/shared/profileKind';
import { allDiags, corpusFixture, replaceOnce } from '../helpers/corpusFixture';
import type { Fixture } from '../helpers/fixture';

const woodgrove = (...names: string[]) => names.map((n) => `woodgrove/Policies/B2C_1A_${n}.xml`);
/** Woodgrove's chain (base, localization, extensions) with the relying parties that reach account linking. */
const WOODGROVE = woodgrove('base', 'ext_Localization', 'ext', 'sign_up_sign_in_personal_LocalEmailAndSocial', 'AccountLinking');
const WG_BASE = 'woodgrove/Policies/B2C_1A_base.xml';

function kindOf(f: Fixture, rel: string, id: string, usedAsIssuer?: boolean): string | undefined {
  const merged = mergeProfile(f.index, f.uri(`/${rel}`), id);
  assert.ok(merged, `${id} is defined`);
  return profileKindOf(merged, { usedAsIssuer })?.id;
}

describe('profile kind: an identity provider that names OutputTokenFormat JWT is not a token issuer', () => {
  const f = corpusFixture(WOODGROVE);

  it('tells the Microsoft account provider (and its -Link profile) from the JWT issuer by what they hold', () => {
    assert.equal(kindOf(f, WG_BASE, 'MicrosoftPersonalAccount-OpenIdConnect'), 'openidconnect');
    assert.equal(kindOf(f, WG_BASE, 'MicrosoftPersonalAccount-OpenIdConnect-Link'), 'openidconnect');
    assert.equal(kindOf(f, WG_BASE, 'JwtIssuer'), 'jwt-issuer');
    assert.equal(kindOf(f, 'woodgrove/Policies/B2C_1A_ext.xml', 'MicrosoftPersonalAccount-OpenIdConnect'), 'openidconnect');
  });

  it('a profile that a SendClaims step names is the issuer, whatever it holds', () => {
    assert.ok(issuerProfileIds(f.index, f.uri(`/${WG_BASE}`)).has('jwtissuer'));
    assert.ok(!issuerProfileIds(f.index, f.uri(`/${WG_BASE}`)).has('microsoftpersonalaccount-openidconnect'));
    assert.equal(kindOf(f, WG_BASE, 'MicrosoftPersonalAccount-OpenIdConnect', true), 'jwt-issuer');
    // With nothing to go by, OutputTokenFormat still decides (the issuer without its keys is still an issuer).
    assert.equal(findKind('OpenIdConnect', undefined, 'JWT', {})?.id, 'jwt-issuer');
    assert.equal(findKind('None', undefined, 'JWT', { metadataKeys: ['client_id'], keyIds: ['issuer_secret'] })?.id, 'jwt-issuer');
    // The documented ID token hint profile writes OutputTokenFormat JWT with Protocol None.
    assert.equal(findKind('None', undefined, 'JWT', { metadataKeys: ['METADATA', 'IdTokenAudience', 'issuer'] })?.id, 'id-token-hint');
  });

  it('reports no issuer Metadata or issuer keys against the provider', () => {
    assert.deepEqual(allDiags(f, /^B40[1467]$/).filter((d) => /JWT token issuer|MicrosoftPersonalAccount/.test(d)).filter((d) => !/client_id/.test(d)), []);
  });

  it('runs the OpenID Connect rules on it: a code flow without client_secret is found', () => {
    const codeFlow = (rel: string, text: string, dropSecret: boolean) => {
      if (rel !== WG_BASE) return text;
      const t = text.replace(/(9188040d-6c67-4c5b-b112-36a304b66dad\/v2\.0<\/Item>\s*<Item Key="response_types">)id_token</, '$1code<');
      assert.notEqual(t, text);
      return dropSecret ? replaceOnce(t, '<Key Id="client_secret" StorageReferenceId="B2C_1A_MSA"/>', '') : t;
    };
    const broken = allDiags(corpusFixture(WOODGROVE, (r, t) => codeFlow(r, t, true)), /^B301$/);
    assert.equal(broken.length, 1, broken.join('\n'));
    assert.match(broken[0], /^woodgrove\/Policies\/B2C_1A_base\.xml:\d+ B301 /);
    assert.deepEqual(allDiags(corpusFixture(WOODGROVE, (r, t) => codeFlow(r, t, false)), /^B301$/), []);
  });
});

describe('AllowInsecureAuthInProduction is judged on the effective AuthenticationType', () => {
  /** Woodgrove's eight RESTful profiles set AuthenticationType None and AllowInsecureAuthInProduction true. */
  const restFindings = (f: Fixture) => allDiags(f, /^B20[123]$/).map((d) => d.replace(/:\d+ /, ' ').replace(/ (B20\d) .*/, ' $1'));

  it('None with the escape hatch: one B203 per profile, no B201 beside it', () => {
    const found = restFindings(corpusFixture([WG_BASE]));
    assert.deepEqual(found, Array(8).fill(`${WG_BASE} B203`));
  });

  it('the same item on a Bearer profile is not reported', () => {
    const bearer = corpusFixture([WG_BASE], (_r, t) => replaceOnce(t,
      '/api/ThrowError</Item>\n            <Item Key="AuthenticationType">None</Item>',
      '/api/ThrowError</Item>\n            <Item Key="AuthenticationType">Bearer</Item><Item Key="UseClaimAsBearerToken">objectId</Item>'));
    assert.deepEqual(restFindings(bearer), Array(7).fill(`${WG_BASE} B203`));
  });
});

describe('plain-text secrets (B310) are judged by value and by documented key, never by a word in the name', () => {
  const LINKEDIN = ['starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml', 'starterpack/scenarios/linkedin-identity-provider/TrustFrameworkExtensions.xml'];
  const LINKEDIN_EXT = LINKEDIN[1];
  const CA_SAMPLE = 'advanced-policies/conditional-access-preview/deprecated_B2CTenant.onmicrosoft.com-B2C_1A_PolicySampleV02.xml';
  const inLinkedIn = (items: string) => corpusFixture(LINKEDIN, (r, t) => r === LINKEDIN_EXT
    ? replaceOnce(t, '<Item Key="client_id">LinkedIn client_id</Item>', `<Item Key="client_id">LinkedIn client_id</Item>${items}`) : t);
  const codesOf = (f: Fixture, re: RegExp) => allDiags(f, re).map((d) => d.replace(/^(\S+):\d+ (B\d+) .*$/, '$1 $2'));

  it('settings whose names say Token, Credential or Password are not secrets', () => {
    assert.deepEqual(codesOf(corpusFixture([CA_SAMPLE]), /^B310$/), [], 'GetClaimsFromIdTokenIfNotFoundInAccessToken');
    assert.deepEqual(codesOf(corpusFixture(LINKEDIN), /^B310$/), [], 'BearerTokenTransmissionMethod');
    const woodgroveSettings = corpusFixture([WG_BASE], (_r, t) => replaceOnce(t,
      '<Item Key="issuer_refresh_token_user_identity_claim_type">objectId</Item>',
      '<Item Key="issuer_refresh_token_user_identity_claim_type">objectId</Item><Item Key="ClientCredentialsUserJourneyId">ClientCredentialsJourney</Item>')
      .replace(/(<TechnicalProfile Id="SelfAsserted-LocalAccount-Registration">[^]*?<Metadata>)/, '$1<Item Key="setting.forgotPasswordLinkLocation">AfterLabel</Item>'));
    assert.match(woodgroveSettings.text(`/${WG_BASE}`), /forgotPasswordLinkLocation/);
    assert.deepEqual(codesOf(woodgroveSettings, /^B310$/), []);
  });

  it('a misspelt documented key gets its did-you-mean, not B310', () => {
    const typo = inLinkedIn('<Item Key="BearerTokenTransmisionMethod">AuthorizationHeader</Item>');
    assert.deepEqual(codesOf(typo, /^B(310|401)$/), [`${LINKEDIN_EXT} B401`]);
    assert.match(allDiags(typo, /^B401$/)[0], /did you mean 'BearerTokenTransmissionMethod'\?/);
  });

  it('still finds a documented key written as Metadata, and credential-shaped values under any name', () => {
    assert.deepEqual(codesOf(inLinkedIn('<Item Key="client_secret">x8Q~a1b2c3d4e5f6</Item>'), /^B310$/), [`${LINKEDIN_EXT} B310`]);
    assert.deepEqual(codesOf(inLinkedIn('<Item Key="ExtraHeader">Bearer eyJhbGciOiJSUzI1NiJ9</Item>'), /^B310$/), [`${LINKEDIN_EXT} B310`]);
    assert.deepEqual(codesOf(inLinkedIn('<Item Key="client_secret">{Settings:LinkedInSecret}</Item>'), /^B310$/), [], 'a placeholder the build fills');
  });
});

describe('build placeholders ({Settings:...}) are never judged against an enumeration or as a mode', () => {
  /** Woodgrove's base with values that a build step fills from appsettings.json. */
  const templated = (withPlaceholders: boolean) => corpusFixture([WG_BASE], (_r, t) => {
    const v = (placeholder: string, literal: string) => withPlaceholders ? placeholder : literal;
    let out = replaceOnce(t, 'PolicyId="B2C_1A_base" ', `PolicyId="B2C_1A_base" DeploymentMode="${v('{Settings:DeploymentMode}', 'Produktion')}" `);
    out = out.replace('<UserInputType>TextBox</UserInputType>', `<UserInputType>${v('{Settings:NameInput}', 'Textbox2')}</UserInputType>`);
    out = out.replace(/(9188040d-6c67-4c5b-b112-36a304b66dad\/v2\.0<\/Item>\s*<Item Key="response_types">)id_token</, `$1${v('{Settings:MsaResponseTypes}', 'idtoken')}<`);
    // The first RESTful profile: its escape hatch and the next one's authentication type come from settings.
    out = replaceOnce(out, '/api/ThrowError</Item>\n            <Item Key="AuthenticationType">None</Item>\n            <Item Key="SendClaimsIn">Body</Item>\n            <Item Key="AllowInsecureAuthInProduction">true</Item>',
      `/api/ThrowError</Item>\n            <Item Key="AuthenticationType">None</Item>\n            <Item Key="SendClaimsIn">Body</Item>\n            <Item Key="AllowInsecureAuthInProduction">${v('{Settings:AllowInsecure}', 'false')}</Item>`);
    return replaceOnce(out, '/api/ValidateUserAccountId</Item>\n            <Item Key="AuthenticationType">None</Item>',
      `/api/ValidateUserAccountId</Item>\n            <Item Key="AuthenticationType">${v('{Settings:RestAuth}', 'Bearr')}</Item>`);
  });
  const codes = (f: Fixture) => allDiags(f, /^B(20[12]|212|403|805)$/).map((d) => d.replace(/^\S+:\d+ (B\d+) .*$/, '$1')).sort();

  it('the same spots with literal typos are reported', () => {
    assert.deepEqual(codes(templated(false)), ['B202', 'B212', 'B403', 'B805', 'B805'].sort());
  });

  it('with placeholders: nothing judged against an enumeration, and an unknown mode is no production error', () => {
    assert.deepEqual(codes(templated(true)), ['B201']);
  });
});

describe('unknown Metadata keys: B2C ignores them, so only a likely typo is a warning', () => {
  const WINGTIP = (...names: string[]) => names.map((n) => `advanced-policies/wingtipgamesb2c/Policies/b2ctechready.onmicrosoft.com_B2C_1A_${n}.xml`);

  it('knows the keys Microsoft\'s own policies use (Woodgrove one-time password, account linking, Wingtip)', () => {
    assert.deepEqual(allDiags(corpusFixture(WOODGROVE), /^B40[16]$/), []);
    assert.deepEqual(allDiags(corpusFixture(['advanced-policies/account-linking/TRUSTFRAMEWORKBASE.xml']), /^B401$/), [], 'api-version');
    const wingtip = allDiags(corpusFixture(WINGTIP('base', 'base_extensions', 'sign_in_billing')), /^B40[16]$/);
    assert.deepEqual(wingtip.filter((d) => /HttpBinding|PartnerEntity|MetadataSigning/.test(d)), []);
  });

  it('a near miss of a documented key is a warning with its suggestion; anything else is information', () => {
    const f = corpusFixture([WG_BASE], (_r, t) => replaceOnce(t, '<Item Key="CodeLength">6</Item>', '<Item Key="CodeLenght">6</Item><Item Key="FancyNewSetting">on</Item>'));
    assert.deepEqual(allDiags(f, /^B401$/).map((d) => d.replace(/^\S+:\d+ /, '')), [
      "B401 info 'FancyNewSetting' is not a documented Metadata key of One-time password profiles; B2C ignores keys it does not know.",
      "B401 warning 'CodeLenght' is not a Metadata key of One-time password profiles; did you mean 'CodeLength'?",
    ]);
  });
});

describe('old resource-owner-password profiles send client_id as an InputClaim', () => {
  const SET = ['TrustFrameworkBase', 'TrustFrameworkLocalization', 'TrustFrameworkExtensions', 'SignUpOrSignin'].map((n) => `starterpack/SocialAndLocalAccounts/${n}.xml`);
  const EXT = SET[2];
  /** The starter pack's extensions as older revisions shipped them: login-NonInteractive without Metadata. */
  const oldLayout = (dropInputClaim: boolean) => corpusFixture(SET, (r, t) => {
    if (r !== EXT) return t;
    const out = replaceOnce(t, '<Metadata>\n            <Item Key="client_id">ProxyIdentityExperienceFrameworkAppId</Item>\n            <Item Key="IdTokenAudience">IdentityExperienceFrameworkAppId</Item>\n          </Metadata>\n', '');
    return dropInputClaim ? replaceOnce(out, '<InputClaim ClaimTypeReferenceId="client_id" DefaultValue="ProxyIdentityExperienceFrameworkAppId" />', '') : out;
  });
  const clientIdMissing = (f: Fixture) => allDiags(f, /^B404$/).filter((d) => /'client_id'.*login-NonInteractive/.test(d));

  it('an InputClaim client_id with a DefaultValue is not a missing client_id', () => {
    assert.deepEqual(clientIdMissing(oldLayout(false)), []);
  });

  it('without it, client_id is missing', () => {
    assert.equal(clientIdMissing(oldLayout(true)).length, 1);
  });
});
