/**
 * Problems for the whole workspace: a three-set workspace where one file is open, and diagnostics arrive for
 * files that were never opened — pushed to a client that does not pull, and in workspace reports for one that
 * does. A base edit refreshes its unopened dependents; the editor reports what the CLI reports; the
 * `openFiles` scope keeps to open files.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { LspClient, start } from '../helpers/lspClient';
import { REPO_ROOT, STARTERPACK } from '../helpers/paths';
import { loadProject } from '../../server/src/node/cli/project';
import { runCheck } from '../../server/src/node/cli/check';
import { validationOptions } from '../../server/src/node/settings';

const FAULTY = path.join(REPO_ROOT, 'test', 'fixtures', 'cli', 'faulty');

interface Report { kind: 'full' | 'unchanged'; uri: string; resultId?: string; items?: Diagnostic[] }

const PULL_CAPABILITIES = {
  workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
  window: { workDoneProgress: true },
  textDocument: { publishDiagnostics: { versionSupport: true }, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};

function relative(root: string, uri: string): string {
  return path.relative(root, URI.parse(uri).fsPath).split(path.sep).join('/');
}

function lines(root: string, byUri: ReadonlyMap<string, readonly Diagnostic[]>): string[] {
  const out: string[] = [];
  for (const [uri, list] of byUri) for (const d of list) out.push(`${relative(root, uri)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
  return out.sort();
}

/** The latest published set per URI. */
function latestPublished(client: LspClient): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const p of client.published) out.set(p.uri, p.diagnostics);
  for (const [u, l] of out) if (!l.length) out.delete(u);
  return out;
}

