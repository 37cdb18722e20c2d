/**
 * `b2c-policy deploy` against a local fake of Microsoft Graph and the token endpoint (test/helpers/fakeGraph.ts),
 * started by each test on 127.0.0.1. No test reaches the internet: every endpoint is given explicitly.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/paths';
import { editPolicy, makeBuildWorkspace } from '../helpers/buildWorkspace';
import { FakeGraph, graphError, startFakeGraph, Script } from '../helpers/fakeGraph';
import { buildPolicies } from '../../server/src/node/build/build';
import { runCliAsync } from '../../server/src/node/cli/run';
import { describeFailure, lineInPolicy } from '../../server/src/node/deploy/deploy';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const CHAIN_ORDER = [
  'B2C_1A_TrustFrameworkBase', 'B2C_1A_TrustFrameworkLocalization', 'B2C_1A_TrustFrameworkExtensions',
  'B2C_1A_PasswordReset', 'B2C_1A_ProfileEdit', 'B2C_1A_signup_signin',
];
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.test-token-value.sig';

function builtWorkspace(): string {
  const root = makeBuildWorkspace();
  const r = buildPolicies({ settingsFile: path.join(root, 'appsettings.json') });
  assert.equal(r.errors, 0);
  return root;
}

interface Run { code: number; stdout: string; stderr: string }

async function deploy(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '', stderr = '';
  const code = await runCliAsync(['deploy', ...args], {
    cwd: root, env: { ...env },
    stdout: { write: (s: string) => { stdout += s; return true; } } as never,
    stderr: { write: (s: string) => { stderr += s; return true; } } as never,
  });
  return { code, stdout, stderr };
}

async function withGraph(script: Script, fn: (g: FakeGraph) => Promise<void>): Promise<void> {
  const g = await startFakeGraph(script);
  try {
    await fn(g);
  } finally {
    await g.close();
  }
}

const ok = (status: 200 | 201): Script => () => ({ status, body: '' });

describe('deploy', () => {
  it('--dry-run lists Base → Localization → Extensions → relying parties and touches no network', () => {
    const root = builtWorkspace();
    const r = spawnSync(process.execPath, [CLI, 'deploy', '--env', 'Test', '--dry-run', '--graph-endpoint', 'http://127.0.0.1:9'], { cwd: root, encoding: 'utf8', env: { ...process.env, B2C_GRAPH_TOKEN: '' } });
    assert.equal(r.status, 0, r.stderr);
    const ids = [...r.stdout.matchAll(/^ +\d+\. (\S+) /gm)].map((m) => m[1]);
    assert.deepEqual(ids, CHAIN_ORDER);
    assert.match(r.stdout, /^Deploy Test \(contosotest\.onmicrosoft\.com\) from Environments\/Test: 6 to upload, base first\.$/m);
    assert.match(r.stdout, /B2C_1A_TrustFrameworkBase +Environments\/Test\/TrustFrameworkBase\.xml +new/);
  });

  it('PUTs in chain order with the built bodies, then uploads only what changed and what derives from it', async () => {
    const root = builtWorkspace();
    await withGraph((req, i) => (req.method === 'PUT' ? { status: i === 0 ? 201 : 200 } : { status: 404 }), async (g) => {
      const r = await deploy(root, ['--env', 'test', '--token', TOKEN, '--graph-endpoint', g.url]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(g.puts(), CHAIN_ORDER);
      for (const req of g.requests) {
        assert.equal(req.headers['content-type'], 'application/xml');
        assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
      }
      assert.equal(g.requests[0].body, fs.readFileSync(path.join(root, 'Environments', 'Test', 'TrustFrameworkBase.xml'), 'utf8'));
      assert.match(r.stdout, /^\[1\/6\] B2C_1A_TrustFrameworkBase: created$/m);
      assert.match(r.stdout, /^\[6\/6\] B2C_1A_signup_signin: updated$/m);
      assert.match(r.stdout, /Deployed 6 policies to Test\./);
      assert.ok(!(r.stdout + r.stderr).includes(TOKEN), 'the token is never printed');

      // Nothing changed: nothing to upload.
      const again = await deploy(root, ['--env', 'Test', '--token', TOKEN, '--graph-endpoint', g.url]);
      assert.equal(again.code, 0);
      assert.equal(g.puts().length, 6);
      assert.match(again.stdout, /0 to upload/);

      // Extensions changed: it and every policy that derives from it go again, in order; Base and Localization do not.
      editPolicy(root, 'TrustFrameworkExtensions.xml', '<DisplayName>Facebook</DisplayName>', '<DisplayName>Facebook login</DisplayName>');
      buildPolicies({ settingsFile: path.join(root, 'appsettings.json'), environments: ['Test'] });
      const changed = await deploy(root, ['--env', 'Test', '--token', TOKEN, '--graph-endpoint', g.url]);
      assert.equal(changed.code, 0, changed.stderr);
      assert.deepEqual(g.puts().slice(6), CHAIN_ORDER.slice(2));
      assert.match(changed.stdout, /B2C_1A_ProfileEdit .* derives from B2C_1A_TrustFrameworkExtensions/);
    });
  });

  it('stops at the first failure and shows the service message with the file and line', async () => {
    const root = builtWorkspace();
    const message = 'Validation failed: 1 validation error(s) found in policy "B2C_1A_SIGNUP_SIGNIN" of tenant "contosotest.onmicrosoft.com".Schema validation error found at line 18 col 6 in policy "B2C_1A_SIGNUP_SIGNIN" of tenant "contosotest.onmicrosoft.com": The element \'RelyingParty\' in namespace \'http://schemas.microsoft.com/online/cpim/schemas/2013/06\' has invalid child element \'Foo\'.';
    await withGraph((req) => (/B2C_1A_ProfileEdit/.test(req.path) ? { status: 400, body: graphError(message) } : { status: 200 }), async (g) => {
      const r = await deploy(root, ['--env', 'Test', '--token', TOKEN, '--graph-endpoint', g.url]);
      assert.equal(r.code, 1);
      assert.deepEqual(g.puts(), CHAIN_ORDER.slice(0, 5), 'nothing after the failure is attempted');
      assert.ok(r.stderr.includes(`the upload of B2C_1A_ProfileEdit failed: 400 AADB2C: ${message}`), r.stderr);
      assert.match(r.stderr, /^ {2}Environments\/Test\/ProfileEdit\.xml:18 \(built from Policies\/ProfileEdit\.xml:18\)$/m);
      assert.match(r.stderr, /Stopped at the first failure: 4 uploaded, 1 not attempted\./);
      assert.doesNotMatch(r.stdout + r.stderr, /\[object Object\]/);
    });
    // What did go up is remembered: the next run starts again at the failed policy.
    await withGraph(ok(200), async (g) => {
      const r = await deploy(root, ['--env', 'Test', '--token', TOKEN, '--graph-endpoint', g.url]);
      assert.equal(r.code, 0);
      assert.deepEqual(g.puts(), CHAIN_ORDER.slice(4));
    });
  });

  it('says what a 401 means, and never prints the token', async () => {
    const root = builtWorkspace();
    await withGraph(() => ({ status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } } }), async (g) => {
      const r = await deploy(root, ['--env', 'Test', '--token', TOKEN, '--graph-endpoint', g.url]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /the upload of B2C_1A_TrustFrameworkBase failed: 401 InvalidAuthenticationToken: Access token has expired or is not yet valid\. The token was refused/);
      assert.equal(g.puts().length, 1);
      assert.ok(!(r.stdout + r.stderr).includes(TOKEN));
    });
  });

  it('waits for Retry-After on 429 and tries again', async () => {
    const root = builtWorkspace();
    await withGraph((_req, i) => (i === 1 ? { status: 429, headers: { 'Retry-After': '1' }, body: graphError('Too many requests') } : { status: 200 }), async (g) => {
      const started = Date.now();
      const r = await deploy(root, ['--env', 'Test', '--token', TOKEN, '--graph-endpoint', g.url]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(g.puts(), [CHAIN_ORDER[0], CHAIN_ORDER[1], ...CHAIN_ORDER.slice(1)]);
      assert.ok(Date.now() - started >= 900, 'waited about the second Retry-After asked for');
    });
  });

  it('client credentials: token from the login endpoint, Graph scope, secret never printed even when echoed', async () => {
    const root = builtWorkspace();
    const secret = 'very-secret-client-secret~123';
    const env = { B2C_TENANT_ID: 'contosotest.onmicrosoft.com', B2C_CLIENT_ID: 'app-1', B2C_CLIENT_SECRET: secret };
    await withGraph((req) => {
      if (req.method === 'POST') {
        const form = new URLSearchParams(req.body);
        if (form.get('client_secret') !== secret) return { status: 401, body: { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided: ${form.get('client_secret')}` } };
        return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: 'issued-access-token-xyz' } };
      }
      return { status: 200 };
    }, async (g) => {
      const r = await deploy(root, ['--env', 'Test', '--graph-endpoint', g.url, '--authority-host', g.url], env);
      assert.equal(r.code, 0, r.stderr);
      const post = g.requests[0];
      assert.equal(post.path, '/contosotest.onmicrosoft.com/oauth2/v2.0/token');
      const form = new URLSearchParams(post.body);
      assert.equal(form.get('grant_type'), 'client_credentials');
      assert.equal(form.get('client_id'), 'app-1');
      assert.equal(form.get('scope'), `${g.url}/.default`);
      assert.equal(g.requests[1].headers.authorization, 'Bearer issued-access-token-xyz');
      assert.match(r.stdout, /Signing in with client credentials of app-1 in contosotest\.onmicrosoft\.com\./);

      const bad = await deploy(root, ['--env', 'Test', '--all', '--graph-endpoint', g.url, '--authority-host', g.url], { ...env, B2C_CLIENT_SECRET: 'wrong-secret-value' });
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /The token endpoint refused the request \(401\): invalid_client: AADSTS7000215: Invalid client secret provided: \*\*\*/);
      assert.ok(!(bad.stdout + bad.stderr).includes('wrong-secret-value'));
      assert.ok(!(r.stdout + r.stderr + bad.stdout + bad.stderr).includes(secret));
    });
  });

  it('federated credentials: the OIDC token file is sent as a client assertion; the tenant defaults to the environment', async () => {
    const root = builtWorkspace();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-oidc-')), 'token');
    fs.writeFileSync(file, 'federated.jwt.assertion\n');
    await withGraph((req) => (req.method === 'POST' ? { status: 200, body: { access_token: 'from-federation-123' } } : { status: 201 }), async (g) => {
      const r = await deploy(root, ['--env', 'Production', '--graph-endpoint', g.url, '--authority-host', g.url], { B2C_CLIENT_ID: 'app-2', B2C_FEDERATED_TOKEN_FILE: file });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(g.requests[0].path, '/contoso.onmicrosoft.com/oauth2/v2.0/token');
      const form = new URLSearchParams(g.requests[0].body);
      assert.equal(form.get('client_assertion'), 'federated.jwt.assertion');
      assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      assert.equal(form.get('client_secret'), null);
      assert.equal(g.requests[1].headers.authorization, 'Bearer from-federation-123');
      assert.ok(!(r.stdout + r.stderr).includes('federated.jwt.assertion'));
    });
  });

  it('refuses usage it cannot serve safely, before any request', async () => {
    const root = builtWorkspace();
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [['--token', TOKEN], {}, /deploy needs --env NAME/],
      [['--env', 'Test', '--token', TOKEN, '--graph-endpoint', 'http://graph.example.com'], {}, /--graph-endpoint must use https/],
      [['--env', 'Test'], {}, /No credentials for Microsoft Graph\./],
      [['--env', 'Nope', '--token', TOKEN], {}, /No environment named 'Nope'/],
    ];
    for (const [args, env, expected] of cases) {
      const r = await deploy(root, args, env);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, expected);
      assert.ok(!r.stderr.includes(TOKEN));
    }
    fs.rmSync(path.join(root, 'Environments'), { recursive: true });
    const none = await deploy(root, ['--env', 'Test', '--dry-run']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No built policies in .*: run b2c-policy build first\./);
  });

  it('refuses a build that had errors', async () => {
    const root = makeBuildWorkspace();
    editPolicy(root, 'SignUpOrSignin.xml', 'PolicySchemaVersion="0.3.0.0"', 'PolicySchemaVersion="0.3.0.0" DeploymentMode="Development"');
    buildPolicies({ settingsFile: path.join(root, 'appsettings.json') });
    const r = await deploy(root, ['--env', 'Production', '--dry-run']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The last build of Production had 1 error: fix them and build again before deploying\./);
    assert.equal((await deploy(root, ['--env', 'Test', '--dry-run'])).code, 0);
  });
});

