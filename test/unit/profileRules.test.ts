/**
 * OpenID Connect/OAuth2 (B30x), secrets (B31x) and Metadata (B40x) rules, and where a finding is reported
 * when a profile is spread over a chain of files.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixture, policy } from '../helpers/fixture';
import { Items, ProfileSpec, at, claimsProviders, claimsSchema, diags, messages, oidcProtocol, profile, rest, singleFile } from '../helpers/rules';

const P = '/p/Policy.xml';
const oidc = (meta: Items, keys: Items = []): ProfileSpec => ({
  id: 'Contoso-OIDC', protocol: oidcProtocol, keys, outputs: ['objectId'],
  meta: [['METADATA', 'https://login.contoso.com/.well-known/openid-configuration'], ['client_id', '00000000-0000-0000-0000-000000000001'], ...meta],
});
const secret: Items = [['client_secret', 'B2C_1A_ContosoSecret']];
const signing: Items = [['assertion_signing_key', 'B2C_1A_ContosoSigning']];

interface Case { readonly name: string; readonly broken: ProfileSpec[]; readonly fixed: ProfileSpec[]; readonly expect: ReadonlyArray<readonly [string, string, number?]> }

const cases: Case[] = [
  { name: 'code flow without a client secret (default client_secret_post)', broken: [oidc([['response_types', 'code']])], fixed: [oidc([['response_types', 'code']], secret)],
    expect: [['>code<', 'B301', 1]] },
  { name: 'code flow with client_secret_basic and no secret', broken: [oidc([['response_types', 'code'], ['token_endpoint_auth_method', 'client_secret_basic']])],
    fixed: [oidc([['response_types', 'code'], ['token_endpoint_auth_method', 'client_secret_basic']], secret)], expect: [['>code<', 'B301', 1]] },
  { name: 'private_key_jwt without a signing key', broken: [oidc([['response_types', 'code'], ['token_endpoint_auth_method', 'private_key_jwt']])],
    fixed: [oidc([['response_types', 'code'], ['token_endpoint_auth_method', 'private_key_jwt'], ['token_signing_algorithm', 'RS512']], signing)], expect: [['>private_key_jwt<', 'B302', 1]] },
  { name: 'token_signing_algorithm without private_key_jwt', broken: [oidc([['response_types', 'code'], ['token_signing_algorithm', 'RS256']], secret)],
    fixed: [oidc([['response_types', 'code']], secret)], expect: [['>RS256<', 'B303', 1]] },
  { name: 'client_id missing on an OpenID Connect provider', broken: [{ ...oidc([['response_types', 'id_token']]), meta: [['METADATA', 'https://login.contoso.com/.well-known/openid-configuration']] }],
    fixed: [oidc([['response_types', 'id_token']])], expect: [['Contoso-OIDC"', 'B404']] },
  { name: 'an enumerated value that is not allowed', broken: [oidc([['response_types', 'id_token'], ['response_mode', 'form-post']])],
    fixed: [oidc([['response_types', 'code id_token'], ['response_mode', 'form_post']], secret)], expect: [['>form-post<', 'B403', 1]] },
  { name: 'a client secret written into Metadata', broken: [oidc([['response_types', 'code'], ['client_secret', 's3cr3t-value']], secret)],
    fixed: [oidc([['response_types', 'code']], secret)], expect: [['>s3cr3t-value<', 'B310', 1]] },
  { name: 'a literal bearer token on a RESTful profile', broken: [rest([['AuthenticationType', 'Bearer'], ['Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc']], [['BearerAuthenticationToken', 'B2C_1A_T']])],
    fixed: [rest([['AuthenticationType', 'Bearer']], [['BearerAuthenticationToken', 'B2C_1A_T']])], expect: [['>Bearer eyJ', 'B310', 1]] },
  { name: 'a policy key reference without the B2C_1A_ prefix', broken: [oidc([['response_types', 'code']], [['client_secret', 'ContosoSecret']])],
    fixed: [oidc([['response_types', 'code']], secret)], expect: [['"ContosoSecret"', 'B311', 1]] },
  { name: 'an unknown Metadata key close to a documented one', broken: [oidc([['response_types', 'id_token'], ['ProviderNam', 'Contoso']])],
    fixed: [oidc([['response_types', 'id_token'], ['ProviderName', 'Contoso']])], expect: [['"ProviderNam"', 'B401', 1]] },
  { name: 'a Metadata key in the wrong case', broken: [oidc([['response_types', 'id_token'], ['providername', 'Contoso']])],
    fixed: [oidc([['response_types', 'id_token'], ['ProviderName', 'Contoso']])], expect: [['"providername"', 'B402', 1]] },
];

describe('OpenID Connect, secrets and Metadata rules', () => {
  for (const c of cases) {
    it(`${c.name}: fires, and is silent once corrected`, () => {
      const broken = fixture(singleFile(c.broken));
      assert.deepEqual(diags(broken, P), c.expect.map(([n, code, shift]) => at(broken, P, n, code, shift ?? 0)).sort());
      const fixed = fixture(singleFile(c.fixed));
      assert.deepEqual(diags(fixed, P, /^B[1-58]\d\d$/), []);
    });
  }

  it('suggests the nearest key, the documented spelling and the allowed values', () => {
    assert.deepEqual(messages(fixture(singleFile(cases[9].broken)), P, 'B401'), ["'ProviderNam' is not a Metadata key of OpenID Connect profiles; did you mean 'ProviderName'?"]);
    assert.deepEqual(messages(fixture(singleFile(cases[10].broken)), P, 'B402'), ["The OpenID Connect Metadata key is spelled 'ProviderName'; 'providername' differs only in letter case."]);
    assert.deepEqual(messages(fixture(singleFile(cases[5].broken)), P, 'B403'), ["'form-post' is not a value of response_mode. Allowed: 'query', 'form_post', 'fragment' (did you mean 'form_post'?)."]);
  });

  it('reports a key that only a family pattern accepts when it is a typo of a documented key', () => {
    const sa = (key: string): ProfileSpec => ({ id: 'SA', protocol: '<Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />', meta: [['ContentDefinitionReferenceId', 'api.selfasserted'], [key, 'Sorry.']], outputs: ['email'] });
    const f = fixture(singleFile([sa('UserMessageIfClaimsTransformationStringsAreNotEqal')]));
    assert.deepEqual(diags(f, P), [at(f, P, '"UserMessageIfClaimsTransformationStringsAreNotEqal"', 'B401', 1)]);
    assert.deepEqual(diags(fixture(singleFile([sa('UserMessageIfClaimsTransformationStringsAreNotEqual')])), P), []);
    assert.deepEqual(diags(fixture(singleFile([sa('UserMessageIfCustomCheckFailed')])), P), []);
  });

  it('accepts 0 and 1 for booleans, as the starter pack writes UsePolicyInRedirectUri', () => {
    assert.deepEqual(diags(fixture(singleFile([oidc([['response_types', 'id_token'], ['UsePolicyInRedirectUri', '0']])])), P), []);
  });
});

const base = (...profiles: ProfileSpec[]) => policy('B2C_1A_Base', claimsSchema('email', 'objectId') + '\n' + claimsProviders(...profiles.map(profile)));
const ext = (...profiles: ProfileSpec[]) => policy('B2C_1A_Ext', claimsProviders(...profiles.map(profile)), 'B2C_1A_Base');
const chain = (b: ProfileSpec[], e: ProfileSpec[]) => fixture(`<!-- file: /c/Base.xml -->\n${base(...b)}\n<!-- file: /c/Ext.xml -->\n${ext(...e)}`);
const basicKeys: Items = [['BasicAuthenticationUsername', 'B2C_1A_U'], ['BasicAuthenticationPassword', 'B2C_1A_P']];

describe('where a finding on a merged profile is reported', () => {
  it('a problem made entirely in the base is reported in the base, once', () => {
    const f = chain([rest([['AuthenticationType', 'Basic']], basicKeys.slice(0, 1))], [{ id: 'REST-Api', meta: [['DebugMode', 'true']] }]);
    assert.deepEqual(diags(f, '/c/Base.xml'), [at(f, '/c/Base.xml', '>Basic<', 'B204', 1)]);
    assert.deepEqual(diags(f, '/c/Ext.xml'), []);
  });

  it('a requirement the extension completes is not reported anywhere (login-NonInteractive style)', () => {
    const f = chain([{ id: 'Login', protocol: oidcProtocol, meta: [['METADATA', 'https://login.contoso.com/x'], ['response_types', 'id_token']] }],
      [{ id: 'Login', meta: [['client_id', 'ProxyIdentityExperienceFrameworkAppId']] }]);
    assert.deepEqual([...diags(f, '/c/Base.xml'), ...diags(f, '/c/Ext.xml')], []);
  });

  it('a requirement nobody completes is reported on the most-derived definition', () => {
    const f = chain([{ id: 'Login', protocol: oidcProtocol, meta: [['METADATA', 'https://login.contoso.com/x']] }], [{ id: 'Login', meta: [['scope', 'openid']] }]);
    assert.deepEqual(diags(f, '/c/Base.xml'), []);
    assert.deepEqual(diags(f, '/c/Ext.xml'), [at(f, '/c/Ext.xml', 'Login"', 'B404')]);
  });

  it('a combination is reported in the file that completes it, on its own item', () => {
    const f = chain([rest([['AuthenticationType', 'Basic']], basicKeys)], [{ id: 'REST-Api', meta: [['AuthenticationType', 'Bearer']] }]);
    assert.deepEqual(diags(f, '/c/Base.xml'), []);
    assert.deepEqual(diags(f, '/c/Ext.xml'), [
      at(f, '/c/Ext.xml', '>Bearer<', 'B206', 1), at(f, '/c/Ext.xml', '>Bearer<', 'B211', 1), at(f, '/c/Ext.xml', '>Bearer<', 'B211', 1),
    ]);
  });

  it('profiles pulled in with IncludeTechnicalProfile are judged through the profiles that include them', () => {
    const f = fixture(singleFile([
      { id: 'REST-Common', protocol: rest([]).protocol, meta: [['AuthenticationType', 'Basic']] },
      { id: 'REST-One', meta: [['ServiceUrl', 'https://api.contoso.com/one']], keys: basicKeys, includes: ['REST-Common'] },
    ]));
    assert.deepEqual(diags(f, P), []);
  });
});
