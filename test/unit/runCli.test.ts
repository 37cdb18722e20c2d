/**
 * `b2c-policy url` and `b2c-policy token` driven as users drive them (`node dist/cli.js ...`), with exit code,
 * stdout and stderr compared whole to golden files under test/fixtures/run/golden/. After a deliberate change,
 * regenerate them with `B2C_UPDATE_GOLDEN=1 node --test out/test/unit/runCli.test.js` and review the diff.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, STARTERPACK } from '../helpers/paths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const RUN = path.join(REPO_ROOT, 'test', 'fixtures', 'run');
const GOLDEN = path.join(RUN, 'golden');
const CLIENT = '90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6';
const API = 'https://contoso.onmicrosoft.com/api/read';
const RP = 'SocialAndLocalAccounts/SignUpOrSignin.xml';
/** RFC 7636 appendix B: a fixed verifier makes the PKCE output reproducible. */
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

function run(args: string[], cwd: string): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return `exit ${r.status}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, `${name}.txt`);
  if (process.env.B2C_UPDATE_GOLDEN) {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'), name);
}

const doc = ['--tenant', 'contoso.onmicrosoft.com', '--client-id', CLIENT, '--nonce', 'anyRandomValue'];

describe('b2c-policy url on the starter pack relying party', () => {
  it('prints the URL of the documentation\'s example for a code request', () => {
    const out = run(['url', RP, ...doc, '--scope', API, '--response-type', 'code'], STARTERPACK);
    // The access-token article's example, with its placeholders filled in and its values percent-encoded.
    assert.ok(out.includes('\nhttps://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1A_signup_signin/oauth2/v2.0/authorize'
      + `?client_id=${CLIENT}&nonce=anyRandomValue&redirect_uri=https%3A%2F%2Fjwt.ms&scope=https%3A%2F%2Fcontoso.onmicrosoft.com%2Fapi%2Fread&response_type=code\n`), out);
    golden('url-code', out);
  });

  it('prints id_token, token and PKCE variants, with the token request on demand', () => {
    golden('url-id-token', run(['url', RP, ...doc, '--prompt', 'login'], STARTERPACK));
    golden('url-token', run(['url', RP, ...doc, '--scope', `openid ${API}`, '--response-type', 'id_token token'], STARTERPACK));
    golden('url-pkce', run(['url', RP, ...doc, '--scope', API, '--scope', 'openid offline_access', '--response-type', 'code', '--spa', '--code-verifier', VERIFIER, '--token-request', '--custom-domain', 'login.contoso.com'], STARTERPACK));
    golden('url-code-token-request', run(['url', RP, ...doc, '--scope', API, '--response-type', 'code', '--token-request'], STARTERPACK));
  });

  it('makes a fresh PKCE verifier each time', () => {
    const a = run(['url', RP, ...doc, '--response-type', 'code', '--pkce'], STARTERPACK);
    const b = run(['url', RP, ...doc, '--response-type', 'code', '--pkce'], STARTERPACK);
    assert.match(a, /\ncode_verifier: [A-Za-z0-9_-]{43}\ncode_challenge: [A-Za-z0-9_-]{43} \(S256\)\n/);
    assert.notEqual(a, b);
  });

  it('rejects each combination the service refuses with exit 2 and the AADB2C code', () => {
    const cases: Array<[string, string[]]> = [
      ['AADB2C90110', ['--scope', API, '--response-type', 'id_token']],
      ['AADB2C90115', ['--scope', 'offline_access', '--response-type', 'code']],
      ['AADB2C90055', ['--scope', 'openid', '--response-type', 'token']],
      ['AADB2C90146', ['--scope', `${API} https://fabrikam.onmicrosoft.com/api/read`, '--response-type', 'code']],
      ['AADB2C90043', ['--prompt', 'always']],
      ['AADB2C99059', ['--response-type', 'code', '--spa']],
    ];
    const all = cases.map(([code, args]) => {
      const out = run(['url', RP, ...doc, ...args], STARTERPACK);
      assert.match(out, /^exit 2\n--- stdout\n--- stderr\n/, code);
      assert.ok(out.includes(` ${code}: `), `${code}\n${out}`);
      return `$ url ... ${args.join(' ')}\n${out}`;
    });
    golden('url-rejected', all.join('\n'));
  });

  it('warns, without refusing, about offline_access outside the code flow and the starter pack\'s placeholder tenant', () => {
    golden('url-warnings', run(['url', RP, '--client-id', CLIENT, '--scope', 'openid offline_access'], STARTERPACK));
  });

  it('warns when the checker finds errors in the chain', () => {
    const out = run(['url', 'faulty/SignUpOrSignin.xml', '--tenant', 'contoso.onmicrosoft.com', '--client-id', CLIENT], path.join(REPO_ROOT, 'test', 'fixtures', 'cli'));
    assert.match(out, /^exit 0\n/);
    assert.match(out, /warning: faulty\/SignUpOrSignin\.xml has 1 error from the checker; the upload would fail/);
  });
});