describe('workspace diagnostics (three sets, one file open)', () => {
  let root: string;
  let opened: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-wsdiag-'));
    fs.cpSync(path.join(STARTERPACK, 'LocalAccounts'), path.join(root, 'LocalAccounts'), { recursive: true });
    fs.cpSync(path.join(STARTERPACK, 'SocialAccounts'), path.join(root, 'SocialAccounts'), { recursive: true });
    fs.cpSync(FAULTY, path.join(root, 'faulty'), { recursive: true });
    opened = path.join(root, 'SocialAccounts', 'SignUpOrSignin.xml');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const cliLines = () => {
    const project = loadProject([root], { settings: {}, baseDir: root } as never, root);
    const found = runCheck(project, validationOptions({}), root).findings;
    return found.map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`).sort();
  };

  it('pushes diagnostics for files never opened, the same as the CLI finds', async () => {
    const client = start({ rootPath: root });
    try {
      await client.initialize();
      client.open(opened);
      const expected = cliLines();
      assert.ok(expected.some((l) => /^faulty\/SignUpOrSignin\.xml:\d+:\d+ B101$/.test(l)), expected.join('\n'));
      assert.ok(expected.some((l) => /^faulty\/TrustFrameworkExtensions\.xml:\d+:\d+ B106$/.test(l)));
      await client.waitFor(() => (lines(root, latestPublished(client)).join('\n') === expected.join('\n') ? true : undefined), 'pushed diagnostics equal to the CLI findings', 30_000)
        .catch((e) => { throw new Error(`${e.message}\npushed:\n${lines(root, latestPublished(client)).join('\n')}\nCLI:\n${expected.join('\n')}`); });

      // Editing the base fixes the unopened leaf: it is pushed again without the finding.
      const base = path.join(root, 'faulty', 'TrustFrameworkBase.xml');
      const baseText = fs.readFileSync(base, 'utf8').replace(/^\uFEFF/, '');
      const baseUri = client.open(base, baseText);
      const at = baseText.indexOf('<ClaimsSchema>') + '<ClaimsSchema>'.length;
      const before = baseText.slice(0, at).split('\n');
      const position = { line: before.length - 1, character: before[before.length - 1].length };
      const leaf = URI.file(path.join(root, 'faulty', 'SignUpOrSignin.xml')).toString();
      const count = client.publishedFor(leaf).length;
      client.change(baseUri, [{ range: { start: position, end: position }, text: '<ClaimType Id="givenNmae"><DataType>string</DataType></ClaimType>' }], 2);
      const fixed = await client.waitFor(() => {
        const all = client.publishedFor(leaf);
        return all.length > count ? all[all.length - 1].diagnostics : undefined;
      }, 'the unopened leaf to be pushed again', 20_000);
      assert.ok(!fixed.some((d) => d.code === 'B101'), JSON.stringify(fixed));
      assert.deepEqual(client.failures(), []);
    } finally {
      await client.shutdown();
    }
  });

  it('answers workspace pulls with reports for unopened files, unchanged ones by result id, and asks for a refresh after a base edit', async () => {
    const client = start({ rootPath: root });
    try {
      const init = await client.initialize({ capabilities: PULL_CAPABILITIES });
      assert.ok((init.capabilities as { diagnosticProvider?: { workspaceDiagnostics?: boolean } }).diagnosticProvider?.workspaceDiagnostics);
      const uri = client.open(opened);
      const doc = await client.request<Report>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(doc.kind, 'full');
      const first = await client.request<{ items: Report[] }>('workspace/diagnostic', { previousResultIds: [] });
      const byUri = new Map(first.items.map((r) => [r.uri, r.items ?? []]));
      const expected = cliLines().filter((l) => !l.startsWith('SocialAccounts/SignUpOrSignin.xml:'));
      assert.deepEqual(lines(root, byUri), expected);
      assert.ok(!first.items.some((r) => r.uri === uri), 'the open file is reported by document pulls');
      // Nothing changed: every report is 'unchanged'.
      const second = await client.request<{ items: Report[] }>('workspace/diagnostic', { previousResultIds: first.items.map((r) => ({ uri: r.uri, value: r.resultId! })) });
      assert.deepEqual(second.items.map((r) => r.kind).filter((k) => k !== 'unchanged'), []);
      // A push-free client: nothing was published.
      assert.equal(client.published.length, 0);

      const base = path.join(root, 'faulty', 'TrustFrameworkBase.xml');
      const baseText = fs.readFileSync(base, 'utf8').replace(/^\uFEFF/, '');
      const baseUri = client.open(base, baseText);
      const at = baseText.indexOf('<ClaimsSchema>') + '<ClaimsSchema>'.length;
      const head = baseText.slice(0, at).split('\n');
      const position = { line: head.length - 1, character: head[head.length - 1].length };
      const refreshes = client.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
      const edited = performance.now();
      client.change(baseUri, [{ range: { start: position, end: position }, text: '<ClaimType Id="givenNmae"><DataType>string</DataType></ClaimType>' }], 2);
      const refresh = await client.waitFor(() => client.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh')[refreshes], 'a diagnostics refresh', 10_000);
      assert.ok(refresh.at >= edited);
      const third = await client.request<{ items: Report[] }>('workspace/diagnostic', { previousResultIds: second.items.map((r) => ({ uri: r.uri, value: r.resultId! })) });
      const leaf = third.items.find((r) => relative(root, r.uri) === 'faulty/SignUpOrSignin.xml');
      assert.equal(leaf?.kind, 'full');
      assert.ok(!leaf!.items!.some((d) => d.code === 'B101'));
      assert.deepEqual(client.failures(), []);
    } finally {
      await client.shutdown();
    }
  });

  it('keeps to open files with the openFiles scope', async () => {
    const client = start({ rootPath: root, settings: { diagnostics: { scope: 'openFiles' } } });
    try {
      await client.initialize({ initializationOptions: { settings: { diagnostics: { scope: 'openFiles' } } } });
      const leaf = client.open(path.join(root, 'faulty', 'SignUpOrSignin.xml'));
      const found = await client.diagnostics(leaf, 1, 20_000);
      assert.ok(found.some((d) => d.code === 'B101'));
      await client.indexed();
      // Give the server the chance to publish more than it should: another request round trip after the scan.
      await client.request('workspace/symbol', { query: 'x' });
      assert.deepEqual([...new Set(client.published.filter((p) => p.diagnostics.length).map((p) => p.uri))], [leaf]);
    } finally {
      await client.shutdown();
    }
  });
});