describe('deploy messages', () => {
  it('never prints an object: error bodies of every shape become words', () => {
    assert.equal(describeFailure(400, { text: '{"error":{"code":"X","message":{"a":1}}}', json: { error: { code: 'X', message: { a: 1 } } } }), '400 X: {"a":1}');
    assert.equal(describeFailure(500, { text: '<html>\n  Server   error</html>' }), '500: <html> Server error</html>');
    assert.equal(describeFailure(502, { text: '' }), '502: no details in the answer');
    assert.match(describeFailure(403, { text: '', json: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } } }), /Policy\.ReadWrite\.TrustFramework/);
  });

  it('finds the line a message names, or the element it quotes', () => {
    const text = '<A>\n  <ClaimType Id="email" />\n  <TechnicalProfile Id="Login-NonInteractive">\n</A>';
    assert.equal(lineInPolicy('Schema validation error found at line 12 col 6', text), 12);
    assert.equal(lineInPolicy('Policy "B2C_1A_x" makes a reference to TechnicalProfile with id "Login-NonInteractive" but neither the policy nor any of its base policies contain such an element.', text), 3);
    assert.equal(lineInPolicy('nothing useful', text), undefined);
  });

  it('exits 3 (internal error), never 0 or 1, when the deploy itself breaks', async () => {
    const root = builtWorkspace();
    let stdout = '', stderr = '';
    // A response whose status cannot be read: the upload code fails in a way it does not expect.
    const code = await runCliAsync(['deploy', '--env', 'test', '--token', TOKEN, '--graph-endpoint', 'http://127.0.0.1:9'], {
      cwd: root, env: {},
      stdout: { write: (s: string) => { stdout += s; return true; } } as never,
      stderr: { write: (s: string) => { stderr += s; return true; } } as never,
      fetch: (async () => ({ get status(): number { throw new RangeError('unexpected state in the uploader'); } })) as never,
    } as never);
    assert.equal(code, 3, stdout + stderr);
    assert.match(stderr, /internal error, the deploy did not finish: unexpected state in the uploader/);
    assert.ok(!(stdout + stderr).includes(TOKEN));
  });
});
