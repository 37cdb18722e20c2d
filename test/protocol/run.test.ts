/**
 * The run and token requests of the real server over stdio (what the VS Code commands call): the CodeLens on a
 * relying party, run profiles read from the workspace, the authorize URL, the run-profile file's diagnostics and
 * the token report with links from claims to their OutputClaims.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-types';
import { LspClient, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';
import { pathToUri } from '../../server/src/node/files';

const CLIENT = '90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6';

describe('run requests over stdio', () => {
  let client: LspClient;
  let root: string;
  let rp: string;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-run-'));
    fs.cpSync(path.join(STARTERPACK, 'SocialAndLocalAccounts'), root, { recursive: true });
    fs.mkdirSync(path.join(root, '.vscode'));
    fs.writeFileSync(path.join(root, '.vscode', 'b2c-run.json'), JSON.stringify({ profiles: [{ name: 'jwt.ms', clientId: CLIENT, prompt: 'login' }] }));
    rp = path.join(root, 'SignUpOrSignin.xml');
    client = start({ rootPath: root });
    const init = await client.initialize();
    assert.ok((init.capabilities as Record<string, unknown>).codeLensProvider);
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true });
  });

  it('puts one "Run policy…" lens on the RelyingParty element and none on a base', async () => {
    const uri = client.open(rp);
    const run = (lenses: CodeLens[]) => lenses.filter((l) => l.command?.command === 'b2cPolicy.runPolicy');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(run(lenses).map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]), [[15, 'Run policy…', 'b2cPolicy.runPolicy', [uri]]]);
    // The Run lens comes first on its line (the definition lenses follow it).
    assert.equal(lenses[0].command?.title, 'Run policy…');
    const base = client.open(path.join(root, 'TrustFrameworkBase.xml'));
    assert.deepEqual(run(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: base } })), []);
  });

  it('reads the run profiles, builds the URL and adds a profile without losing the others', async () => {
    const uri = pathToUri(rp);
    const file = await client.request<{ profiles: Array<{ name: string }>; exists: boolean }>('b2cPolicy/runProfiles', { uri });
    assert.deepEqual([file.exists, file.profiles.map((p) => p.name)], [true, ['jwt.ms']]);
    const answer = await client.request<{ ok: boolean; url: string; warnings: string[] }>('b2cPolicy/authorize', { uri, profile: file.profiles[0] });
    assert.equal(answer.url, `https://yourtenant.b2clogin.com/yourtenant.onmicrosoft.com/B2C_1A_signup_signin/oauth2/v2.0/authorize?client_id=${CLIENT}&nonce=defaultNonce&redirect_uri=https%3A%2F%2Fjwt.ms&scope=openid&response_type=id_token&prompt=login`);
    assert.match(answer.warnings.join('\n'), /yourtenant/);
    const refused = await client.request<{ ok: boolean; problems: Array<{ serviceCode: string }> }>('b2cPolicy/authorize', { uri, profile: { name: 'x', clientId: CLIENT, responseType: 'code', spa: true } });
    assert.deepEqual([refused.ok, refused.problems.map((p) => p.serviceCode)], [false, ['AADB2C99059']]);
    const added = await client.request<{ text: string }>('b2cPolicy/addRunProfile', { uri, profile: { name: 'api', clientId: CLIENT, responseType: 'code' } });
    assert.deepEqual(JSON.parse(added.text).profiles.map((p: { name: string }) => p.name), ['jwt.ms', 'api']);
  });

  it('checks the run-profile file', async () => {
    const text = '{ "profiles": [ { "name": "a", "clientId": "x", "prompt": "always" } ] }';
    const found = await client.request<Diagnostic[]>('b2cPolicy/runProfileDiagnostics', { text });
    assert.deepEqual(found.map((d) => [d.code, d.range.start.character, d.severity]), [['B757', text.indexOf('"always"'), 1]]);
  });

  it('inspects a token against a relying party picked from the workspace, with links to the OutputClaims', async () => {
    const rps = await client.request<Array<{ uri: string; policyId: string }>>('b2cPolicy/relyingParties', {});
    assert.deepEqual(rps.map((r) => r.policyId), ['B2C_1A_PasswordReset', 'B2C_1A_ProfileEdit', 'B2C_1A_signup_signin']);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const data = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ exp: 2_000_000_000, tfp: 'B2C_1A_signup_signin', sub: 'u1', email: 'a@b.c' })}`;
    const token = `${data}.${sign('sha256', Buffer.from(data), privateKey).toString('base64url')}`;
    const answer = await client.request<{ text: string; links: Array<{ range: { start: { line: number; character: number } }; targetUri: string; targetRange: { start: { line: number } } }> }>(
      'b2cPolicy/inspectToken', { token, policyUri: rps[2].uri, now: '2026-01-01T00:00:00Z' });
    assert.match(answer.text, /Signature: NOT CHECKED/);
    assert.deepEqual(answer.links.map((l) => [answer.text.split('\n')[l.range.start.line].trim().split(/\s+/)[0], path.basename(l.targetUri), l.targetRange.start.line + 1]),
      [['sub', 'SignUpOrSignin.xml', 30], ['email', 'SignUpOrSignin.xml', 29], ['name', 'SignUpOrSignin.xml', 26], ['given_name', 'SignUpOrSignin.xml', 27],
        ['family_name', 'SignUpOrSignin.xml', 28], ['idp', 'SignUpOrSignin.xml', 31], ['tid', 'SignUpOrSignin.xml', 32]]);
    assert.deepEqual(await client.request('b2cPolicy/inspectToken', { token: 'nope' }), { error: 'A JWT has three parts separated by dots (header.payload.signature); this one has 1.' });
  });
});
