/**
 * Hostile XML over the protocol: external entities, entity bombs, deep nesting, huge values and files,
 * binary and badly encoded files, and shapes that used to make the parser or the schema check quadratic.
 * Each case: the server stays up and quick, says something clear where it should, and a normal policy
 * in the same workspace still navigates right afterwards.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, LocationLink, Position } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { LspClient, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';

const SECRET = 'S3CRET-MARKER-7f1c2b';
const NS = 'xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com"';
const head = (id: string, extra = '') => `<TrustFrameworkPolicy ${NS} PolicyId="${id}" PublicPolicyUri="http://contoso.onmicrosoft.com/${id}"${extra}>`;
const uriOf = (p: string) => URI.file(p).toString();

function positionIn(text: string, needle: string, shift = 0): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not found`);
  return TextDocument.create('file:///x', 'xml', 0, text).positionAt(offset + shift);
}

const render = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${typeof d.message === 'string' ? d.message : d.message.value}`);

describe('hostile XML over the protocol', () => {
  let dir: string;
  let client: LspClient;
  let listener: net.Server;
  let connections = 0;
  let openPort = 0;
  let closedPort = 0;
  let fifo: string | undefined;
  const extPath = () => path.join(dir, 'set', 'TrustFrameworkExtensions.xml');
  const basePath = () => path.join(dir, 'set', 'TrustFrameworkBase.xml');
  /** Every answer the server gave, for the secret check at the end. */
  const answers: unknown[] = [];

  async function ask<T>(method: string, params: unknown, budgetMs = 2000): Promise<T> {
    const t0 = performance.now();
    const result = await client.request<T>(method, params);
    const ms = performance.now() - t0;
    assert.ok(ms < budgetMs, `${method} took ${ms.toFixed(0)} ms`);
    answers.push(result);
    return result;
  }

  /** Definition on a normal policy still lands on the right line of its base. */
  async function stillWorks(): Promise<void> {
    assert.ok(client.alive, 'the server exited');
    const ext = fs.readFileSync(extPath(), 'utf8').replace(/^\uFEFF/, '');
    const base = fs.readFileSync(basePath(), 'utf8').replace(/^\uFEFF/, '');
    const links = await ask<LocationLink[]>('textDocument/definition', {
      textDocument: { uri: uriOf(extPath()) }, position: positionIn(ext, 'ClaimTypeReferenceId="client_id"', 24),
    });
    assert.deepEqual(links.map((l) => [l.targetUri, l.targetSelectionRange.start]), [[uriOf(basePath()), positionIn(base, '<ClaimType Id="client_id"', 15)]]);
    assert.deepEqual(client.failures(), []);
  }

  /** Requests every feature at a few positions of a document and checks that each answers in time. */
  async function poke(uri: string, positions: Position[], budgetMs = 2000): Promise<void> {
    for (const position of positions) {
      await ask('textDocument/hover', { textDocument: { uri }, position }, budgetMs);
      await ask('textDocument/completion', { textDocument: { uri }, position }, budgetMs);
      await ask('textDocument/definition', { textDocument: { uri }, position }, budgetMs);
      await ask('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }, budgetMs);
    }
    await ask('textDocument/documentSymbol', { textDocument: { uri } }, budgetMs);
    for (const method of ['textDocument/foldingRange', 'textDocument/documentLink', 'textDocument/codeLens']) await ask(method, { textDocument: { uri } }, budgetMs);
  }

  /** Opens text, waits for its diagnostics, pokes it, closes it, and checks the rest still works. */
  async function openCase(name: string, text: string, options: { budgetMs?: number; positions?: Position[] } = {}): Promise<Diagnostic[]> {
    const uri = uriOf(path.join(dir, 'cases', `${name}.xml`));
    client.open(uri, text, 1);
    const t0 = performance.now();
    const diagnostics = await client.diagnostics(uri, 1, 20_000);
    answers.push(diagnostics);
    assert.ok(performance.now() - t0 < (options.budgetMs ?? 5000), `${name}: diagnostics took ${(performance.now() - t0).toFixed(0)} ms`);
    const doc = TextDocument.create(uri, 'xml', 1, text.length > 1e6 ? '' : text);
    const positions = options.positions ?? [0, 0.25, 0.5, 0.75, 1].map((f) => doc.positionAt(Math.floor(text.length * f)));
    await poke(uri, positions, options.budgetMs ?? 2000);
    client.close(uri);
    await stillWorks();
    return diagnostics;
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-hostile-'));
    fs.mkdirSync(path.join(dir, 'set'));
    fs.mkdirSync(path.join(dir, 'cases'));
    for (const f of fs.readdirSync(path.join(STARTERPACK, 'SocialAndLocalAccounts'))) {
      fs.copyFileSync(path.join(STARTERPACK, 'SocialAndLocalAccounts', f), path.join(dir, 'set', f));
    }
    fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
    // A FIFO as the target of an external entity: opening it for reading would block the server, and we can see a reader.
    try {
      fifo = path.join(dir, 'secret.fifo');
      cp.execFileSync('mkfifo', [fifo]);
    } catch {
      fifo = undefined;
    }
    listener = net.createServer((s) => { connections++; s.destroy(); });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    openPort = (listener.address() as net.AddressInfo).port;
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    // Files on disk that the initial scan meets.
    fs.writeFileSync(path.join(dir, 'cases', 'disk-xxe.xml'), xxeText('B2C_1A_DiskXxe'));
    fs.writeFileSync(path.join(dir, 'cases', 'binary.xml'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    fs.writeFileSync(path.join(dir, 'cases', 'huge.xml'), Buffer.alloc(21 * 1024 * 1024, ' '));

    client = start({ rootPath: dir });
    await client.initialize();
    await client.indexed();
    client.open(extPath());
    await client.diagnostics(uriOf(extPath()), 1);
    await stillWorks();
  });

  after(async () => {
    await client?.shutdown();
    listener?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function xxeText(id: string): string {
    const targets = [`file://${path.join(dir, 'secret.txt')}`, `http://127.0.0.1:${closedPort}/x`, `http://127.0.0.1:${openPort}/x`, ...(fifo ? [`file://${fifo}`] : [])];
    return `<?xml version="1.0"?>
<!DOCTYPE TrustFrameworkPolicy [
${targets.map((t, i) => `  <!ENTITY e${i} SYSTEM "${t}">`).join('\n')}
  <!ENTITY % p SYSTEM "file://${path.join(dir, 'secret.txt')}"> %p;
]>
${head(id)}
  <BuildingBlocks><ClaimsSchema>
    <ClaimType Id="c&e0;"><DisplayName>&e0;&e1;&e2;${fifo ? '&e3;' : ''}</DisplayName><DataType>string</DataType></ClaimType>
  </ClaimsSchema></BuildingBlocks>
</TrustFrameworkPolicy>`;
  }

  it('never resolves external entities: no file read, no connection, the secret appears nowhere', async () => {
    const text = xxeText('B2C_1A_Xxe');
    const diagnostics = await openCase('xxe', text, { positions: [positionIn(text, '&e0;', 1), positionIn(text, 'Id="c&e0;"', 6), positionIn(text, '%p;', 1)] });
    assert.equal(diagnostics.filter((d) => d.code === 'B109').length, 1, render(diagnostics).join('\n'));
    assert.ok(diagnostics.some((d) => d.code === 'B100' && /entity '&e0;' is not defined/.test(String(d.message))), render(diagnostics).join('\n'));
    assert.equal(connections, 0, 'the server connected to the entity URL');
    if (fifo) {
      // Opening a FIFO for writing without blocking fails with ENXIO exactly when no process has it open for reading.
      assert.throws(() => fs.openSync(fifo!, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK), /ENXIO/);
    }
  });

  it('leaves entity bombs unexpanded: billion laughs and quadratic blow-up stay small and quick', async () => {
    const lol = ['<!ENTITY lol0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)].join('\n');
    const laughs = await openCase('laughs', `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${lol}\n]>\n${head('B2C_1A_Laughs')}<BasePolicy><TenantId>&lol9;</TenantId><PolicyId>&lol9;</PolicyId></BasePolicy></TrustFrameworkPolicy>`);
    assert.equal(laughs.filter((d) => d.code === 'B109').length, 1);
    const big = 'a'.repeat(100_000);
    const quadratic = await openCase('quadratic', `<!DOCTYPE q [<!ENTITY a "${big}">]>\n${head('B2C_1A_Quad')}<BuildingBlocks><ClaimsSchema><ClaimType Id="x"><DisplayName>${'&a;'.repeat(30_000)}</DisplayName></ClaimType></ClaimsSchema></BuildingBlocks></TrustFrameworkPolicy>`);
    assert.ok(quadratic.length <= 1000);
    assert.ok((client.rssMB() ?? 0) < 600, `RSS ${client.rssMB()} MB`);
  });

  it('bounds 100,000-deep nesting with one clear diagnostic', async () => {
    const depth = 100_000;
    const text = `${head('B2C_1A_Deep')}${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</TrustFrameworkPolicy>`;
    const diagnostics = await openCase('deep', text, { positions: [positionIn(text, '<a>', 3), { line: 0, character: Math.floor(text.length / 2) }] });
    assert.equal(diagnostics.filter((d) => /nested more than \d+ levels/.test(String(d.message))).length, 1, render(diagnostics).slice(0, 5).join('\n'));
  });

  it('handles a 10 MB attribute value', async () => {
    const value = 'v'.repeat(10 * 1024 * 1024);
    const text = `${head('B2C_1A_Long', ` Huge="${value}"`)}<BasePolicy><TenantId>t</TenantId><PolicyId>B2C_1A_TrustFrameworkBase</PolicyId></BasePolicy></TrustFrameworkPolicy>`;
    const at = text.indexOf(value);
    const diagnostics = await openCase('long-value', text, {
      positions: [{ line: 0, character: at + 5 }, { line: 0, character: at + value.length / 2 }, { line: 0, character: at + value.length + 40 }],
    });
    assert.ok(diagnostics.every((d) => d.range.end.line === 0 && d.range.end.character <= text.length), render(diagnostics).join('\n'));
  });

  it('refuses a 50 MB document with one diagnostic, in bounded memory, and keeps answering', async () => {
    const unit = '<ClaimType Id="c"><DisplayName>x</DisplayName></ClaimType>\n';
    const text = `${head('B2C_1A_Fifty')}<BuildingBlocks><ClaimsSchema>\n${unit.repeat(Math.ceil((50 * 1024 * 1024) / unit.length))}</ClaimsSchema></BuildingBlocks></TrustFrameworkPolicy>`;
    let peak = 0;
    const sampler = setInterval(() => { peak = Math.max(peak, client.rssMB() ?? 0); }, 20);
    try {
      const uri = uriOf(path.join(dir, 'cases', 'fifty.xml'));
      client.open(uri, text, 1);
      const diagnostics = await client.diagnostics(uri, 1, 30_000);
      assert.deepEqual(render(diagnostics), ['1:1 B111 This document is 50.0 MB, above the 20 MB limit: it is not analysed.']);
      client.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '<' }], 2);
      assert.equal((await client.diagnostics(uri, 2, 30_000)).length, 1);
      await poke(uri, [{ line: 3, character: 20 }, { line: 500_000, character: 5 }]);
      client.close(uri);
    } finally {
      clearInterval(sampler);
    }
    assert.ok(peak > 0 && peak < 600, `peak RSS ${peak.toFixed(0)} MB`);
    await stillWorks();
  });

  it('says why binary data and an over-limit file on disk are not analysed', async () => {
    const binary = path.join(dir, 'cases', 'binary.xml');
    const uri = client.open(binary, fs.readFileSync(binary).toString('latin1'));
    assert.deepEqual(render(await client.diagnostics(uri, 1)), ['1:1 B111 This document holds binary data, not XML text.']);
    await poke(uri, [{ line: 0, character: 10 }]);
    client.close(uri);
    // The 21 MB file was never read: the scan saw its size. Opening its (blank) text gives the buffer's size problem.
    const huge = client.open(path.join(dir, 'cases', 'huge.xml'), ' '.repeat(21 * 1024 * 1024));
    assert.match(render(await client.diagnostics(huge, 1, 30_000)).join('\n'), /^1:1 B111 This document is 21\.0 MB, above the 20 MB limit/);
    client.close(huge);
    await stillWorks();
  });

  it('reads invalid UTF-8 with a warning and still analyses and navigates it', async () => {
    const p = path.join(dir, 'set', 'Broken.xml');
    const text = `${head('B2C_1A_Broken')}<BasePolicy><TenantId>t</TenantId><PolicyId>B2C_1A_TrustFrameworkExtensions</PolicyId></BasePolicy>
<BuildingBlocks><ClaimsSchema><ClaimType Id="brokenClaim"><DisplayName>caf\u00e9 BAD</DisplayName><DataType>string</DataType></ClaimType></ClaimsSchema></BuildingBlocks>
<ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles><TechnicalProfile Id="T"><OutputClaims><OutputClaim ClaimTypeReferenceId="brokenClaim"/></OutputClaims></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>
</TrustFrameworkPolicy>`;
    const bytes = Buffer.from(text, 'utf8');
    const bad = bytes.indexOf('BAD');
    bytes[bad] = 0xff; // A lone continuation-less byte: not valid UTF-8.
    fs.writeFileSync(p, bytes);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(p), type: 1 }] });
    const decoded = new TextDecoder('utf-8').decode(bytes);
    const uri = client.open(p, decoded);
    const diagnostics = await client.diagnostics(uri, 1);
    assert.match(render(diagnostics)[0], /^1:1 B111 .*not valid UTF-8/);
    const links = await ask<LocationLink[]>('textDocument/definition', { textDocument: { uri }, position: positionIn(decoded, 'ClaimTypeReferenceId="brokenClaim"', 25) });
    assert.deepEqual(links.map((l) => l.targetSelectionRange.start), [positionIn(decoded, 'Id="brokenClaim"', 4)]);
    client.close(uri);
    fs.rmSync(p);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(p), type: 3 }] });
    await stillWorks();
  });

  it('decodes UTF-16 LE and BE files with a BOM and navigates into them by UTF-16 positions', async () => {
    for (const [name, encode] of [['LE', (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])],
      ['BE', (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()])]] as const) {
      const folder = path.join(dir, `utf16${name}`);
      fs.mkdirSync(folder);
      const baseText = `${head(`B2C_1A_U16${name}`)}<!-- \u{1F600} a non-BMP character before the Id -->
<BuildingBlocks><ClaimsSchema><ClaimType Id="wide${name}"><DisplayName>\u{1D4B3}</DisplayName><DataType>string</DataType></ClaimType></ClaimsSchema></BuildingBlocks></TrustFrameworkPolicy>`;
      const childText = `${head(`B2C_1A_U16${name}Child`)}<BasePolicy><TenantId>t</TenantId><PolicyId>B2C_1A_U16${name}</PolicyId></BasePolicy>
<ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles><TechnicalProfile Id="T"><OutputClaims><OutputClaim ClaimTypeReferenceId="wide${name}"/></OutputClaims></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders></TrustFrameworkPolicy>`;
      fs.writeFileSync(path.join(folder, 'Base.xml'), encode(baseText));
      fs.writeFileSync(path.join(folder, 'Child.xml'), childText);
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(folder, 'Base.xml')), type: 1 }, { uri: uriOf(path.join(folder, 'Child.xml')), type: 1 }] });
      const child = client.open(path.join(folder, 'Child.xml'));
      assert.deepEqual(render(await client.diagnostics(child, 1)).filter((d) => /B1\d\d/.test(d)), []);
      const links = await ask<LocationLink[]>('textDocument/definition', { textDocument: { uri: child }, position: positionIn(childText, `ClaimTypeReferenceId="wide${name}"`, 24) });
      assert.deepEqual(links.map((l) => [l.targetUri, l.targetSelectionRange]), [[uriOf(path.join(folder, 'Base.xml')), {
        start: positionIn(baseText, `Id="wide${name}"`, 4), end: positionIn(baseText, `Id="wide${name}"`, 8 + name.length),
      }]]);
      client.close(child);
    }
    await stillWorks();
  });

  it('stays linear on shapes that used to be quadratic (many attributes, many items, runs of &)', async () => {
    const n = 100_000;
    const cases: Array<[string, string]> = [
      ['attributes', `${head('B2C_1A_Attrs')}<BasePolicy ${Array.from({ length: n }, (_, i) => `a${i}=""`).join(' ')}>${' '.repeat(100_000)}</BasePolicy></TrustFrameworkPolicy>`],
      ['ampersands', `${head('B2C_1A_Amps')}<BasePolicy><TenantId>${'&'.repeat(n)}${'x'.repeat(n * 5)}</TenantId></BasePolicy></TrustFrameworkPolicy>`],
      ['items', `${head('B2C_1A_Items')}<ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles><TechnicalProfile Id="A"><Metadata>${Array.from({ length: n }, (_, i) => `<Item Key="k${i}">v</Item>`).join('')}</Metadata></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders></TrustFrameworkPolicy>`],
      ['many-diagnostics', `${head('B2C_1A_Many')}${'<Unknown/>'.repeat(n * 2)}</TrustFrameworkPolicy>`],
    ];
    for (const [name, text] of cases) {
      const diagnostics = await openCase(name, text, { budgetMs: 5000 });
      assert.ok(diagnostics.length <= 1000, `${name}: ${diagnostics.length} diagnostics`);
    }
  });

  it('never shows the secret in any answer, diagnostic, log or stderr', () => {
    const everything = JSON.stringify([answers, client.published, client.logs]) + client.stderr;
    assert.equal(everything.includes(SECRET), false);
    assert.equal(connections, 0);
    assert.ok(client.alive);
  });
});