describe('b2c-policy url with run profiles and environments', () => {
  it('reads a named profile and resolves {Settings:...} from the environment', () => {
    golden('url-profile-test-env', run(['url', 'SignUpOrSignin.xml', '--profile', 'jwt.ms', '--env', 'test'], RUN));
    golden('url-profile-spa', run(['url', 'SignUpOrSignin.xml', '--profile', 'spa', '--env', 'Test', '--code-verifier', VERIFIER], RUN));
  });

  it('warns about development mode in a production environment and refuses unresolved settings', () => {
    golden('url-production-env', run(['url', 'SignUpOrSignin.xml', '--profile', 'jwt.ms', '--env', 'Production'], RUN));
    golden('url-unresolved', [
      run(['url', 'SignUpOrSignin.xml', '--profile', 'jwt.ms'], RUN),
      run(['url', 'SignUpOrSignin.xml', '--profile', 'jwt.ms', '--env', 'Broken'], RUN),
      run(['url', 'SignUpOrSignin.xml', '--profile', 'spa-without-pkce', '--env', 'Test'], RUN),
      run(['url', 'SignUpOrSignin.xml', '--profile', 'nope'], RUN),
      run(['url', 'SignUpOrSignin.xml', '--profile', 'jwt.ms', '--env', 'Staging'], RUN),
      run(['url', 'appsettings.json', '--client-id', 'x'], RUN),
      run(['token', 'a.b.c', '--client-id', 'x'], RUN),
    ].join('\n'));
  });
});

describe('b2c-policy token', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Date.UTC(2026, 0, 15, 10, 0, 0) / 1000;
  const header = b64({ alg: 'RS256', kid: 'made-in-test', typ: 'JWT' });
  const payload = b64({
    iss: 'https://contoso.b2clogin.com/11111111-2222-3333-4444-555555555555/v2.0/', exp: iat + 3600, nbf: iat, iat, aud: CLIENT,
    nonce: 'defaultNonce', ver: '1.0', tfp: 'B2C_1A_signup_signin', name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace',
    email: 'ada@example.com', sub: 'aaaaaaaa-0000-1111-2222-333333333333', idp: 'facebook.com', tid: '11111111-2222-3333-4444-555555555555',
  });
  const token = `${header}.${payload}.${sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')}`;

  it('maps every claim of a token signed in the test to the starter pack relying party and reports the expiry', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-token-'));
    const file = path.join(dir, 'token.txt');
    fs.writeFileSync(file, `https://jwt.ms/#id_token=${token}\n`);
    const out = run(['token', file, '--policy', RP, '--now', '2026-01-15T10:10:00Z'], STARTERPACK);
    assert.equal((out.match(/<- OutputClaim/g) ?? []).length, 7);
    golden('token-mapped', out);
    golden('token-expired', run(['token', token, '--now', '2026-01-15T12:00:00Z'], STARTERPACK));
    fs.rmSync(dir, { recursive: true });
  });

  it('gives a clear error for a corrupted token', () => {
    const [h, p, s] = token.split('.');
    golden('token-corrupted', [
      run(['token', `${h}.${p.slice(0, 40)}.${s}`], STARTERPACK),
      run(['token', `${h}.${p}`], STARTERPACK),
      run(['token', `${h}.${p}.${s}`, '--policy', 'SocialAndLocalAccounts/TrustFrameworkBase.xml'], STARTERPACK),
    ].join('\n'));
  });
});
