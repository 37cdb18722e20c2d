/**
 * Facts and per-kind judgements checked on real policies from ../shared/corpus: what kind a profile is,
 * which Metadata keys B2C knows, what counts as a secret, and values the build replaces. Each case loads the
 * corpus files as they are (or with one marked edit) and asserts on the diagnostics a user would see.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mergeProfile, profileKindOf } from '../../server/src/service/languageService';
import { findKind } from '../../server/src/service/data/metadata';
import { issuerProfileIds } from '../../server/src/service/features/profileKind';
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
