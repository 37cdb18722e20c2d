/**
 * The /authorize request of a relying party and the rules the B2C service applies to it before any page is shown
 * (scope, response_type, prompt, PKCE). Pure: the caller supplies the PKCE challenge; nothing here is random or sends
 * anything. Each rule names the service's AADB2C code so that a user who met the error recognises it.
 */
import { quoteValue, shortValue } from '../model/quoting';

/** Where the policy runs: `https://{host}/{tenant}/{policyId}/oauth2/v2.0/...`. */
export interface PolicyEndpoint {
  /** `contoso.b2clogin.com`, or the custom domain. */
  readonly host: string;
  /** `contoso.onmicrosoft.com` (or the tenant's GUID). */
  readonly tenant: string;
  readonly policyId: string;
}

export interface AuthorizeRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  /** Space-separated, e.g. `code`, `id_token`, `id_token token`. */
  readonly responseType: string;
  readonly responseMode?: string;
  /** Space-separated prompt values. */
  readonly prompt?: string;
  readonly nonce: string;
  readonly state?: string;
  /** base64url SHA-256 of the verifier (S256). */
  readonly codeChallenge?: string;
  /** PKCE is on: a challenge will be sent (checked before the challenge exists). */
  readonly pkce?: boolean;
  /** The app is registered as a single-page application (its redirect URI is of the SPA platform). */
  readonly spa?: boolean;
  readonly extraParameters?: Readonly<Record<string, string>>;
}

export type RequestField = 'clientId' | 'redirectUri' | 'scopes' | 'responseType' | 'responseMode' | 'prompt' | 'pkce';

