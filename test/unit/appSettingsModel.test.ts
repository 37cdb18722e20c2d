import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  findEnvironment, findSettingsTokens, globMatches, isPolicyIncluded, isTokenDefined, outputFileName,
  parseAppSettings, replaceSettingsTokens, resolveToken,
} from '../../server/src/service/environments/appSettingsModel';

// The shape Microsoft's extension writes on first build, with our additions (defaults, include/exclude).
const MS_FORMAT = `{
  "EnvironmentsFolder": "Environments",
  "PoliciesFolder": "Policies",
  "Environments": [
    {
      "Name": "Development",
      "Production": false,
      "Tenant": "contoso-dev.onmicrosoft.com",
      "PolicySettings": {
        "IdentityExperienceFrameworkAppId": "dev-ief",
        "ProxyIdentityExperienceFrameworkAppId": "dev-proxy"
      }
    },
    {
      "Name": "Production",
      "Production": true,
      "Tenant": "contoso.onmicrosoft.com",
      "PolicySettings": {
        "IdentityExperienceFrameworkAppId": "prod-ief",
        "ProxyIdentityExperienceFrameworkAppId": "prod-proxy"
      }
    }
  ]
}`;

test('reads the Microsoft extension format unchanged', () => {
  const m = parseAppSettings(MS_FORMAT);
  assert.deepEqual(m.problems, []);
  assert.equal(m.environmentsFolder, 'Environments');
  assert.equal(m.policiesFolder, 'Policies');
  assert.deepEqual(m.environments.map((e) => [e.name, e.tenant, e.production]), [
    ['Development', 'contoso-dev.onmicrosoft.com', false],
    ['Production', 'contoso.onmicrosoft.com', true],
  ]);
  const prod = findEnvironment(m, 'production')!;
  assert.equal(resolveToken(prod, 'identityexperienceframeworkappid'), 'prod-ief');
  assert.equal(MS_FORMAT.slice(prod.nameSpan!.offset, prod.nameSpan!.offset + prod.nameSpan!.length), '"Production"');
  const key = prod.settings.get('proxyidentityexperienceframeworkappid')!.keySpan;
  assert.equal(MS_FORMAT.slice(key.offset, key.offset + key.length), '"ProxyIdentityExperienceFrameworkAppId"');
});

test('defaults: the environments folder, File names, no policies folder', () => {
  const m = parseAppSettings('{ "Environments": [ { "Name": "A" } ] }');
  assert.equal(m.environmentsFolder, 'Environments');
  assert.equal(m.policiesFolder, undefined);
  assert.equal(m.outputNames, 'File');
  assert.equal(m.environments[0].production, false);
  assert.equal(m.environments[0].tenant, '');
});

test('shared defaults are merged under each environment and overridden by its own', () => {
  const m = parseAppSettings(`{
    "PolicySettings": { "Shared": "s", "Over": "default" },
    "Environments": [ { "Name": "A", "PolicySettings": { "over": "a" } }, { "Name": "B" } ] }`);
  const [a, b] = m.environments;
  assert.equal(resolveToken(a, 'Shared'), 's');
  assert.equal(resolveToken(a, 'Over'), 'a');
  assert.equal(a.settings.get('over')!.source, 'environment');
  assert.equal(resolveToken(b, 'OVER'), 'default');
  assert.equal(b.settings.get('over')!.source, 'defaults');
});

test('tokens: built-ins, settings, case-insensitive, unknown ones left and reported', () => {
  const m = parseAppSettings(`{ "Environments": [ { "Name": "Test", "Tenant": "t.onmicrosoft.com",
    "PolicySettings": { "AppId": "123", "Tenant": "ignored", "Count": 3, "On": true, "Empty": null } } ] }`);
  const env = m.environments[0];
  const src = [
    '{Settings:Tenant}|{settings:TENANT}|{Settings:Filename}|{Settings:PolicyFilename}|{SETTINGS:environment}',
    '{Settings:appid}|{Settings:Count}|{Settings:On}|[{Settings:Empty}]|{Settings:Missing}|{Settings:bad name}',
  ].join('\n');
  const out = replaceSettingsTokens(src, env, { fileName: 'B2C_1A_signup_signin.xml' });
  assert.equal(out.text, [
    't.onmicrosoft.com|t.onmicrosoft.com|B2C_1A_signup_signin|signup_signin|Test',
    '123|3|true|[]|{Settings:Missing}|{Settings:bad name}',
  ].join('\n'));
  assert.deepEqual(out.unresolved.map((t) => [t.name, src.slice(t.offset, t.offset + t.length)]), [['Missing', '{Settings:Missing}']]);
  assert.ok(isTokenDefined(env, 'policyfilename'));
  assert.ok(!isTokenDefined(env, 'missing'));
});

