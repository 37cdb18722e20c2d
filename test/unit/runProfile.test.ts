/**
 * The run-profile file: its shape (B751), the request rules placed on the value that breaks them (B752-B759),
 * and agreement with the JSON schema the extension contributes.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { checkRunProfileFile, findProfile, parseRunProfiles, requestOf } from '../../server/src/service/run/runProfile';
import { LineIndex } from '../../server/src/service/model/lineIndex';
import { REPO_ROOT } from '../helpers/paths';

function render(text: string): string {
  const lines = LineIndex.of(text);
  return checkRunProfileFile(text).map((p) => {
    const at = lines.positionAt(p.start);
    return `${at.line}:${at.character} ${p.code} ${text.slice(p.start, p.end).split('\n')[0]}`;
  }).join('\n');
}

describe('run-profile file', () => {
  it('reads profiles and fills the documented defaults', () => {
    const parsed = parseRunProfiles('{ "profiles": [ { "name": "jwt", "clientId": "abc" } ] }');
    assert.deepEqual(parsed.problems, []);
    const r = requestOf(parsed.profiles[0].profile);
    assert.deepEqual([r.redirectUri, r.scopes, r.responseType, r.nonce, r.codeChallenge], ['https://jwt.ms', ['openid'], 'id_token', 'defaultNonce', undefined]);
    assert.equal(findProfile(parsed.profiles.map((p) => p.profile), 'JWT')?.name, 'jwt');
  });

  it('reports shape problems on the offending part (comments and trailing commas allowed)', () => {
    const text = [
      '// run profiles',
      '{ "profiles": [',
      '  { "name": "a", "clientId": 5 },',
      '  { "name": "b", "clientId": "x", "scope": ["openid"] },',
      '  { "clientId": "x" },',
      '  { "name": "c", "clientId": "x", "scopes": "openid" },',
      '  { "name": "c", "clientId": "x", "extraParameters": { "n": 1 } },',
      '  { "name": "c", "clientId": "x" },',
      '  "d",',
      '], "other": 1 }',
    ].join('\n');
    assert.equal(render(text), [
      '9:3 B751 "other"',
      '2:29 B751 5',
      '3:34 B751 "scope"',
      '4:2 B751 {',
      '5:44 B751 "openid"',
      '6:53 B751 { "n": 1 }',
      '8:2 B751 "d"',
    ].join('\n'));
    assert.equal(render('{ "profiles": [ { "name": "c", "clientId": "x" }, { "name": "c", "clientId": "y" } ] }'), '0:60 B751 "c"');
    assert.equal(render('{ "profiles": [ '), '0:16 B751 \n0:16 B751 ');
    assert.equal(render('[]'), '0:0 B751 []');
    assert.equal(render('{}'), '0:0 B751 {}');
  });

  it('puts each request rule on the value that breaks it, or on the name when a default does', () => {
    const text = [
      '{ "profiles": [',
      '  { "name": "api-only", "clientId": "x", "scopes": ["https://contoso.onmicrosoft.com/api/read"] },',
      '  { "name": "prompt", "clientId": "x", "prompt": "always" },',
      '  { "name": "spa", "clientId": "x", "responseType": "code", "spa": true },',
      '  { "name": "spa-ok", "clientId": "x", "responseType": "code", "spa": true, "pkce": true },',
      '  { "name": "implicit-refresh", "clientId": "x", "scopes": ["openid", "offline_access"] }',
      '] }',
    ].join('\n');
    assert.equal(render(text), [
      '1:51 B752 ["https://contoso.onmicrosoft.com/api/read"]',
      '2:49 B757 "always"',
      '3:12 B758 "spa"',
      '5:59 B756 ["openid", "offline_access"]',
    ].join('\n'));
    const messages = checkRunProfileFile(text).map((p) => p.message);
    assert.match(messages[0], /openid.*AADB2C90110/);
    assert.match(messages[3], /refresh token/);
  });

  it('is the schema the extension contributes for b2c-run.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: 'b2c-run.json', url: './schema/b2c-run.schema.json' }]);
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'schema', 'b2c-run.schema.json')));
  });

  it('agrees with the contributed JSON schema on valid and invalid files', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'b2c-run.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    const samples = [
      { profiles: [{ name: 'a', clientId: 'x', scopes: ['openid'], responseType: 'code', responseMode: 'query', pkce: true, spa: true, customDomain: 'login.contoso.com', nonce: 'n', state: 's', environment: 'Test', redirectUri: 'https://jwt.ms', prompt: 'login', extraParameters: { ui_locales: 'fr' } }] },
      { $schema: 'x', profiles: [] },
      { profiles: [{ name: 'a' }] },
      { profiles: [{ name: 'a', clientId: 'x', pkce: 'yes' }] },
      { profiles: [{ name: 'a', clientId: 'x', colour: 'red' }] },
      { profiles: {} },
      { profiles: [], more: 1 },
      { profiles: [{ name: 'a', clientId: 'x', responseMode: 'post' }] },
    ];
    for (const s of samples) {
      const ours = checkRunProfileFile(JSON.stringify(s)).filter((p) => p.code === 'B751' || (p.code === 'B759' && /response_mode '/.test(p.message)));
      assert.equal(validate(s), ours.length === 0, JSON.stringify(s));
    }
  });
});
