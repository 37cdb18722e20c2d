/**
 * Where a relying party runs: host, tenant and PolicyId, taken from the policy with `{Settings:...}` resolved in
 * the chosen appsettings.json environment, a custom domain or tenant override applied, and the warnings about a
 * policy that is not ready to run there.
 */
import { EnvironmentModel, findSettingsTokens, replaceSettingsTokens } from '../environments/appSettingsModel';
import { PolicyEndpoint } from './authorizeRequest';
import { RelyingPartyInfo, tenantName } from './relyingParty';
import { quoteValue } from '../model/quoting';

export interface EndpointOptions {
  readonly environment?: EnvironmentModel;
  /** The policy file's base name, for `{Settings:Filename}`. */
  readonly fileName: string;
  readonly customDomain?: string;
  readonly tenant?: string;
}

export type EndpointResult =
  | { readonly endpoint: PolicyEndpoint; readonly warnings: readonly string[] }
  | { readonly error: string };

export function resolveEndpoint(rp: RelyingPartyInfo, o: EndpointOptions): EndpointResult {
  const resolve = (v: string | undefined) => (v !== undefined && o.environment ? replaceSettingsTokens(v, o.environment, { fileName: o.fileName }).text : v);
  const policyId = resolve(rp.policyId);
  if (!policyId) return { error: 'The policy has no PolicyId.' };
  const tenant = o.tenant ?? resolve(rp.tenantId) ?? o.environment?.tenant;
  if (!tenant) return { error: 'The policy has no TenantId: give the tenant (--tenant or an environment).' };
  for (const [what, value] of [['PolicyId', policyId], ['TenantId', tenant]] as const) {
    const left = findSettingsTokens(value);
    if (left.length) {
      return { error: o.environment
        ? `${what} ${quoteValue(value)} uses {Settings:${left[0].name}}, which environment ${o.environment.name} does not define.`
        : `${what} ${quoteValue(value)} uses {Settings:${left[0].name}}: choose an appsettings.json environment (--env) to resolve it.` };
    }
  }
  const warnings: string[] = [];
  if (/^yourtenant\./i.test(tenant)) warnings.push(`TenantId is the starter pack's placeholder ${quoteValue(tenant)}: replace it with your tenant (or use --tenant / an environment).`);
  if (o.environment?.production && /^development$/i.test(rp.deploymentMode ?? '')) {
    warnings.push(`DeploymentMode is Development in the production environment ${o.environment.name}: development mode is for collecting journey logs while debugging and must not run in production.`);
  }
  return { endpoint: { host: o.customDomain || `${tenantName(tenant)}.b2clogin.com`, tenant, policyId }, warnings };
}
