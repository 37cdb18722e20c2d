/**
 * Ordering, cancellation, crash containment and log hygiene, over the protocol:
 * - diagnostics are never published for an older version than one already published;
 * - a cancelled request answers (RequestCancelled or a result) and never hangs;
 * - a fault injected into one validator or handler (B2C_POLICY_TEST_FAULT) is logged and contained;
 * - the server's own log lines never carry policy content, even with verbose tracing.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LocationLink, Position } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { LspClient, Published, isResponseError, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';

const SET = path.join(STARTERPACK, 'SocialAndLocalAccounts');
const uriOf = (p: string) => URI.file(p).toString();
const read = (p: string) => fs.readFileSync(p, 'utf8').replace(/^\uFEFF/, '');
const at = (text: string, needle: string, shift = 0): Position => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not found`);
  return TextDocument.create('file:///x', 'xml', 0, text).positionAt(i + shift);
};

const SECRET_VALUE = 'plain-Secret-Value-4d1e';
const SECRET_KEY = 'B2C_1A_MarkerStorageKey9b';
/** A policy that extends the set's extensions and carries a client secret in Metadata and a key reference. */
const secretPolicy = `<?xml version="1.0" encoding="utf-8" ?>
<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_Secretive" PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_Secretive">
  <BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId><PolicyId>B2C_1A_TrustFrameworkExtensions</PolicyId></BasePolicy>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>Marker IdP</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="Marker-OIDC">
          <DisplayName>Marker</DisplayName>
          <Protocol Name="OpenIdConnect" />
          <Metadata>
            <Item Key="client_id">00000000-0000-0000-0000-000000000000</Item>
            <Item Key="client_secret">${SECRET_VALUE}</Item>
            <Item Key="METADATA">https://login.example.com/.well-known/openid-configuration</Item>
          </Metadata>
          <CryptographicKeys>
            <Key Id="client_secret" StorageReferenceId="${SECRET_KEY}" />
          </CryptographicKeys>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="email" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
</TrustFrameworkPolicy>
`;

/** Asks for everything at the places where the secrets sit, so any leaking code path gets its chance. */
async function exerciseSecrets(client: LspClient, uri: string): Promise<void> {
  client.notify('$/setTrace', { value: 'verbose' });
  client.open(uri, secretPolicy, 1);
  await client.diagnostics(uri, 1);
  const positions = [at(secretPolicy, SECRET_VALUE, 3), at(secretPolicy, SECRET_KEY, 5), at(secretPolicy, 'Key="client_secret"', 6), at(secretPolicy, '"email"', 2)];
  for (const position of positions) {
    const doc = { textDocument: { uri }, position };
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/prepareRename']) {
      await client.request(method, doc).catch((e) => assert.ok(isResponseError(e), String(e)));
    }
    await client.request('textDocument/references', { ...doc, context: { includeDeclaration: true } });
    await client.request('textDocument/rename', { ...doc, newName: 'x y' }).catch((e) => assert.ok(isResponseError(e), String(e)));
    await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
  }
  await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  await client.request('workspace/symbol', { query: SECRET_KEY });
  // An edit that breaks the value's element, then one that restores it.
  const i = secretPolicy.indexOf(SECRET_VALUE);
  const doc = TextDocument.create(uri, 'xml', 1, secretPolicy);
  client.change(uri, [{ range: { start: doc.positionAt(i), end: doc.positionAt(i) }, text: '<' }], 2);
  await client.diagnostics(uri, 2);
  client.change(uri, [{ text: secretPolicy }], 3);
  await client.diagnostics(uri, 3);
  client.close(uri);
}

function assertNoSecretInLogs(client: LspClient): void {
  // Diagnostics go to the user who owns the file; they are checked separately (see the report) and not asserted here.
  const shown = client.published.filter((p) => JSON.stringify(p.diagnostics).includes(SECRET_VALUE));
  if (shown.length) console.log(`note: ${shown.length} diagnostic set(s) quote the client secret value`);
  const logs = JSON.stringify([client.logs, client.traces]) + client.stderr;
  for (const marker of [SECRET_VALUE, SECRET_KEY]) assert.equal(logs.includes(marker), false, `${marker} appears in the server's log`);
}

