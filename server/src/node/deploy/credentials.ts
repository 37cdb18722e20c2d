/**
 * Where the deploy's Microsoft Graph token comes from, in this order:
 * 1. `--token` or `B2C_GRAPH_TOKEN`: a token the caller already has;
 * 2. client credentials: `B2C_CLIENT_ID` + `B2C_CLIENT_SECRET` (tenant: `B2C_TENANT_ID`, else the environment's Tenant);
 * 3. a federated token (GitHub Actions or Azure DevOps OIDC) in the file `B2C_FEDERATED_TOKEN_FILE`, exchanged as a
 *    client assertion for the same client id.
 * Every secret seen here is registered with the Redactor so that no message can print it.
 */
import { Endpoints, HttpFetch, Redactor, readBody } from './http';
import { readSmallText } from '../files';

export type Credential =
  | { readonly kind: 'token'; readonly token: string; readonly from: string }
  | { readonly kind: 'clientSecret'; readonly tenant: string; readonly clientId: string; readonly secret: string }
  | { readonly kind: 'federated'; readonly tenant: string; readonly clientId: string; readonly tokenFile: string };

export class CredentialError extends Error {}

export function chooseCredential(token: string | undefined, env: NodeJS.ProcessEnv, environmentTenant: string, redactor: Redactor): Credential {
  if (token) return redactor.secret({ kind: 'token', token, from: '--token' }, token);
  if (env.B2C_GRAPH_TOKEN) return redactor.secret({ kind: 'token', token: env.B2C_GRAPH_TOKEN, from: 'B2C_GRAPH_TOKEN' }, env.B2C_GRAPH_TOKEN);
  const tenant = env.B2C_TENANT_ID || environmentTenant;
  const clientId = env.B2C_CLIENT_ID;
  if (clientId && env.B2C_CLIENT_SECRET) {
    if (!tenant) throw new CredentialError('B2C_CLIENT_ID and B2C_CLIENT_SECRET are set, but there is no tenant: set B2C_TENANT_ID or the environment\'s Tenant.');
    return redactor.secret({ kind: 'clientSecret', tenant, clientId, secret: env.B2C_CLIENT_SECRET }, env.B2C_CLIENT_SECRET);
  }
  if (clientId && env.B2C_FEDERATED_TOKEN_FILE) {
    if (!tenant) throw new CredentialError('B2C_FEDERATED_TOKEN_FILE is set, but there is no tenant: set B2C_TENANT_ID or the environment\'s Tenant.');
    return { kind: 'federated', tenant, clientId, tokenFile: env.B2C_FEDERATED_TOKEN_FILE };
  }
  const half = env.B2C_CLIENT_SECRET || env.B2C_FEDERATED_TOKEN_FILE ? ' B2C_CLIENT_ID is missing.' : '';
  throw new CredentialError(`No credentials for Microsoft Graph.${half} Give --token (or B2C_GRAPH_TOKEN), or B2C_CLIENT_ID with B2C_CLIENT_SECRET or B2C_FEDERATED_TOKEN_FILE (and B2C_TENANT_ID).`);
}

/** Says where the token comes from, without any secret. */
export function describeCredential(c: Credential): string {
  switch (c.kind) {
    case 'token': return `a token from ${c.from}`;
    case 'clientSecret': return `client credentials of ${c.clientId} in ${c.tenant}`;
    case 'federated': return `a federated token for ${c.clientId} in ${c.tenant}`;
  }
}

/** An access token for Microsoft Graph (scope `<graph>/.default`). */
export async function acquireToken(c: Credential, endpoints: Endpoints, fetchFn: HttpFetch, redactor: Redactor): Promise<string> {
  if (c.kind === 'token') return c.token;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, scope: `${endpoints.graph}/.default` });
  if (c.kind === 'clientSecret') form.set('client_secret', c.secret);
  else {
    const assertion = readAssertion(c.tokenFile);
    redactor.add(assertion);
    form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    form.set('client_assertion', assertion);
  }
  const url = `${endpoints.authority}/${encodeURIComponent(c.tenant)}/oauth2/v2.0/token`;
  let res: Response;
  try {
    res = await fetchFn(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(), signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    throw new CredentialError(redactor.clean(`The token endpoint ${url} could not be reached: ${(e as Error).message}`));
  }
  const body = await readBody(res);
  if (!res.ok) throw new CredentialError(redactor.clean(`The token endpoint refused the request (${res.status}): ${tokenError(body)}`));
  const token = (body.json as { access_token?: unknown } | undefined)?.access_token;
  if (typeof token !== 'string' || !token) throw new CredentialError(`The token endpoint answered ${res.status} without an access_token.`);
  redactor.add(token);
  return token;
}

function readAssertion(file: string): string {
  try {
    const r = readSmallText(file);
    if (!('text' in r)) throw new CredentialError(`B2C_FEDERATED_TOKEN_FILE (${file}) ${'problem' in r ? r.problem : 'cannot be read (ENOENT)'}.`);
    const text = r.text.trim();
    if (!text) throw new CredentialError(`B2C_FEDERATED_TOKEN_FILE (${file}) is empty.`);
    return text;
  } catch (e) {
    if (e instanceof CredentialError) throw e;
    throw new CredentialError(`B2C_FEDERATED_TOKEN_FILE (${file}) cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
}

/** `error` and `error_description` of an OAuth error answer, in one line. */
function tokenError(body: { json?: unknown; text: string }): string {
  const j = body.json as { error?: unknown; error_description?: unknown } | undefined;
  if (j && (typeof j.error === 'string' || typeof j.error_description === 'string')) {
    const description = typeof j.error_description === 'string' ? j.error_description.split(/\r?\n/)[0] : '';
    return [j.error, description].filter(Boolean).join(': ');
  }
  return body.text.slice(0, 300) || 'no details';
}
