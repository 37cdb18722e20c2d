import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { outputFoldersKey, readAppSettingsFiles, settingsContextFor, withOutputFolders } from '../../server/src/node/appSettings';
import { pathToUri } from '../../server/src/node/files';

function workspaceWith(settings: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-appsettings-'));
  if (settings !== undefined) fs.writeFileSync(path.join(dir, 'appsettings.json'), settings);
  return dir;
}

test('the settings of a policy: only under PoliciesFolder, never in the build output', () => {
  const dir = workspaceWith('{ "PoliciesFolder": "Policies", "EnvironmentsFolder": "Out", "Environments": [ { "Name": "A" } ] }');
  const files = readAppSettingsFiles([dir]);
  assert.equal(files.length, 1);
  const ctx = settingsContextFor(files, pathToUri(path.join(dir, 'Policies', 'sub', 'RP.xml')));
  assert.equal(ctx?.policyPath, 'sub/RP.xml');
  assert.equal(ctx?.uri, pathToUri(path.join(dir, 'appsettings.json')));
  assert.equal(settingsContextFor(files, pathToUri(path.join(dir, 'Elsewhere', 'RP.xml'))), undefined);
  assert.equal(settingsContextFor(files, pathToUri(path.join(dir, 'Policies', '..', 'Out', 'A', 'RP.xml'))), undefined);
  assert.equal(settingsContextFor(files, pathToUri(path.join(os.tmpdir(), 'other', 'RP.xml'))), undefined);
});

test('build output folders are excluded from the scan, with the user\'s own globs kept', () => {
  const dir = workspaceWith('{ "Environments": [ { "Name": "A" } ] }');
  const files = readAppSettingsFiles([dir, workspaceWith(undefined)]);
  const exclude = withOutputFolders((rel) => rel.startsWith('archive'), files)!;
  assert.ok(exclude('Environments'));
  assert.ok(exclude('environments/A/RP.xml'));
  assert.ok(exclude('archive/x.xml'));
  assert.ok(!exclude('EnvironmentsNot/x.xml'));
  assert.ok(!exclude('Policies/RP.xml'));
  assert.equal(withOutputFolders(undefined, []), undefined);
  assert.notEqual(outputFoldersKey(files), outputFoldersKey(readAppSettingsFiles([workspaceWith('{ "EnvironmentsFolder": "Built", "Environments": [] }')])));
});