/** Versions published for a URI never go back while it stays open (a close resets the sequence). */
function assertMonotonic(published: readonly Published[], uri: string): number[] {
  const versions: number[] = [];
  let last = -1;
  for (const p of published) {
    if (p.uri !== uri) continue;
    if (p.version === undefined) { last = -1; continue; }
    assert.ok(p.version >= last, `diagnostics for v${p.version} published after v${last}`);
    last = p.version;
    versions.push(p.version);
  }
  return versions;
}

describe('ordering and cancellation', () => {
  let client: LspClient;
  const base = path.join(SET, 'TrustFrameworkBase.xml');
  const ext = path.join(SET, 'TrustFrameworkExtensions.xml');
  const rp = path.join(SET, 'SignUpOrSignin.xml');

  before(async () => {
    client = start({ rootPath: SET });
    await client.initialize();
    await client.indexed();
  });
  after(() => client.shutdown());

  it('never publishes diagnostics for an older version, and the last set is for the last version', async () => {
    const uris = [base, ext, rp].map((p) => client.open(p));
    await Promise.all(uris.map((u) => client.diagnostics(u, 1)));
    const baseText = read(base);
    const policyIdAt = at(baseText, 'PolicyId="B2C_1A_TrustFrameworkBase"', 10);
    const end = TextDocument.create('file:///x', 'xml', 0, baseText).positionAt(baseText.length);
    // v2..v20 back to back on the base, most of them changing its PolicyId (which re-resolves every chain),
    // the last one restoring it.
    for (let v = 2; v <= 20; v++) {
      const change = v === 2 ? { range: { start: end, end }, text: '\n' }
        : v % 2 === 1 ? { range: { start: policyIdAt, end: policyIdAt }, text: 'X' }
          : { range: { start: policyIdAt, end: { line: policyIdAt.line, character: policyIdAt.character + 1 } }, text: '' };
      client.change(uris[0], [change], v);
      if (v % 5 === 0) client.change(uris[1], [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: ' ' }], v);
    }
    await client.diagnostics(uris[0], 20);
    await client.diagnostics(uris[1], 20);
    // Dependents are revalidated after a short pause: wait until the relying party has caught up with the base's last state.
    const rpFinal = await client.waitFor(() => {
      const last = client.publishedFor(uris[2]).at(-1);
      return last && !last.diagnostics.some((d) => d.code === 'B103') && client.publishedFor(uris[2]).length > 1 ? last : undefined;
    }, 'the relying party to be revalidated');
    assert.equal(rpFinal.version, 1);
    const baseVersions = assertMonotonic(client.published, uris[0]);
    assert.equal(baseVersions.at(-1), 20);
    assert.equal(assertMonotonic(client.published, uris[1]).at(-1), 20);
    assertMonotonic(client.published, uris[2]);
    assert.deepEqual(client.failures(), []);
    for (const u of uris) client.close(u);
  });

  it('answers a cancelled request (cancelled or with a result), never hangs, and keeps serving', async () => {
    const uri = client.open(ext);
    await client.diagnostics(uri, 1);
    const position = at(read(ext), 'ClaimTypeReferenceId="client_id"', 24);
    // A large document keeps the server busy, so that requests and their cancellations queue up behind its parse.
    const unit = '<ClaimType Id="c"><DisplayName>x</DisplayName><DataType>string</DataType></ClaimType>\n';
    const big = `<TrustFrameworkPolicy PolicyId="B2C_1A_Big"><BuildingBlocks><ClaimsSchema>\n${unit.repeat(60_000)}</ClaimsSchema></BuildingBlocks></TrustFrameworkPolicy>`;
    const bigUri = uriOf(path.join(os.tmpdir(), 'b2c-big-cancel.xml'));
    let cancelled = 0, answered = 0;
    for (let round = 0; round < 3; round++) {
      if (round === 0) client.open(bigUri, big, 1);
      else client.change(bigUri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: ' ' }], round + 1);
      const outcomes = await Promise.all(Array.from({ length: 5 }, async () => {
        const source = new CancellationTokenSource();
        const pending = client.request('textDocument/definition', { textDocument: { uri }, position }, source.token, 10_000);
        source.cancel();
        try {
          await pending;
          return 'answered';
        } catch (e) {
          assert.ok(isResponseError(e, -32800), `not a cancellation: ${String(e)}`);
          return 'cancelled';
        }
      }));
      cancelled += outcomes.filter((o) => o === 'cancelled').length;
      answered += outcomes.filter((o) => o === 'answered').length;
    }
    console.log(`cancelled requests: ${cancelled} answered with RequestCancelled, ${answered} with a result`);
    assert.equal(cancelled + answered, 15);
    assert.ok(cancelled > 0, 'no queued request was cancelled');
    const links = await client.request<LocationLink[]>('textDocument/definition', { textDocument: { uri }, position });
    assert.equal(links.length, 1);
    client.close(bigUri);
    client.close(uri);
    assert.deepEqual(client.failures(), []);
  });

  it('logs no policy content in normal operation with verbose tracing', async () => {
    await exerciseSecrets(client, uriOf(path.join(SET, 'Secretive.xml')));
    assertNoSecretInLogs(client);
  });
});