export interface RequestProblem {
  /** Our diagnostic code (B75x). */
  readonly code: string;
  /** The code the service answers with, when it has one. */
  readonly serviceCode?: string;
  readonly field: RequestField;
  /** Errors are requests the service refuses; warnings run but do not give what was asked for. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export const RESPONSE_TYPES = ['code', 'id_token', 'token'] as const;
export const RESPONSE_MODES = ['query', 'fragment', 'form_post'] as const;
export const PROMPTS = ['none', 'login', 'consent', 'select_account'] as const;
/** Scopes of OpenID Connect itself; they name no resource and grant no access token. */
const OIDC_SCOPES = new Set(['openid', 'offline_access', 'profile', 'email', 'address', 'phone']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function authorizeEndpoint(e: PolicyEndpoint): string {
  return `https://${e.host}/${e.tenant}/${e.policyId}/oauth2/v2.0/authorize`;
}

export function tokenEndpoint(e: PolicyEndpoint): string {
  return `https://${e.host}/${e.tenant}/${e.policyId}/oauth2/v2.0/token`;
}

/**
 * The authorize URL, parameters in the order of Microsoft's access-token example (client_id, nonce, redirect_uri,
 * scope, response_type), then the optional ones. Values are percent-encoded; scopes are joined by `%20`.
 */
export function buildAuthorizeUrl(endpoint: PolicyEndpoint, r: AuthorizeRequest): string {
  const params: Array<[string, string | undefined]> = [
    ['client_id', r.clientId],
    ['nonce', r.nonce],
    ['redirect_uri', r.redirectUri],
    ['scope', r.scopes.join(' ')],
    ['response_type', normaliseResponseType(r.responseType)],
    ['response_mode', r.responseMode],
    ['prompt', r.prompt],
    ['state', r.state],
    ['code_challenge', r.codeChallenge],
    ['code_challenge_method', r.codeChallenge ? 'S256' : undefined],
  ];
  const reserved = new Set(params.map(([k]) => k));
  for (const [k, v] of Object.entries(r.extraParameters ?? {})) if (!reserved.has(k)) params.push([k, v]);
  const query = params.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`);
  return `${authorizeEndpoint(endpoint)}?${query.join('&')}`;
}

/** `id_token  token` → `id_token token`. */
export function normaliseResponseType(value: string): string {
  return responseTypes(value).join(' ');
}

function responseTypes(value: string): string[] {
  return value.split(/\s+/).filter(Boolean);
}

/** A scope's resource: an API scope without its last segment (`https://contoso.onmicrosoft.com/api`), or a client id. */
export function resourceOf(scope: string, clientId: string): string | undefined {
  if (OIDC_SCOPES.has(scope)) return undefined;
  if (scope.toLowerCase() === clientId.toLowerCase() || GUID.test(scope)) return scope.toLowerCase();
  const slash = scope.lastIndexOf('/');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(scope) && slash > scope.indexOf('//') + 1) return scope.slice(0, slash).toLowerCase();
  return undefined;
}

/** Every rule the request breaks, in a stable order; an empty list means the service would start the journey. */
export function checkAuthorizeRequest(r: AuthorizeRequest): RequestProblem[] {
  return [...checkShape(r), ...checkResponseType(r), ...checkScopes(r), ...checkPrompt(r), ...checkPkce(r)];
}

function checkShape(r: AuthorizeRequest): RequestProblem[] {
  const out: RequestProblem[] = [];
  if (!r.clientId.trim()) out.push(malformed('clientId', 'The request needs a client id: the application (client) id of the app registration.'));
  if (!isAbsoluteUrl(r.redirectUri)) out.push(malformed('redirectUri', `The redirect URI ${quoteValue(r.redirectUri)} is not an absolute URL; it must be one of the app registration's redirect URIs.`));
  if (r.responseMode !== undefined && !(RESPONSE_MODES as readonly string[]).includes(r.responseMode)) {
    out.push(malformed('responseMode', `response_mode ${quoteValue(r.responseMode ?? '')} is not one of ${RESPONSE_MODES.join(', ')}.`));
  }
  return out;
}

function checkResponseType(r: AuthorizeRequest): RequestProblem[] {
  const types = responseTypes(r.responseType);
  const unknown = types.filter((t) => !(RESPONSE_TYPES as readonly string[]).includes(t));
  if (!types.length || unknown.length) {
    return [malformed('responseType', `response_type ${quoteValue(r.responseType ?? '')} must be made of ${RESPONSE_TYPES.join(', ')}${unknown.length ? `; ${quoteValue(unknown.join(' '))} is not` : ''}.`)];
  }
  // Tokens never travel in a query string (OpenID Connect's rule for response types that return tokens).
  if (r.responseMode === 'query' && types.some((t) => t !== 'code')) {
    return [malformed('responseMode', `response_mode 'query' can only return a code; '${normaliseResponseType(r.responseType)}' returns tokens, so use fragment or form_post.`)];
  }
  return [];
}

function checkScopes(r: AuthorizeRequest): RequestProblem[] {
  const types = new Set(responseTypes(r.responseType));
  const scopes = new Set(r.scopes);
  const resources = [...new Set(r.scopes.map((s) => resourceOf(s, r.clientId)).filter((x): x is string => !!x))];
  const out: RequestProblem[] = [];
  if (types.has('id_token') && !scopes.has('openid')) {
    out.push(problem('B752', 'AADB2C90110', 'scopes', 'An ID token (response_type id_token) is only issued when the scope includes openid.'));
  }
  if (types.has('code') && !resources.length && !scopes.has('openid')) {
    out.push(problem('B753', 'AADB2C90115', 'scopes', 'A code request must ask for something the code can be redeemed for: openid for an ID token, or an API scope or the app\'s own client id for an access token (offline_access alone is not enough).'));
  }
  if (types.has('token') && !resources.length) {
    out.push(problem('B754', 'AADB2C90055', 'scopes', 'response_type token returns an access token, so the scope needs an API scope (such as https://contoso.onmicrosoft.com/api/read) or the app\'s client id, besides openid and offline_access.'));
  }
  for (const s of r.scopes) {
    if (!OIDC_SCOPES.has(s) && !resourceOf(s, r.clientId)) {
      out.push(problem('B754', 'AADB2C90055', 'scopes', `The scope ${quoteValue(s)} names no resource: write it as the API's App ID URI followed by the scope name, for example https://contoso.onmicrosoft.com/api/${shortValue(s)}.`));
    }
  }
  if (resources.length > 1) {
    out.push(problem('B755', 'AADB2C90146', 'scopes', `One access token is for one resource, but the scopes name ${resources.length}: ${resources.join(', ')}. Request each API's token separately.`));
  }
  if (scopes.has('offline_access') && !types.has('code')) {
    out.push({ code: 'B756', field: 'scopes', severity: 'warning', message: 'offline_access asks for a refresh token, which only the authorization code flow returns; with this response_type no refresh token is issued.' });
  }
  return out;
}

function checkPrompt(r: AuthorizeRequest): RequestProblem[] {
  if (r.prompt === undefined) return [];
  const bad = r.prompt.split(/\s+/).filter((p) => p && !(PROMPTS as readonly string[]).includes(p));
  if (!bad.length && r.prompt.trim()) return [];
  return [problem('B757', 'AADB2C90043', 'prompt', `prompt ${quoteValue(r.prompt ?? '')} is not accepted: the service takes ${PROMPTS.join(', ')}.`)];
}

function checkPkce(r: AuthorizeRequest): RequestProblem[] {
  if (!r.spa || !responseTypes(r.responseType).includes('code') || r.codeChallenge || r.pkce) return [];
  return [problem('B758', 'AADB2C99059', 'pkce', 'A single-page application must send a PKCE code_challenge with a code request: turn PKCE on for this profile.')];
}

function problem(code: string, serviceCode: string, field: RequestField, message: string): RequestProblem {
  return { code, serviceCode, field, severity: 'error', message };
}

function malformed(field: RequestField, message: string): RequestProblem {
  return { code: 'B759', field, severity: 'error', message };
}

function isAbsoluteUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^\s/]+/i.test(value) || /^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(value) && !/^https?:/i.test(value);
}
