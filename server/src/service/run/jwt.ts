/**
 * Offline JWT decoding: header and payload of a compact JWS, nothing more. The signature is kept as text and never
 * checked (checking needs the tenant's keys, which means a network call we do not make).
 */

export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The third part as given; empty for an unsecured token. */
  readonly signature: string;
}

export class JwtError extends Error {}

/**
 * Finds the token in what the user pasted: the bare token, `Bearer <token>`, or a redirect URL or fragment with
 * `id_token=` / `access_token=` (the ID token wins when both are there).
 */
export function extractToken(input: string): string {
  const text = input.trim();
  for (const name of ['id_token', 'access_token']) {
    const m = new RegExp(`(?:^|[?#&])${name}=([^&\\s]+)`).exec(text);
    if (m) return decodeURIComponent(m[1]);
  }
  return text.replace(/^Bearer\s+/i, '').replace(/\s+/g, '');
}

export function decodeJwt(input: string): DecodedJwt {
  const token = extractToken(input);
  if (!token) throw new JwtError('No token given.');
  const parts = token.split('.');
  if (parts.length === 5) throw new JwtError('This is an encrypted token (JWE, five parts): its claims cannot be read without the decryption key.');
  if (parts.length !== 3) throw new JwtError(`A JWT has three parts separated by dots (header.payload.signature); this one has ${parts.length}.`);
  const header = decodePart(parts[0], 'header');
  const payload = decodePart(parts[1], 'payload');
  if (parts[2] && !BASE64URL.test(parts[2])) throw new JwtError('The signature (third part) is not base64url text: the token was cut or changed.');
  return { header, payload, signature: parts[2] };
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodePart(part: string, name: string): Record<string, unknown> {
  if (!part) throw new JwtError(`The ${name} is empty.`);
  if (!BASE64URL.test(part) || part.length % 4 === 1) throw new JwtError(`The ${name} is not base64url text: the token was cut or changed.`);
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(base64UrlBytes(part));
  } catch {
    throw new JwtError(`The ${name} does not decode to UTF-8 text: the token was cut or changed.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new JwtError(`The ${name} is not JSON: the token was cut or changed.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new JwtError(`The ${name} is not a JSON object.`);
  return value as Record<string, unknown>;
}

function base64UrlBytes(part: string): Uint8Array {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
