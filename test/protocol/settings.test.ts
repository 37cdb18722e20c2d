/**
 * The server checks b2cPolicy.* settings against package.json's schema and says which values it ignores, once.
 */
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { LspClient, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';

describe('settings over the protocol', () => {
  let client: LspClient | undefined;
  after(() => client?.shutdown());

  it('reports a bad value in initializationOptions as a warning message, and still serves', async () => {
    client = start({ rootPath: path.join(STARTERPACK, 'LocalAccounts') });
    await client.initialize({ initializationOptions: { settings: { diagnostics: { codes: { B108: 'of' } }, maxFileSizeMB: 'big' } } });
    const note = await client.waitFor(() => client!.messages.find((m) => /setting values/.test(m.message)), 'the settings message');
    assert.equal(note.type, 2);
    assert.match(note.message, /b2cPolicy\.diagnostics\.codes\.B108: must be one of error, warning, information, hint, off \(got "of"\)/);
    assert.match(note.message, /b2cPolicy\.maxFileSizeMB: must be number \(got "big"\)/);
    await client.indexed();
    assert.equal(client.messages.filter((m) => /setting values/.test(m.message)).length, 1);
  });
});
