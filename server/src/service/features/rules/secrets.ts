/**
 * Secrets (B31x): credentials written into the policy text instead of a policy key, and policy-key
 * references that do not use the B2C_1A_ prefix every custom-policy key gets when it is created.
 */
import { ProfileKind, findMetadataKeyIgnoreCase } from '../../data/metadata';
import { MetadataItem } from '../../model/policyFile';
import { Finding, partOf } from './ruleSupport';
import { ProfileRules, ProfileSubject, ownItemPart } from './profiles';

/** Metadata names that hold a credential when they are not documented keys of the kind. */
const SECRET_NAME = /secret|passw(or)?d|(^|[_.-])pwd($|[_.-])|api[_-]?key|(access|bearer|auth|authentication)[_-]?token|private[_-]?key|^token$|credential/i;
/** A literal bearer token, as pasted from an Authorization header. */
const BEARER_LITERAL = /^Bearer\s+\S{6,}$/i;
const KEY_PREFIX = 'B2C_1A_';

export const secretRules: ProfileRules = {
  items: (s) => [...plainSecrets(s), ...keyPrefixes(s)],
};

/** What secret, if any, a Metadata item carries in plain text; and the Key Id it should move to. */
export function plainSecret(kind: ProfileKind | undefined, m: MetadataItem): { keyId: string; why: string } | undefined {
  const value = m.value.value.trim();
  if (!value) return undefined;
  if (BEARER_LITERAL.test(value)) {
    return { keyId: kind?.id === 'restful' ? 'BearerAuthenticationToken' : m.key.value, why: 'holds a literal bearer token' };
  }
  const documented = kind && findMetadataKeyIgnoreCase(kind, m.key.value);
  if (!documented && SECRET_NAME.test(m.key.value)) return { keyId: m.key.value, why: 'looks like a credential' };
  return undefined;
}

function plainSecrets(s: ProfileSubject): Finding[] {
  return s.own.metadata.flatMap((m) => {
    const secret = plainSecret(s.kind, m);
    if (!secret) return [];
    return [{
      code: 'B310', parts: [ownItemPart(s, m)], data: { moveToKey: secret.keyId },
      message: `The Metadata item '${m.key.value}' ${secret.why} written in plain text. Store it as a policy key and reference it from CryptographicKeys (<Key Id="${secret.keyId}" StorageReferenceId="${KEY_PREFIX}..."/>).`,
    }];
  });
}

function keyPrefixes(s: ProfileSubject): Finding[] {
  return s.own.keys.flatMap((k) => {
    const ref = k.storageReferenceId;
    if (!ref || !ref.value || ref.value.includes('{') || ref.value.toUpperCase().startsWith(KEY_PREFIX.toUpperCase())) return [];
    return [{
      code: 'B311', parts: [partOf(s.ctx.file.uri, ref)], data: { replaceWith: KEY_PREFIX + ref.value },
      message: `Policy keys of custom policies are named with the prefix ${KEY_PREFIX} (the portal adds it when the key is created); '${ref.value}' will not be found.`,
    }];
  });
}
