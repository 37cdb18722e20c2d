/**
 * `b2c-policy build` on a copy of a starter-pack set with an appsettings.json in Microsoft's extension format,
 * driven as users drive it (`node dist/cli.js build` in a child process). Build first (`npm run build`).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/paths';
import { APP_SETTINGS, SET, editPolicy, hashTree, makeBuildWorkspace } from '../helpers/buildWorkspace';
import { buildPolicies } from '../../server/src/node/build/build';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FILES = ['PasswordReset.xml', 'ProfileEdit.xml', 'SignUpOrSignin.xml', 'TrustFrameworkBase.xml', 'TrustFrameworkExtensions.xml', 'TrustFrameworkLocalization.xml'];

describe('build', () => {
  it('writes one folder per environment with every placeholder replaced, and never touches the sources', () => {
    const root = makeBuildWorkspace();
    const before = hashTree(path.join(root, 'Policies'));
    const settingsBefore = hashTree(root)['appsettings.json'];
    const r = cli(['build'], root);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(hashTree(path.join(root, 'Policies')), before, 'sources changed');
    assert.equal(hashTree(root)['appsettings.json'], settingsBefore);
    for (const env of APP_SETTINGS.Environments) {
      const folder = path.join(root, 'Environments', env.Name);
      assert.deepEqual(fs.readdirSync(folder).filter((f) => f.endsWith('.xml')).sort(), FILES);
      for (const f of FILES) {
        const text = fs.readFileSync(path.join(folder, f), 'utf8');
        assert.doesNotMatch(text, /\{settings:/i, `${env.Name}/${f} keeps a placeholder`);
        assert.doesNotMatch(text, /yourtenant/i);
        assert.ok(text.includes(`TenantId="${env.Tenant}"`), `${env.Name}/${f} has the tenant`);
      }
      const ext = fs.readFileSync(path.join(folder, 'TrustFrameworkExtensions.xml'), 'utf8');
      assert.ok(ext.includes(`<Item Key="client_id">${env.PolicySettings.ProxyIdentityExperienceFrameworkAppId}</Item>`));
      assert.ok(ext.includes(`<Item Key="client_id">${env.PolicySettings.FacebookClientId}</Item>`), 'lower-case {settings:...} is replaced too');
      // Every line is where it was: messages of the service about line N point at the source line N.
      const srcLines = fs.readFileSync(path.join(root, 'Policies', 'TrustFrameworkExtensions.xml'), 'utf8').split('\n').length;
      assert.equal(ext.split('\n').length, srcLines);
      const manifest = JSON.parse(fs.readFileSync(path.join(folder, '.b2c-build.json'), 'utf8'));
      assert.equal(manifest.environment, env.Name);
      assert.equal(manifest.errors, 0);
      assert.equal(manifest.files.length, 6);
    }
    assert.match(r.stdout, /^Development \(contosodev\.onmicrosoft\.com\): 6 policies → Environments\/Development$/m);
    assert.match(r.stdout, /^Production \(contoso\.onmicrosoft\.com, Production\): 6 policies → Environments\/Production$/m);
    // The key inventory: every StorageReferenceId the set uses, with its files.
    assert.match(r.stdout, /^ {4}B2C_1A_FacebookSecret {2}\(TrustFrameworkBase\.xml\)$/m);
    assert.match(r.stdout, /^ {4}B2C_1A_TokenSigningKeyContainer {2}\(TrustFrameworkBase\.xml\)$/m);
    assert.match(r.stdout, /Built 3 environments \(0 errors, 0 warnings\)\.\n$/);
    // A second build gives the same bytes (deploy relies on hashes to see what changed).
    const first = hashTree(path.join(root, 'Environments'));
    assert.equal(cli(['build'], root).status, 0);
    assert.deepEqual(hashTree(path.join(root, 'Environments')), first);
  });

  it('fails with file:line on an unknown placeholder and writes nothing', () => {
    const root = makeBuildWorkspace();
    editPolicy(root, 'SignUpOrSignin.xml', '<DefaultUserJourney ReferenceId="SignUpOrSignIn" />', '<DefaultUserJourney ReferenceId="{Settings:JourneyName}" />');
    const before = hashTree(path.join(root, 'Policies'));
    const line = fs.readFileSync(path.join(root, 'Policies', 'SignUpOrSignin.xml'), 'utf8').split('\n').findIndex((l) => l.includes('{Settings:JourneyName}')) + 1;
    const col = fs.readFileSync(path.join(root, 'Policies', 'SignUpOrSignin.xml'), 'utf8').split('\n')[line - 1].indexOf('{Settings:') + 1;
    const r = cli(['build'], root);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    for (const env of ['Development', 'Production', 'Test']) {
      assert.ok(r.stdout.includes(`Policies/SignUpOrSignin.xml:${line}:${col} error B701 [${env}] {Settings:JourneyName} is not defined in appsettings.json`), r.stdout);
    }
    assert.match(r.stdout, /Build failed \(3 errors, 0 warnings\): nothing was written/);
    assert.ok(!fs.existsSync(path.join(root, 'Environments')));
    assert.deepEqual(hashTree(path.join(root, 'Policies')), before);
  });

  it('check reports the same unknown placeholder (B701) as the editor, from the appsettings.json at the checked folder', () => {
    const root = makeBuildWorkspace();
    const clean = cli(['check', '.'], root);
    assert.doesNotMatch(clean.stdout, /B70[12]/, 'every placeholder of the prepared set is defined');
    editPolicy(root, 'SignUpOrSignin.xml', '<DefaultUserJourney ReferenceId="SignUpOrSignIn" />', '<DefaultUserJourney ReferenceId="{Settings:JourneyName}" />');
    const r = cli(['check', '.'], root);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /Policies\/SignUpOrSignin\.xml:\d+:\d+ +error +B701 .*\{Settings:JourneyName\}/);
    // Without the settings file there is nothing to check a placeholder against: no B701.
    fs.rmSync(path.join(root, 'appsettings.json'));
    assert.doesNotMatch(cli(['check', '.'], root).stdout, /B701/);
  });

  it('names the environments a placeholder is missing from (B702), and --env builds only those asked for', () => {
    const settings = structuredClone(APP_SETTINGS);
    (settings.Environments[0].PolicySettings as Record<string, string>).Only = 'dev';
    const root = makeBuildWorkspace(settings);
    editPolicy(root, 'ProfileEdit.xml', '<DefaultUserJourney ReferenceId="ProfileEdit" />', '<DefaultUserJourney ReferenceId="ProfileEdit{Settings:only}" />');
    const r = cli(['build'], root);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /ProfileEdit\.xml:\d+:\d+ error B702 \[Test\] \{Settings:only\} has no value in environment Test \(it is defined in Development\)/);
    assert.match(r.stdout, /error B702 \[Production\]/);
    assert.doesNotMatch(r.stdout, /\[Development\]/);
    const dev = cli(['build', '--env', 'development'], root);
    assert.equal(dev.status, 1, 'the journey ProfileEditdev does not exist: the checker on the output says so');
    assert.match(dev.stdout, /ProfileEdit\.xml:\d+:\d+ error B101 \[Development\]/);
    assert.deepEqual(fs.readdirSync(path.join(root, 'Environments')), ['Development']);
    const unknown = cli(['build', '--env', 'Staging'], root);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /No environment named 'Staging' in appsettings.json; it defines Development, Test, Production\./);
  });

  it('checks each output with its environment: development mode and insecure REST only in Production, yourtenant anywhere', () => {
    const settings = structuredClone(APP_SETTINGS);
    for (const e of settings.Environments) (e.PolicySettings as Record<string, string>).Mode = e.Production ? 'Production' : 'Development';
    const root = makeBuildWorkspace(settings);
    editPolicy(root, 'SignUpOrSignin.xml', 'PolicySchemaVersion="0.3.0.0"', 'PolicySchemaVersion="0.3.0.0" DeploymentMode="Development"');
    editPolicy(root, 'SignUpOrSignin.xml', '<TechnicalProfile Id="PolicyProfile">', '<UserJourneyBehaviors>\n      <JourneyInsights TelemetryEngine="ApplicationInsights" InstrumentationKey="k" DeveloperMode="true" ClientEnabled="false" ServerEnabled="true" TelemetryVersion="1.0.0" />\n    </UserJourneyBehaviors>\n    <TechnicalProfile Id="PolicyProfile">');
    editPolicy(root, 'ProfileEdit.xml', 'PolicySchemaVersion="0.3.0.0"', 'PolicySchemaVersion="0.3.0.0" DeploymentMode="{Settings:Mode}"');
    editPolicy(root, 'PasswordReset.xml', '<DefaultUserJourney ReferenceId="PasswordReset" />', '<DefaultUserJourney ReferenceId="PasswordReset" />\n    <!-- yourtenant in a comment is fine -->');
    editPolicy(root, 'PasswordReset.xml', 'PublicPolicyUri="http://{Settings:Tenant}/', 'PublicPolicyUri="http://yourtenant.onmicrosoft.com/');
    const r = cli(['build'], root);
    assert.equal(r.status, 1, r.stdout);
    const ours = r.stdout.split('\n').filter((l) => / B70\d /.test(l)).map((l) => l.replace(/:\d+:\d+ /, ' ').replace(/: .*$/, '').replace(/ in \w+, a Production.*$/, ''));
    assert.deepEqual(ours.map((l) => l.split(' ').slice(0, 4).join(' ')).sort(), [
      'Policies/PasswordReset.xml error B705 [Development]',
      'Policies/PasswordReset.xml error B705 [Production]',
      'Policies/PasswordReset.xml error B705 [Test]',
      'Policies/SignUpOrSignin.xml error B703 [Production]',
      'Policies/SignUpOrSignin.xml error B703 [Production]',
    ]);
    // Built with errors: written so they can be read, and marked so that deploy refuses them.
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'Environments', 'Production', '.b2c-build.json'), 'utf8'));
    assert.equal(manifest.errors, 3);
  });

  it('builds one file only when given one file (not same-named files elsewhere), with OutputNames: PolicyId and Exclude', () => {
    const settings = { ...structuredClone(APP_SETTINGS), OutputNames: 'PolicyId' };
    (settings.Environments[2] as Record<string, unknown>).Exclude = ['Other/**'];
    const root = makeBuildWorkspace(settings);
    fs.mkdirSync(path.join(root, 'Policies', 'Other'));
    fs.copyFileSync(path.join(root, 'Policies', 'SignUpOrSignin.xml'), path.join(root, 'Policies', 'Other', 'SignUpOrSignin.xml'));
    const r = cli(['build', 'Policies/SignUpOrSignin.xml'], root);
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(fs.readdirSync(path.join(root, 'Environments', 'Test')).sort(), ['.b2c-build.json', 'B2C_1A_signup_signin.xml']);
    const all = buildPolicies({ settingsFile: path.join(root, 'appsettings.json'), write: false });
    const count = (name: string) => all.environments.find((e) => e.env.name === name)!.files.length;
    assert.equal(count('Test'), 7);
    assert.equal(count('Production'), 6);
  });

  it('does not index its own output as sources', () => {
    const root = makeBuildWorkspace();
    assert.equal(cli(['build'], root).status, 0);
    const again = buildPolicies({ settingsFile: path.join(root, 'appsettings.json'), write: false });
    assert.deepEqual(again.environments[0].files.map((f) => f.relative).sort(), FILES);
    assert.equal(SET, 'SocialAndLocalAccounts');
    // Nor does the checker: 6 sources, not 6 + 3 × 6 built copies.
    const check = cli(['check', '.'], root);
    assert.match(check.stdout, /^6 policy files checked: /m, check.stdout);
  });
});
