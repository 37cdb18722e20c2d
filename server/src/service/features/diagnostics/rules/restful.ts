/**
 * RESTful technical profiles (B2xx): authentication type and its keys, the production escape hatch,
 * the service address, and how claims are sent. Key requirements come from the kind's rules in data/metadata.ts.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ProfileKind, kindById, rulesForValue } from '../../../data/metadata';
import { idKey } from '../../../model/policyFile';
import { Finding, quoteList, nearest } from './ruleSupport';
import { ProfileRules, ProfileSubject, isKind, item, itemParts, keyPart, ownItemPart, valueOf } from './profiles';
import { RuleBindings, evaluateKindRules } from './kindRules';
import { isPlaceholder, productionMode } from './placeholders';
import { quoteValue } from '../../../model/quoting';

export const RESTFUL_BINDINGS: RuleBindings = {
  'restful.auth.none.production': { code: 'B202', custom: true },
  'restful.allowInsecure': { code: 'B203', custom: true },
  'restful.auth.basic': { code: 'B204' },
  'restful.auth.clientCertificate': { code: 'B205' },
  'restful.auth.bearer': { code: 'B206' },
  'restful.bearerClaim.input': { code: 'B207' },
  'restful.auth.apiKeyHeader': { code: 'B209' },
  'restful.payloadClaim#inputClaimFromMetadata': { code: 'B216' },
  'restful.payloadClaim#metadata': { code: 'B217' },
  'restful.serviceUrl.http': { code: 'B213', custom: true },
};

/** Metadata whose values this family judges itself (the generic enumeration check leaves them alone). */
export const RESTFUL_OWN_VALUES: ReadonlySet<string> = new Set(['AuthenticationType']);

const AUTH = 'AuthenticationType';
const restfulKind = (): ProfileKind => kindById('restful')!;

export const restfulRules: ProfileRules = {
  items: (s) => isKind(s, 'restful') ? [...authTypeValue(s), ...serviceUrlShape(s)] : [],
  merged: (s) => isKind(s, 'restful')
    ? [...unauthenticated(s), ...plainHttp(s), ...evaluateKindRules(s, RESTFUL_BINDINGS), ...headerKeyNames(s), ...unusedKeys(s), ...bearerClaimSource(s)]
    : [],
};

function ownItems(s: ProfileSubject, key: string) {
  return s.own.metadata.filter((m) => m.key.value === key);
}

/** The documented AuthenticationType values. */
function authValues(): readonly string[] {
  return restfulKind().metadata.find((m) => m.key === AUTH)?.values ?? [];
}

/** The effective AuthenticationType spelled as documented; 'None' when absent; undefined when unknown. */
function effectiveAuth(s: ProfileSubject): string | undefined {
  const v = valueOf(s, AUTH);
  if (v === undefined || v === '') return 'None';
  return authValues().find((a) => a.toLowerCase() === v.toLowerCase());
}

function authTypeValue(s: ProfileSubject): Finding[] {
  return ownItems(s, AUTH).flatMap((m) => {
    const v = m.value.value.trim();
    if (!v || isPlaceholder(v) || authValues().some((a) => a.toLowerCase() === v.toLowerCase())) return [];
    const guess = nearest(v, authValues());
    return [{
      code: 'B212', parts: [ownItemPart(s, m)], data: guess ? { replaceWith: guess } : undefined,
      message: `${quoteValue(v)} is not an AuthenticationType. Use one of ${quoteList(authValues())}${guess ? ` (did you mean '${guess}'?)` : ''}.`,
    }];
  });
}

function serviceUrlShape(s: ProfileSubject): Finding[] {
  return ownItems(s, 'ServiceUrl').flatMap((m) => {
    const v = m.value.value.trim();
    if (isUsableUrl(v)) return [];
    const what = v ? `${quoteValue(v)} is not an absolute http(s) address` : 'ServiceUrl is empty';
    return [{ code: 'B215', parts: [ownItemPart(s, m)], message: `${what}; give a full https:// URL, or a {Settings:...} or {claim} template.` }];
  });
}

