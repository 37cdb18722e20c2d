/// <reference types="mocha" />
// Running a relying party and reading its token in the real workbench: the "Run policy…" CodeLens on
// SignUpOrSignin.xml, "B2C: Run policy" choosing a run profile and copying the URL, "B2C: Inspect token" on a
// token from the clipboard (signed here with a key made by node:crypto) opening a read-only report whose claims
// go to their OutputClaims, and the run-profile file's diagnostics. Nothing is opened in a browser.
import * as assert from 'assert';
import { generateKeyPairSync, sign } from 'crypto';
import * as vscode from 'vscode';
import { PACK, open, poll, workspaceFile } from './helpers';

const RP_FILE = `${PACK}/SignUpOrSignin.xml`;
const PROFILES = '.vscode/b2c-run.json';
const CLIENT = '90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6';

function signedToken(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const data = `${b64({ alg: 'RS256', kid: 'e2e', typ: 'JWT' })}.${b64({
    iss: 'https://contoso.b2clogin.com/tid/v2.0/', exp: now + 3600, nbf: now, iat: now, aud: CLIENT, tfp: 'B2C_1A_signup_signin',
    name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace', email: 'ada@example.com', sub: 'u-1', idp: 'facebook.com', tid: 'tid',
  })}`;
  return `${data}.${sign('sha256', Buffer.from(data), privateKey).toString('base64url')}`;
}

/** Runs a command that shows quick picks, accepting the selected item of each until the command ends. */
async function runAccepting(command: string, ...args: unknown[]): Promise<void> {
  let done = false;
  const running = Promise.resolve(vscode.commands.executeCommand(command, ...args)).finally(() => { done = true; });
  await poll(`${command} to finish`, async () => {
    if (done) return true;
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return undefined;
  });
  await running;
}

suite('run a policy and read its token', () => {
  suiteSetup(async () => {
    const profiles = { profiles: [{ name: 'jwt.ms', clientId: CLIENT, prompt: 'login' }] };
    await vscode.workspace.fs.writeFile(workspaceFile(PROFILES), Buffer.from(JSON.stringify(profiles, null, 2)));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile('.vscode'), { recursive: true });
  });

  test('the RelyingParty element carries a "Run policy…" CodeLens', async () => {
    const { document: doc } = await open(RP_FILE);
    const lens = await poll('the Run policy lens', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return lenses?.find((l) => l.command?.title === 'Run policy…');
    });
    assert.equal(lens.command?.command, 'b2cPolicy.runPolicy');
    assert.equal(doc.lineAt(lens.range.start.line).text.trim(), '<RelyingParty>');
  });

  test('B2C: Run policy picks the run profile and copies the authorize URL', async () => {
    await open(RP_FILE);
    await vscode.env.clipboard.writeText('');
    await runAccepting('b2cPolicy.runPolicy');
    const url = await vscode.env.clipboard.readText();
    assert.equal(url, 'https://yourtenant.b2clogin.com/yourtenant.onmicrosoft.com/B2C_1A_signup_signin/oauth2/v2.0/authorize'
      + `?client_id=${CLIENT}&nonce=defaultNonce&redirect_uri=https%3A%2F%2Fjwt.ms&scope=openid&response_type=id_token&prompt=login`);
  });

  test('the run-profile file gets diagnostics with the service\'s code', async () => {
    const bad = { profiles: [{ name: 'api', clientId: CLIENT, scopes: ['https://contoso.onmicrosoft.com/api/read'] }] };
    const doc = await vscode.workspace.openTextDocument(workspaceFile(PROFILES));
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), JSON.stringify(bad, null, 2)));
    const found = await poll('B752 on the scopes', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).find((x) => x.code === 'B752');
      return d;
    });
    assert.match(found.message, /AADB2C90110/);
    assert.equal(doc.getText(found.range), '[\n        "https://contoso.onmicrosoft.com/api/read"\n      ]');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('B2C: Inspect token opens a read-only report whose claims go to their OutputClaims', async () => {
    const rp = await open(RP_FILE);
    await vscode.env.clipboard.writeText(signedToken());
    await runAccepting('b2cPolicy.inspectToken');
    const report = await poll('the token report', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'b2c-token' ? e.document : undefined;
    });
    const text = report.getText();
    assert.match(text, /^Signature: NOT CHECKED/);
    assert.match(text, /\nStatus: valid now/);
    const line = text.split('\n').findIndex((l) => /^ {2}email /.test(l));
    assert.ok(line > 0, text);
    const targets = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', report.uri, new vscode.Position(line, 3));
    const target = targets[0] as vscode.Location;
    assert.equal(target.uri.toString(), rp.document.uri.toString());
    assert.equal(rp.document.getText(target.range), 'email');
    assert.match(rp.document.lineAt(target.range.start.line).text, /<OutputClaim ClaimTypeReferenceId="email" \/>/);
    // Read-only: an edit of the report is refused.
    const editor = await vscode.window.showTextDocument(report);
    const applied = await Promise.resolve(editor.edit((b) => b.insert(new vscode.Position(0, 0), 'x'))).catch(() => false);
    assert.ok(!applied || !editor.document.getText().startsWith('x'), 'the report cannot be edited');
  });
});
