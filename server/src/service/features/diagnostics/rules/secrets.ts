/**
 * Secrets (B31x): credentials written into the policy text instead of a policy key, and policy-key
 * references that do not use the B2C_1A_ prefix every custom-policy key gets when it is created.
 */
import { ProfileKind, documentedKeys, findMetadataKeyIgnoreCase } from '../../../data/metadata';
import { MetadataItem } from '../../../model/policyFile';
import { Finding, nearest, partOf } from './ruleSupport';
import { ProfileRules, ProfileSubject, ownItemPart } from './profiles';
import { isPlaceholder } from './placeholders';
import { quoteValue } from '../../../model/quoting';

/**
 * Values that are credentials whatever the key is called: as pasted from an Authorization header, a compact
 * JWT, or a PEM private key. A key's name is no evidence: `setting.forgotPasswordLinkLocation`,
 * `ClientCredentialsUserJourneyId` and `BearerTokenTransmissionMethod` are documented settings.
 */
const SECRET_VALUES: ReadonlyArray<{ readonly shape: RegExp; readonly why: string; readonly restfulKey?: string }> = [
  { shape: /^Bearer\s+\S{6,}$/i, why: 'holds a literal bearer token', restfulKey: 'BearerAuthenticationToken' },
  { shape: /^Basic\s+[A-Za-z0-9+/]{8,}={0,2}$/i, why: 'holds literal Basic credentials', restfulKey: 'BasicAuthenticationPassword' },
  { shape: /^eyJ[\w-]{8,}\.eyJ[\w-]{4,}\.[\w-]{8,}$/, why: 'holds a literal JSON Web Token' },
  { shape: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, why: 'holds a private key' },
];
const KEY_PREFIX = 'B2C_1A_';

export const secretRules: ProfileRules = {
  items: (s) => [...plainSecrets(s), ...keyPrefixes(s)],
};

/**
 * What secret, if any, a Metadata item carries in plain text, and the Key Id it should move to. Two kinds of
 * evidence: the value's shape, and a key the kind documents as a CryptographicKeys entry (e.g. `client_secret`
 * of OpenID Connect, `BasicAuthenticationPassword` of RESTful), written as Metadata instead. A placeholder the
 * build replaces is not judged, nor is a near miss of a documented Metadata key (that is a typo, B401).
 */
export function plainSecret(kind: ProfileKind | undefined, m: MetadataItem): { keyId: string; why: string } | undefined {
  const value = m.value.value.trim();
  if (!value || isPlaceholder(value)) return undefined;
  const asKey = kind?.cryptographicKeys.find((k) => !k.idPattern && k.id.toLowerCase() === m.key.value.toLowerCase());
  if (asKey && !findMetadataKeyIgnoreCase(kind!, m.key.value)) return { keyId: asKey.id, why: `is a CryptographicKeys entry of ${kind!.title} profiles, and its value is` };
  if (kind && !findMetadataKeyIgnoreCase(kind, m.key.value) && nearest(m.key.value, documentedKeys(kind))) return undefined;
  const shape = SECRET_VALUES.find((v) => v.shape.test(value));
  if (!shape) return undefined;
  return { keyId: (kind?.id === 'restful' && shape.restfulKey) || m.key.value, why: shape.why };
}

function plainSecrets(s: ProfileSubject): Finding[] {
  return s.own.metadata.flatMap((m) => {
    const secret = plainSecret(s.kind, m);
    if (!secret) return [];
    return [{
      code: 'B310', parts: [ownItemPart(s, m)], data: { moveToKey: secret.keyId },
      message: `The Metadata item ${quoteValue(m.key.value)} ${secret.why} written in plain text. Store it as a policy key and reference it from CryptographicKeys (<Key Id="${secret.keyId}" StorageReferenceId="${KEY_PREFIX}..."/>).`,
    }];
  });
}

function keyPrefixes(s: ProfileSubject): Finding[] {
  return s.own.keys.flatMap((k) => {
    const ref = k.storageReferenceId;
    if (!ref || !ref.value || ref.value.includes('{') || ref.value.toUpperCase().startsWith(KEY_PREFIX.toUpperCase())) return [];
    return [{
      code: 'B311', parts: [partOf(s.ctx.file.uri, ref)], data: { replaceWith: KEY_PREFIX + ref.value },
      message: `Policy keys of custom policies are named with the prefix ${KEY_PREFIX} (the portal adds it when the key is created); ${quoteValue(ref.value)} will not be found.`,
    }];
  });
}
