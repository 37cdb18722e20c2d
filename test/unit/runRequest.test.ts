/**
 * The authorize request rules and builders (service/run/authorizeRequest, tokenRequest) and PKCE (node/run/pkce).
 * Each rejected combination is rendered as `code service-code field` lines and compared whole.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { AuthorizeRequest, buildAuthorizeUrl, checkAuthorizeRequest, resourceOf } from '../../server/src/service/run/authorizeRequest';
import { buildTokenRequest, shellQuote } from '../../server/src/service/run/tokenRequest';
import { newPkce } from '../../server/src/node/run/pkce';

const CLIENT = '90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6';
const API = 'https://contoso.onmicrosoft.com/api/read';
const endpoint = { host: 'contoso.b2clogin.com', tenant: 'contoso.onmicrosoft.com', policyId: 'B2C_1A_signup_signin' };

function request(over: Partial<AuthorizeRequest>): AuthorizeRequest {
  return { clientId: CLIENT, redirectUri: 'https://jwt.ms', scopes: ['openid'], responseType: 'id_token', nonce: 'defaultNonce', ...over };
}

function problems(over: Partial<AuthorizeRequest>): string {
  return checkAuthorizeRequest(request(over)).map((p) => `${p.code} ${p.serviceCode ?? '-'} ${p.severity} ${p.field}`).join('\n');
}

describe('authorize URL', () => {
  it('matches the documentation\'s code-flow example, encoded, parameters in its order', () => {
    const url = buildAuthorizeUrl(endpoint, request({ scopes: [API], responseType: 'code', nonce: 'anyRandomValue' }));
    assert.equal(url, 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1A_signup_signin/oauth2/v2.0/authorize'
      + `?client_id=${CLIENT}&nonce=anyRandomValue&redirect_uri=https%3A%2F%2Fjwt.ms&scope=https%3A%2F%2Fcontoso.onmicrosoft.com%2Fapi%2Fread&response_type=code`);
  });

  it('joins scopes with %20, normalises response_type and appends optional and extra parameters once', () => {
    const url = buildAuthorizeUrl({ ...endpoint, host: 'login.contoso.com' }, request({
      scopes: [API, 'openid', 'offline_access'], responseType: ' code  id_token ', prompt: 'login', responseMode: 'form_post', codeChallenge: 'abc',
      extraParameters: { ui_locales: 'fr', client_id: 'ignored' },
    }));
    assert.equal(url, 'https://login.contoso.com/contoso.onmicrosoft.com/B2C_1A_signup_signin/oauth2/v2.0/authorize'
      + `?client_id=${CLIENT}&nonce=defaultNonce&redirect_uri=https%3A%2F%2Fjwt.ms`
      + '&scope=https%3A%2F%2Fcontoso.onmicrosoft.com%2Fapi%2Fread%20openid%20offline_access&response_type=code%20id_token'
      + '&response_mode=form_post&prompt=login&code_challenge=abc&code_challenge_method=S256&ui_locales=fr');
  });
});

describe('authorize request rules', () => {
  it('accepts the documented good combinations', () => {
    for (const r of [
      {}, { responseType: 'code' }, { responseType: 'code', scopes: [API, 'openid', 'offline_access'] }, { responseType: 'code', scopes: [CLIENT] },
      { responseType: 'id_token token', scopes: ['openid', API] }, { responseType: 'token', scopes: [CLIENT] },
      { responseType: 'code', spa: true, codeChallenge: 'x' }, { responseType: 'code', spa: true, pkce: true }, { spa: true },
      { prompt: 'login' }, { prompt: 'select_account' }, { scopes: ['openid', 'profile'] },
      { scopes: [API, 'https://contoso.onmicrosoft.com/api/write', 'openid'], responseType: 'code' },
      { redirectUri: 'msauth.com.contoso.app://auth' }, { responseMode: 'query', responseType: 'code' },
    ] as Array<Partial<AuthorizeRequest>>) assert.equal(problems(r), '', JSON.stringify(r));
  });

  it('rejects each combination the service refuses, with its code', () => {
    assert.equal(problems({ scopes: [API] }), 'B752 AADB2C90110 error scopes');
    assert.equal(problems({ responseType: 'code', scopes: ['offline_access'] }), 'B753 AADB2C90115 error scopes\nB754 AADB2C90055 error scopes'.split('\n')[0]);
    assert.equal(problems({ responseType: 'code', scopes: [] }), 'B753 AADB2C90115 error scopes');
    assert.equal(problems({ responseType: 'token', scopes: ['openid', 'offline_access'] }), 'B754 AADB2C90055 error scopes\nB756 - warning scopes');
    assert.equal(problems({ responseType: 'code', scopes: ['read'] }), 'B753 AADB2C90115 error scopes\nB754 AADB2C90055 error scopes');
    assert.equal(problems({ responseType: 'code', scopes: [API, 'https://fabrikam.onmicrosoft.com/api/read'] }), 'B755 AADB2C90146 error scopes');
    assert.equal(problems({ responseType: 'code', scopes: [API, CLIENT] }), 'B755 AADB2C90146 error scopes');
    assert.equal(problems({ scopes: ['openid', 'offline_access'] }), 'B756 - warning scopes');
    assert.equal(problems({ prompt: 'always' }), 'B757 AADB2C90043 error prompt');
    assert.equal(problems({ prompt: '' }), 'B757 AADB2C90043 error prompt');
    assert.equal(problems({ responseType: 'code', spa: true }), 'B758 AADB2C99059 error pkce');
    assert.equal(problems({ responseType: 'id_token code_token' }), 'B759 - error responseType');
    assert.equal(problems({ responseType: '' }), 'B759 - error responseType');
    assert.equal(problems({ responseMode: 'query' }), 'B759 - error responseMode');
    assert.equal(problems({ responseMode: 'post' }), 'B759 - error responseMode');
    assert.equal(problems({ clientId: ' ', redirectUri: 'jwt.ms' }), 'B759 - error clientId\nB759 - error redirectUri');
  });

  it('names the resource of a scope', () => {
    assert.equal(resourceOf(API, CLIENT), 'https://contoso.onmicrosoft.com/api');
    assert.equal(resourceOf('https://contoso.onmicrosoft.com/api/.default', CLIENT), 'https://contoso.onmicrosoft.com/api');
    assert.equal(resourceOf(CLIENT.toUpperCase(), CLIENT), CLIENT);
    assert.equal(resourceOf('openid', CLIENT), undefined);
    assert.equal(resourceOf('read', CLIENT), undefined);
    assert.equal(resourceOf('https://contoso.onmicrosoft.com', CLIENT), undefined);
  });
});

describe('token request', () => {
  it('writes curl and .http with the code and secret as placeholders', () => {
    const t = buildTokenRequest(endpoint, request({ scopes: [API], responseType: 'code' }));
    assert.equal(t.curl, [
      "curl -X POST 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1A_signup_signin/oauth2/v2.0/token' \\",
      "  -H 'Content-Type: application/x-www-form-urlencoded' \\",
      "  --data-urlencode 'grant_type=authorization_code' \\",
      `  --data-urlencode 'client_id=${CLIENT}' \\`,
      `  --data-urlencode 'scope=${API}' \\`,
      "  --data-urlencode 'code=<authorization-code>' \\",
      "  --data-urlencode 'redirect_uri=https://jwt.ms' \\",
      "  --data-urlencode 'client_secret=<client-secret>'",
      '',
    ].join('\n'));
    assert.equal(t.http, [
      'POST https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1A_signup_signin/oauth2/v2.0/token',
      'Content-Type: application/x-www-form-urlencoded',
      '',
      'grant_type=authorization_code',
      `&client_id=${CLIENT}`,
      '&scope=https%3A%2F%2Fcontoso.onmicrosoft.com%2Fapi%2Fread',
      '&code={{authorization_code}}',
      '&redirect_uri=https%3A%2F%2Fjwt.ms',
      '&client_secret={{client_secret}}',
      '',
    ].join('\n'));
  });

  it('sends the PKCE verifier instead of a secret', () => {
    const t = buildTokenRequest(endpoint, request({ responseType: 'code' }), 'v'.repeat(43));
    assert.match(t.curl, /--data-urlencode 'code_verifier=v{43}'\n$/);
    assert.doesNotMatch(t.curl + t.http, /client_secret/);
  });

  it('quotes for the shell', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });
});

describe('PKCE', () => {
  it('computes the RFC 7636 appendix B challenge and makes fresh 43-character verifiers', () => {
    assert.equal(newPkce('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk').challenge, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const a = newPkce(), b = newPkce();
    assert.match(a.verifier, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a.verifier, b.verifier);
    assert.throws(() => newPkce('short'), RangeError);
  });
});
