/**
 * The token request that redeems the code of an authorize request, written out for the user to run: as a curl
 * command and as an `.http` file body. The code and the client secret stay placeholders: we never ask for a
 * secret, never store one and never fill one in. With PKCE the request carries the verifier instead of a secret.
 */
import { AuthorizeRequest, PolicyEndpoint, tokenEndpoint } from './authorizeRequest';

export const CODE_PLACEHOLDER = '<authorization-code>';
export const SECRET_PLACEHOLDER = '<client-secret>';

export interface TokenRequestText {
  readonly curl: string;
  readonly http: string;
}

/** Form fields in the documented order; `codeVerifier` replaces the secret (public clients with PKCE). */
function formFields(r: AuthorizeRequest, codeVerifier: string | undefined, code: string, secret: string): Array<[string, string]> {
  return [
    ['grant_type', 'authorization_code'],
    ['client_id', r.clientId],
    ['scope', r.scopes.join(' ')],
    ['code', code],
    ['redirect_uri', r.redirectUri],
    codeVerifier ? ['code_verifier', codeVerifier] : ['client_secret', secret],
  ];
}

export function buildTokenRequest(endpoint: PolicyEndpoint, r: AuthorizeRequest, codeVerifier?: string): TokenRequestText {
  const url = tokenEndpoint(endpoint);
  const curlLines = [
    `curl -X POST ${shellQuote(url)}`,
    `  -H ${shellQuote('Content-Type: application/x-www-form-urlencoded')}`,
    ...formFields(r, codeVerifier, CODE_PLACEHOLDER, SECRET_PLACEHOLDER).map(([k, v]) => `  --data-urlencode ${shellQuote(`${k}=${v}`)}`),
  ];
  // REST Client and the JetBrains HTTP client read {{name}} as a variable the user defines; nothing fills it here.
  const body = formFields(r, codeVerifier, '{{authorization_code}}', '{{client_secret}}')
    .map(([k, v]) => `${k}=${v.startsWith('{{') ? v : encodeURIComponent(v)}`).join('\n&');
  const http = [`POST ${url}`, 'Content-Type: application/x-www-form-urlencoded', '', body].join('\n');
  return { curl: curlLines.join(' \\\n') + '\n', http: http + '\n' };
}

/** Single-quotes a word for POSIX shells. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