test('a value that holds a token is not replaced again', () => {
  const m = parseAppSettings('{ "Environments": [ { "Name": "E", "PolicySettings": { "A": "{Settings:B}", "B": "b" } } ] }');
  assert.equal(replaceSettingsTokens('{Settings:A}/{Settings:B}', m.environments[0], { fileName: 'x.xml' }).text, '{Settings:B}/b');
});

test('findSettingsTokens gives offsets into the text', () => {
  const text = 'x="{Settings:A}" y="{Settings:B.C}"';
  assert.deepEqual(findSettingsTokens(text).map((t) => [t.name, t.offset, t.length]), [['A', 3, 12], ['B.C', 20, 14]]);
});

test('include and exclude per environment', () => {
  const m = parseAppSettings(`{ "Environments": [
    { "Name": "All" },
    { "Name": "NoTests", "Exclude": ["Tests/**", "*_Debug.xml"] },
    { "Name": "OnlyBase", "Include": "TrustFramework*.xml" } ] }`);
  const [all, noTests, onlyBase] = m.environments;
  const files = ['TrustFrameworkBase.xml', 'Tests/RP.xml', 'Tests/deep/RP.xml', 'SignIn_Debug.xml', 'sub/SignIn_Debug.xml'];
  assert.deepEqual(files.filter((f) => isPolicyIncluded(all, f)), files);
  assert.deepEqual(files.filter((f) => isPolicyIncluded(noTests, f)), ['TrustFrameworkBase.xml', 'sub/SignIn_Debug.xml']);
  assert.deepEqual(files.filter((f) => isPolicyIncluded(onlyBase, f)), ['TrustFrameworkBase.xml']);
});

test('globs: ** across folders, * and ? within one, case-insensitive, no blow-up on hostile input', () => {
  assert.ok(globMatches('**/*.xml', 'a/b/c.xml'));
  assert.ok(globMatches('**/*.xml', 'c.xml'));
  assert.ok(globMatches('a/**', 'a/b/c'));
  assert.ok(!globMatches('a/*', 'a/b/c'));
  assert.ok(globMatches('?.XML', 'x.xml'));
  assert.ok(!globMatches('?.xml', 'xy.xml'));
  const started = process.hrtime.bigint();
  assert.ok(!globMatches('*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(3000)));
  assert.ok(!globMatches('**/**/**/**/**/**/**/x', Array(200).fill('a').join('/')));
  // Not a timing test: a backtracking matcher takes minutes here; this one stays in the millisecond range.
  assert.ok(process.hrtime.bigint() - started < 5_000_000_000n);
});

test('output names follow the PolicyId when asked', () => {
  const byId = parseAppSettings('{ "OutputNames": "policyid", "Environments": [] }');
  assert.equal(outputFileName(byId, 'SignUpOrSignin.xml', 'B2C_1A_signup_signin'), 'B2C_1A_signup_signin.xml');
  assert.equal(outputFileName(byId, 'Notes.xml', undefined), 'Notes.xml');
  assert.equal(outputFileName(byId, 'x.xml', '../evil'), 'x.xml');
  assert.equal(outputFileName(parseAppSettings('{}'), 'SignUpOrSignin.xml', 'B2C_1A_signup_signin'), 'SignUpOrSignin.xml');
});

test('problems: bad JSON, bad shapes, duplicate names, unsafe folders; never throws', () => {
  const text = `{
    // comments are allowed, as in .NET appsettings files
    "EnvironmentsFolder": "../outside",
    "OutputNames": "Name",
    "Environments": [ 3, { "Tenant": "x" }, { "Name": "A", "Production": "yes", "PolicySettings": { "Obj": {} } }, { "name": "a" } ],
  }`;
  const m = parseAppSettings(text);
  assert.deepEqual(m.problems.map((p) => p.message), [
    'Each environment must be an object with a Name.',
    'This environment has no Name, so it cannot be built.',
    'The value of Obj must be text, a number or a boolean: a token is replaced by plain text.',
    'Production must be true or false.',
    'Another environment is already named a; both would build into the same folder.',
    'A folder must be a relative path inside the workspace folder.',
    'OutputNames must be "File" or "PolicyId".',
  ]);
  assert.equal(m.environmentsFolder, 'Environments');
  assert.deepEqual(m.environments.map((e) => e.name), ['A', 'a']);
  for (const bad of ['', '[]', 'null', '{"Environments": {}}', '{"Environments": [', '\uFEFF{"Environments":[{"Name":"B"}]}']) {
    const r = parseAppSettings(bad);
    assert.ok(Array.isArray(r.environments));
  }
  assert.equal(parseAppSettings('\uFEFF{"Environments":[{"Name":"B"}]}').environments[0].name, 'B');
  assert.ok(parseAppSettings('{"Environments": [').problems.length > 0);
});