/** An absolute http(s) URL once `{...}` templates stand in for text, or a value that is a template as a whole. */
export function isUsableUrl(value: string): boolean {
  if (/^\{[^{}]+\}/.test(value)) return true;
  const filled = value.replace(/\{[^{}]*\}/g, 'x');
  if (!/^https?:\/\/[^\s/?#]+/i.test(filled)) return false;
  try {
    new URL(filled);
    return true;
  } catch {
    return false;
  }
}

/**
 * An API called without authentication (effective AuthenticationType None or absent). The service honours
 * AllowInsecureAuthInProduction only then, so the escape hatch is judged here, on the merged profile: with it,
 * the one finding is B203 (whatever the mode); without it, B202 in production and B201 in development.
 * On any other type the item does nothing and is not reported.
 */
function unauthenticated(s: ProfileSubject): Finding[] {
  if (effectiveAuth(s) !== 'None') return [];
  const parts = itemParts(s, AUTH);
  const how = item(s, AUTH) ? 'AuthenticationType is None' : 'AuthenticationType is not set';
  const allowInsecure = valueOf(s, 'AllowInsecureAuthInProduction');
  if (allowInsecure?.toLowerCase() === 'true') {
    return [{
      code: 'B203', parts: [...itemParts(s, 'AllowInsecureAuthInProduction'), ...parts],
      message: `${how} and AllowInsecureAuthInProduction is true: even a production policy calls this API without authentication. Secure the API and remove this item.`,
    }];
  }
  // A placeholder in the escape hatch or in DeploymentMode leaves the mode unknown: the warning, not the error.
  if (!isPlaceholder(allowInsecure) && productionMode(s.ctx, s.view) === true) {
    return [{
      code: 'B202', parts, data: { addAuthentication: true },
      message: `${how}, and a policy in production mode refuses to call an API without authentication. Choose Basic, Bearer, ClientCertificate or ApiKeyHeader (or set DeploymentMode="Development" while developing).`,
    }];
  }
  return [{ code: 'B201', parts, message: `${how}: the API is called without any authentication.` }];
}

function plainHttp(s: ProfileSubject): Finding[] {
  if (!valueOf(s, 'ServiceUrl')?.toLowerCase().startsWith('http://')) return [];
  const auth = effectiveAuth(s);
  if (auth && auth !== 'None') {
    return [{ code: 'B213', parts: itemParts(s, 'ServiceUrl', AUTH), message: `ServiceUrl uses http://, so the ${auth} credentials would travel unencrypted; use https://.` }];
  }
  return [{ code: 'B214', parts: itemParts(s, 'ServiceUrl'), message: 'ServiceUrl uses http://: claims travel unencrypted; use https://.' }];
}

function headerKeyNames(s: ProfileSubject): Finding[] {
  if (effectiveAuth(s) !== 'ApiKeyHeader') return [];
  const pattern = restfulKind().cryptographicKeys.find((k) => k.idPattern)?.idPattern;
  if (!pattern) return [];
  const re = new RegExp(pattern);
  return [...s.merged.keys.values()].filter((k) => !re.test(k.value.id?.value ?? '')).map((k) => ({
    code: 'B210', parts: [keyPart(k), ...itemParts(s, AUTH)],
    message: `With ApiKeyHeader the key's Id is sent as an HTTP header name, and ${quoteValue(k.value.id?.value ?? '')} is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only).`,
  }));
}

/** Key Ids the authentication type reads (from the kind's rules); '*' when any Id may be used (header keys). */
export function keysUsedBy(kind: ProfileKind, auth: string): ReadonlySet<string> {
  const used = new Set<string>();
  for (const rule of rulesForValue(kind, AUTH, auth)) {
    for (const r of [...(rule.requires ?? []), ...(rule.requiresOneOf ?? [])]) {
      if (r.type === 'key') used.add(idKey(r.id));
      if (r.type === 'headerKey') used.add('*');
    }
  }
  return used;
}

function unusedKeys(s: ProfileSubject): Finding[] {
  const auth = effectiveAuth(s);
  if (!auth || !s.kind) return [];
  const used = keysUsedBy(s.kind, auth);
  if (used.has('*')) return [];
  return [...s.merged.keys.entries()].filter(([k]) => !used.has(k)).map(([, k]) => ({
    code: 'B211', parts: [keyPart(k), ...itemParts(s, AUTH)], severity: DiagnosticSeverity.Warning,
    message: `The key ${quoteValue(k.value.id?.value ?? '')} is not used with AuthenticationType ${auth}${used.size ? `, which reads ${[...used].map((u) => `'${restfulKeyName(u)}'`).join(' and ')}` : ''}.`,
  }));
}

function restfulKeyName(lower: string): string {
  return restfulKind().cryptographicKeys.find((k) => idKey(k.id) === lower)?.id ?? lower;
}

/** A bearer-token claim that no profile in the chain ever outputs cannot hold a token at run time. */
function bearerClaimSource(s: ProfileSubject): Finding[] {
  const claim = valueOf(s, 'UseClaimAsBearerToken');
  if (!claim || effectiveAuth(s) !== 'Bearer') return [];
  const key = idKey(claim);
  for (const defs of s.ctx.index.visible(s.view, 'TechnicalProfile').values()) {
    for (const d of defs) if (d.item.detail?.type === 'profile' && d.item.detail.outputClaims.some((c) => idKey(c.id.value) === key)) return [];
  }
  return [{ code: 'B208', parts: itemParts(s, 'UseClaimAsBearerToken'), message: `No technical profile in this policy's chain outputs the claim ${quoteValue(claim)}, so the bearer token may be empty at run time.` }];
}
