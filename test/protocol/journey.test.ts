/**
 * `b2cPolicy/journey` and the "Show journey" CodeLens of the real server over stdio (what B2C: Show journey
 * calls), on the starter pack's SocialAndLocalAccounts: a relying party's own journey, a base UserJourney run by
 * one relying party, one run by none, and an edit of the open base seen by the next request.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeLens } from 'vscode-languageserver-types';
import { LspClient, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';
import type { JourneyAnswer } from '../../server/src/service/journey/journeyRequest';

describe('b2cPolicy/journey over stdio', () => {
  let client: LspClient;
  let root: string;
  let rp: string;
  let base: string;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-journey-'));
    fs.cpSync(path.join(STARTERPACK, 'SocialAndLocalAccounts'), root, { recursive: true });
    client = start({ rootPath: root });
    await client.initialize();
    await client.indexed();
    rp = client.open(path.join(root, 'SignUpOrSignin.xml'));
    base = client.open(path.join(root, 'TrustFrameworkBase.xml'));
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true });
  });

  const orders = (a: JourneyAnswer) => a.model!.journey!.steps.map((s) => `${s.order} ${s.type}`);

  it('puts "Show journey" on the RelyingParty element and on every UserJourney of the base', async () => {
    const rpLenses = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: rp } })).filter((l) => l.command?.title === 'Show journey');
    assert.deepEqual(rpLenses.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments]), [[15, 'b2cPolicy.showJourney', [rp, {}]]]);
    const baseLenses = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: base } })).filter((l) => l.command?.title === 'Show journey');
    assert.deepEqual(baseLenses.map((l) => (l.command?.arguments?.[1] as { journey: string }).journey), ['SignUpOrSignIn', 'ProfileEdit', 'PasswordReset', 'RedeemRefreshToken']);
  });

  it("answers a relying party's own merged journey, in the client's URIs", async () => {
    const a = await client.request<JourneyAnswer>('b2cPolicy/journey', { uri: rp });
    assert.equal(a.leaf, rp);
    assert.equal(a.model!.leaf, rp);
    assert.deepEqual(orders(a), ['1 CombinedSignInAndSignUp', '2 ClaimsExchange', '3 ClaimsExchange', '4 ClaimsExchange', '5 ClaimsExchange', '6 ClaimsExchange', '7 SendClaims']);
    assert.equal(a.model!.journey!.steps[0].at.uri, base);
  });

  it('from a base UserJourney: the one relying party that runs it, or a message when none does', async () => {
    const edit = await client.request<JourneyAnswer>('b2cPolicy/journey', { uri: base, journey: 'ProfileEdit' });
    assert.equal(path.basename(edit.leaf!), 'ProfileEdit.xml');
    assert.equal(edit.model!.journey!.id, 'ProfileEdit');
    const none = await client.request<JourneyAnswer>('b2cPolicy/journey', { uri: base, journey: 'RedeemRefreshToken' });
    assert.equal(none.model, undefined);
    assert.match(none.message!, /No relying party in the workspace runs UserJourney RedeemRefreshToken/);
  });

  it('answers from the open buffer after an edit', async () => {
    const text = fs.readFileSync(path.join(root, 'TrustFrameworkBase.xml'), 'utf8');
    const from = text.indexOf('<UserJourney Id="SignUpOrSignIn">');
    const at = text.indexOf('Type="ClaimsExchange"', text.indexOf('<OrchestrationStep Order="2"', from)) + 'Type="ClaimsExchange'.length;
    const lines = text.slice(0, at).split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    client.change(base, [{ range: { start: position, end: position }, text: 'Edited' }], 2);
    const a = await client.request<JourneyAnswer>('b2cPolicy/journey', { uri: rp });
    assert.equal(orders(a)[1], '2 ClaimsExchangeEdited');
  });

  it('answers null for a file that is not a policy', async () => {
    const other = path.join(root, 'notes.xml');
    fs.writeFileSync(other, '<notes/>');
    const uri = client.open(other, '<notes/>');
    assert.equal(await client.request('b2cPolicy/journey', { uri }), null);
  });
});
