/**
 * Base folders in the Workspace (shared by the server and the CLI): indexed for resolution, never reported on,
 * and dropped again when the setting no longer names them.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/src/node/workspace';
import { baseFolderPaths, sanitizeSettings } from '../../server/src/node/settings';
import { pathToUri } from '../../server/src/node/files';
import { STARTERPACK } from '../helpers/paths';

const SET = path.join(STARTERPACK, 'SocialAndLocalAccounts');

describe('Workspace.setBaseFolders', () => {
  it('indexes a folder outside the workspace, keeps it out of reports, and forgets it when dropped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-bases-'));
    fs.copyFileSync(path.join(SET, 'SignUpOrSignin.xml'), path.join(dir, 'SignUpOrSignin.xml'));
    fs.copyFileSync(path.join(SET, 'TrustFrameworkExtensions.xml'), path.join(dir, 'TrustFrameworkExtensions.xml'));
    const ws = new Workspace();
    ws.scan([dir]);
    const rp = pathToUri(path.join(dir, 'SignUpOrSignin.xml'));
    const base = pathToUri(path.join(SET, 'TrustFrameworkBase.xml'));
    assert.equal(ws.index.chain(rp).status, 'incomplete');
    const indexed = ws.setBaseFolders([SET]);
    assert.ok(indexed.includes(base) && !indexed.includes(rp), indexed.join('\n'));
    assert.equal(indexed.length, fs.readdirSync(SET).filter((f) => f.endsWith('.xml')).length);
    assert.equal(ws.index.chain(rp).status, 'complete');
    assert.deepEqual([ws.isReported(rp), ws.isReported(base)], [true, false]);
    // Watcher events under a base folder are in scope, like any scanned folder.
    assert.equal(ws.loadFromDisk(base), true);
    assert.deepEqual(ws.setBaseFolders([]), []);
    assert.equal(ws.index.get(base), undefined);
    assert.equal(ws.index.chain(rp).status, 'incomplete');
    assert.equal(ws.isReported(base), true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('marks a base folder inside the workspace without reading it twice, and keeps its files when dropped', () => {
    const ws = new Workspace();
    ws.scan([STARTERPACK]);
    const before = ws.index.size;
    const base = pathToUri(path.join(SET, 'TrustFrameworkBase.xml'));
    const other = pathToUri(path.join(STARTERPACK, 'LocalAccounts', 'TrustFrameworkBase.xml'));
    ws.setBaseFolders([SET]);
    assert.equal(ws.index.size, before);
    assert.deepEqual([ws.isReported(base), ws.isReported(other)], [false, true]);
    ws.setBaseFolders([]);
    assert.equal(ws.index.size, before);
    assert.equal(ws.isReported(base), true);
  });
});

describe('baseFolders setting', () => {
  it('keeps only non-empty strings and resolves relative folders against the given folder', () => {
    const s = sanitizeSettings({ baseFolders: ['starter', 42, '', path.join(path.sep, 'abs', 'base'), 'starter'] });
    assert.deepEqual(s.baseFolders, ['starter', path.join(path.sep, 'abs', 'base'), 'starter']);
    assert.deepEqual(baseFolderPaths(s, path.join(path.sep, 'ws')), [path.join(path.sep, 'ws', 'starter'), path.join(path.sep, 'abs', 'base')]);
    // Without a workspace folder a relative base folder means nothing.
    assert.deepEqual(baseFolderPaths(s, undefined), [path.join(path.sep, 'abs', 'base')]);
    assert.deepEqual(sanitizeSettings({ baseFolders: 'starter' }).baseFolders, []);
  });
});
