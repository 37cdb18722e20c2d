/**
 * Start-up: the scan begins at `initialized` without waiting on the client, indexes the open documents'
 * folders first and yields between slices, so a request sent at once gets the right answer (not `[]`),
 * and progress streams while the rest is read.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LocationLink } from 'vscode-languageserver-types';
import { LspClient, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';

function positionOf(file: string, needle: string, shift = 0) {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const offset = text.indexOf(needle) + shift;
  assert.ok(offset >= shift, `${needle} not in ${file}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const EXT = path.join(STARTERPACK, 'SocialAndLocalAccounts', 'TrustFrameworkExtensions.xml');
const BASE = path.join(STARTERPACK, 'SocialAndLocalAccounts', 'TrustFrameworkBase.xml');

async function definitionRightAway(client: LspClient, ext: string, base: string): Promise<void> {
  const uri = client.open(ext);
  const links = await client.request<LocationLink[]>('textDocument/definition', {
    textDocument: { uri }, position: positionOf(ext, 'ClaimTypeReferenceId="client_id"', 24),
  });
  assert.equal(links.length, 1, JSON.stringify(links));
  assert.equal(path.resolve(decodeURIComponent(new URL(links[0].targetUri).pathname)), path.resolve(base));
  assert.deepEqual(links[0].targetSelectionRange.start, positionOf(base, '<ClaimType Id="client_id"', 15));
}

describe('start-up', () => {
  it('answers a definition sent immediately after initialized with the right location', async () => {
    const client = start({ rootPath: STARTERPACK });
    try {
      await client.initialize();
      await definitionRightAway(client, EXT, BASE);
      assert.deepEqual(client.failures(), []);
    } finally {
      await client.shutdown();
    }
  });

  describe('on a workspace of six starter packs', () => {
    let root: string;
    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-startup-'));
      for (let i = 0; i < 6; i++) fs.cpSync(STARTERPACK, path.join(root, `copy${String(i).padStart(2, '0')}`), { recursive: true });
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it('serves the open folder before the scan ends, streams progress, and then indexes everything', async () => {
      const client = start({ rootPath: root });
      try {
        await client.initialize();
        // The last folder the walk would reach: only prioritising the open document's folder answers it early.
        const ext = path.join(root, 'copy05', 'SocialAndLocalAccounts', 'TrustFrameworkExtensions.xml');
        await definitionRightAway(client, ext, path.join(root, 'copy05', 'SocialAndLocalAccounts', 'TrustFrameworkBase.xml'));
        const answeredDuringScan = !client.logs.some((l) => /^Indexed \d+ policy files/.test(l.message));
        const line = await client.indexed();
        assert.match(line.message, /^Indexed 342 policy files/);
        assert.ok(answeredDuringScan, 'the definition waited for the whole scan');
        const reports = client.progress.filter((p) => p.value.kind === 'report');
        assert.ok(reports.length >= 2, `progress reports: ${reports.length}`);
        const end = client.progress.find((p) => p.value.kind === 'end');
        assert.ok(end && reports[0].at < end.at);
        // References need the whole workspace: asked at once, they are complete.
        assert.deepEqual(client.failures(), []);
      } finally {
        await client.shutdown();
      }
    });

    it('never answers references from a partial index', async () => {
      const client = start({ rootPath: root });
      try {
        await client.initialize();
        const base = path.join(root, 'copy03', 'LocalAccounts', 'TrustFrameworkBase.xml');
        const uri = client.open(base);
        const refs = await client.request<unknown[]>('textDocument/references', {
          textDocument: { uri }, position: positionOf(base, '<TechnicalProfile Id="login-NonInteractive"', 22), context: { includeDeclaration: true },
        });
        // The same answer as once the scan is over.
        await client.indexed();
        const again = await client.request<unknown[]>('textDocument/references', {
          textDocument: { uri }, position: positionOf(base, '<TechnicalProfile Id="login-NonInteractive"', 22), context: { includeDeclaration: true },
        });
        assert.ok(refs.length >= 4);
        assert.deepEqual(refs, again);
      } finally {
        await client.shutdown();
      }
    });
  });
});
