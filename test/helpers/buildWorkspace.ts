/**
 * A copy of a starter-pack set prepared the way users prepare it for Microsoft's extension: tenant and app ids turned
 * into {Settings:...} placeholders, and an appsettings.json in that extension's format beside a Policies folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as crypto from 'crypto';
import { STARTERPACK } from './paths';

export const SET = 'SocialAndLocalAccounts';

export const APP_SETTINGS = {
  PoliciesFolder: 'Policies',
  EnvironmentsFolder: 'Environments',
  Environments: [
    { Name: 'Development', Production: false, Tenant: 'contosodev.onmicrosoft.com', PolicySettings: { IdentityExperienceFrameworkAppId: 'dev-ief-0001', ProxyIdentityExperienceFrameworkAppId: 'dev-proxy-0001', FacebookClientId: 'dev-fb' } },
    { Name: 'Test', Production: false, Tenant: 'contosotest.onmicrosoft.com', PolicySettings: { IdentityExperienceFrameworkAppId: 'test-ief-0002', ProxyIdentityExperienceFrameworkAppId: 'test-proxy-0002', FacebookClientId: 'test-fb' } },
    { Name: 'Production', Production: true, Tenant: 'contoso.onmicrosoft.com', PolicySettings: { IdentityExperienceFrameworkAppId: 'prod-ief-0003', ProxyIdentityExperienceFrameworkAppId: 'prod-proxy-0003', FacebookClientId: 'prod-fb' } },
  ],
};

/** Makes the workspace in a fresh temporary folder and returns its path. */
export function makeBuildWorkspace(settings: object = APP_SETTINGS): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-build-'));
  const policies = path.join(root, 'Policies');
  fs.mkdirSync(policies);
  for (const name of fs.readdirSync(path.join(STARTERPACK, SET))) {
    if (!name.endsWith('.xml')) continue;
    const text = fs.readFileSync(path.join(STARTERPACK, SET, name), 'utf8')
      .replace(/yourtenant\.onmicrosoft\.com/g, '{Settings:Tenant}')
      .replace(/>ProxyIdentityExperienceFrameworkAppId</g, '>{Settings:ProxyIdentityExperienceFrameworkAppId}<')
      .replace(/"ProxyIdentityExperienceFrameworkAppId"/g, '"{Settings:ProxyIdentityExperienceFrameworkAppId}"')
      .replace(/>IdentityExperienceFrameworkAppId</g, '>{Settings:IdentityExperienceFrameworkAppId}<')
      .replace(/"IdentityExperienceFrameworkAppId"/g, '"{Settings:IdentityExperienceFrameworkAppId}"')
      .replace(/>facebook_clientid</g, '>{settings:facebookclientid}<');
    fs.writeFileSync(path.join(policies, name), text);
  }
  fs.writeFileSync(path.join(root, 'appsettings.json'), JSON.stringify(settings, null, 2));
  return root;
}

/** sha256 of every file under the folder, by relative path. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Replaces text in one policy of the workspace. */
export function editPolicy(root: string, name: string, from: string | RegExp, to: string): void {
  const file = path.join(root, 'Policies', name);
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`editPolicy: ${String(from)} not found in ${name}`);
  fs.writeFileSync(file, next);
}
