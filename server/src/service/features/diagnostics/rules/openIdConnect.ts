/**
 * OpenID Connect and OAuth2 identity-provider profiles (B30x): which client credentials the token
 * request needs, from the kinds' rules in data/metadata.ts, and settings that only make sense together.
 * Required Metadata (client_id, METADATA, ...) and enumerations are judged by the Metadata family.
 */
import { Finding } from './ruleSupport';
import { ProfileRules, ProfileSubject, isKind, itemParts, valueOf } from './profiles';
import { RuleBindings, evaluateKindRules } from './kindRules';
import { quoteValue } from '../../../model/quoting';

export const OIDC_KINDS: ReadonlySet<string> = new Set(['openidconnect', 'oauth2']);

export const OIDC_BINDINGS: RuleBindings = {
  'oidc.code.secret': { code: 'B301' },
  'oauth2.secret': { code: 'B301' },
  'oidc.privateKeyJwt': { code: 'B302' },
  'oauth2.privateKeyJwt': { code: 'B302' },
};

export const openIdConnectRules: ProfileRules = {
  merged: (s) => OIDC_KINDS.has(s.kind?.id ?? '') ? [...evaluateKindRules(s, OIDC_BINDINGS), ...signingAlgorithmAlone(s)] : [],
};

/** token_signing_algorithm signs the private_key_jwt client assertion and does nothing with any other method. */
function signingAlgorithmAlone(s: ProfileSubject): Finding[] {
  if (valueOf(s, 'token_signing_algorithm') === undefined) return [];
  const method = valueOf(s, 'token_endpoint_auth_method');
  if (method?.toLowerCase() === 'private_key_jwt') return [];
  const shown = method ? quoteValue(method) : `'client_secret_post' (the default)`;
  const kind = isKind(s, 'oauth2') ? 'OAuth2' : 'OpenID Connect';
  return [{
    code: 'B303', parts: itemParts(s, 'token_signing_algorithm', 'token_endpoint_auth_method'),
    message: `token_signing_algorithm only applies to private_key_jwt, but this ${kind} profile authenticates with ${shown}; remove it or switch the method.`,
  }];
}