describe('crash containment (B2C_POLICY_TEST_FAULT)', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-fault-'));
    for (const f of fs.readdirSync(SET)) fs.copyFileSync(path.join(SET, f), path.join(dir, f));
    client = start({ rootPath: dir, env: { B2C_POLICY_TEST_FAULT: 'schema,definition,hover,completion,codeAction' } });
    await client.initialize({ trace: 'verbose' });
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the other validators\' diagnostics when one validator throws, and logs the failure', async () => {
    const ext = path.join(dir, 'TrustFrameworkExtensions.xml');
    // An unknown reference (B101, from the references validator) and an unknown element (B801, from the faulty schema validator).
    const text = read(ext).replace('<InputClaim ClaimTypeReferenceId="client_id"', '<NotAnElement/><InputClaim ClaimTypeReferenceId="no_such_claim"');
    const uri = client.open(ext, text);
    const diagnostics = await client.diagnostics(uri, 1);
    // The failed validator is named in an error, so the file never looks cleaner than it is (issue 16).
    assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.severity}`), ['B111 1', 'B101 1', 'B636 3']);
    assert.match(String(diagnostics[0].message), /^Checking this file failed \(the schema check failed;/);
    const log = await client.waitFor(() => client.logs.find((l) => l.message.startsWith('validator schema failed')), 'the validator failure in the log');
    assert.equal(log.type, 1);
    assert.match(log.message, /^validator schema failed: Error: Injected test fault in the schema validator\.\n\s+at /);
    client.close(uri);
  });

  it('answers a failing request with an empty result and an error log, and keeps serving the others', async () => {
    const ext = path.join(dir, 'TrustFrameworkExtensions.xml');
    const uri = client.open(ext);
    await client.diagnostics(uri, 1);
    const position = at(read(ext), 'ClaimTypeReferenceId="client_id"', 24);
    const doc = { textDocument: { uri }, position };
    assert.deepEqual(await client.request('textDocument/definition', doc), []);
    assert.equal(await client.request('textDocument/hover', doc), null);
    assert.equal(await client.request('textDocument/completion', doc), null);
    for (const name of ['definition', 'hover', 'completion']) {
      await client.waitFor(() => client.logs.find((l) => l.type === 1 && l.message.startsWith(`${name} failed: Error: Injected test fault in ${name}.`)), `the ${name} failure in the log`);
    }
    const refs = await client.request<unknown[]>('textDocument/references', { ...doc, context: { includeDeclaration: true } });
    assert.ok(refs.length > 1);
    assert.ok(client.alive);
    client.close(uri);
  });

  it('logs no policy content on the failure paths either', async () => {
    await exerciseSecrets(client, uriOf(path.join(dir, 'Secretive.xml')));
    assert.ok(client.failures().length > 0);
    assertNoSecretInLogs(client);
  });
});
