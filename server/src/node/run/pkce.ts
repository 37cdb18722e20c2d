/**
 * PKCE (RFC 7636, method S256): a random verifier and its challenge. In the node layer because it needs
 * node:crypto; the service only ever sees the challenge.
 */
import { createHash, randomBytes } from 'crypto';

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

/** 32 random bytes give a 43-character verifier, the shortest RFC 7636 allows. */
export function newPkce(verifier = randomBytes(32).toString('base64url')): Pkce {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) throw new RangeError('A PKCE code verifier is 43 to 128 characters of A-Z, a-z, 0-9 and - . _ ~.');
  return { verifier, challenge: createHash('sha256').update(verifier, 'ascii').digest('base64url') };
}
