/**
 * Settings are checked against the b2cPolicy.* schema that package.json contributes (Ajv): bad values are reported,
 * not dropped silently. sanitizeSettings still keeps only the good ones.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { settingsProblems, settingsSchema } from '../../server/src/node/settingsSchema';
import { codeLensEnabled, sanitizeSettings } from '../../server/src/node/settings';
import { REPO_ROOT } from '../helpers/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

describe('settings schema', () => {
  it('is the nested shape of package.json\'s b2cPolicy.* properties, without the editor-only keys', () => {
    const schema = settingsSchema(manifest.contributes.configuration.properties);
    assert.deepEqual(Object.keys(schema.properties!).sort(), ['baseFolders', 'basePolicyPins', 'codeLens', 'defaultDeploymentMode', 'deploy', 'diagnostics', 'exclude', 'followSymlinks', 'maxFileSizeMB', 'trace']);
    assert.deepEqual(schema.properties!.codeLens.properties!.enabled, { type: 'boolean' });
    assert.deepEqual(Object.keys(schema.properties!.diagnostics.properties!).sort(), ['codes', 'minimumSeverity', 'scope']);
    assert.equal(schema.properties!.maxFileSizeMB.minimum, 1);
    assert.equal(JSON.stringify(schema).includes('markdownDescription'), false);
  });

  it('reports each bad value, with where it is and what was there', () => {
    const raw = {
      diagnostics: { codes: { B401: 'of', B108: 'off', B999: 'error' }, minimumSeverity: 'eror' },
      exclude: 'archive/**', defaultDeploymentMode: 'production', basePolicyPins: { B2C_1A_X: 3 }, maxFileSizeMB: 0,
      trace: { server: 'loud' }, codeLens: { enabled: 'no' },
    };
    assert.deepEqual(settingsProblems(raw).sort(), [
      'basePolicyPins.B2C_1A_X: must be string (got 3)',
      'codeLens.enabled: must be boolean (got "no")',
      'defaultDeploymentMode: must be one of Production, Development (got "production")',
      'diagnostics.codes.B401: must be one of error, warning, information, hint, off (got "of")',
      'diagnostics.codes.B999: not a diagnostic code',
      'diagnostics.minimumSeverity: must be one of error, warning, information, hint (got "eror")',
      'exclude: must be array (got "archive/**")',
      'maxFileSizeMB: must be >= 1 (got 0)',
      'trace.server: must be one of off, messages, verbose (got "loud")',
    ]);
    // The good values survive; the bad ones fall back to the defaults, as before.
    const clean = sanitizeSettings(raw);
    assert.deepEqual(clean.diagnostics?.codes, { B108: 'off', B999: 'error' });
    assert.equal(clean.diagnostics?.minimumSeverity, undefined);
    // Only an explicit false turns CodeLens off.
    assert.equal(codeLensEnabled(clean), true);
    assert.equal(codeLensEnabled(sanitizeSettings({ codeLens: { enabled: false } })), false);
    assert.equal(codeLensEnabled(sanitizeSettings({})), true);
  });

  it('accepts what VS Code sends and an empty or missing file', () => {
    const vscode = { trace: { server: 'off' }, diagnostics: { codes: { b108: 'off' }, minimumSeverity: 'hint' }, exclude: [], defaultDeploymentMode: 'Production', basePolicyPins: {}, maxFileSizeMB: 20 };
    assert.deepEqual(settingsProblems(vscode), []);
    assert.deepEqual(settingsProblems({}), []);
    assert.deepEqual(settingsProblems(undefined), []);
  });
});
