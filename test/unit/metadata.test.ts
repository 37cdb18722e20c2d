import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  claimResolverUsage, claimResolvers, displayControlNotes, displayControls, enabledForUserJourneysDocs,
  enabledForUserJourneysValues, findClaimResolver, findKeyIdFact, findKind, findKinds, findMetadataKey,
  findMetadataKeyIgnoreCase, genericMetadata, kindById, KindRule, MetadataKey, otherPlaceholders, policyLevel,
  ProfileKind, profileKinds, Requirement, rulesForValue, referenceKinds, CORRECTIONS,
} from '../../server/src/service/data/metadata';

// Compiled to out/test/unit; the shared folder sits next to the repository root.
const repoRoot = path.resolve(__dirname, '../../..');
const sharedRoot = path.resolve(repoRoot, '../shared');
const reference = JSON.parse(fs.readFileSync(path.join(sharedRoot, 'reference/metadata-keys.json'), 'utf8'));
const starterPack = path.join(sharedRoot, 'corpus/starterpack');

interface JsonKey { key: string; required: string; condition?: string; values: string[] | string | null; default: string | null;
  summary: string; category?: string; deprecated?: boolean; observedOnly?: boolean; onlyInOlderDocRevision?: boolean }
interface JsonKeyId { id: string; required: string; condition?: string; observedOnly?: boolean; summary: string }
interface JsonRule { when?: Record<string, unknown>; requiresKeys?: string[]; requiresOneOf?: Record<string, string>[];
  requiresMetadata?: string[]; summary: string }
interface JsonKind { id: string; protocol: { name: string; handlerShort: string | null; handlerAliases?: string[];
  outputTokenFormat?: string }; metadata: JsonKey[]; cryptographicKeys: JsonKeyId[]; rules: JsonRule[] }

const jsonKinds: JsonKind[] = reference.kinds;

/** A kind as the reference documents it, before CORRECTIONS. */
function documented(id: string): ProfileKind {
  const found = referenceKinds.find(k => k.id === id);
  assert.ok(found, `kind ${id}`);
  return found;
}

function kind(id: string): ProfileKind {
  const found = kindById(id);
  assert.ok(found, `kind ${id}`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Facts survived
// ---------------------------------------------------------------------------------------------

test('every kind of the reference exists with its protocol, handler and token format', () => {
  assert.deepEqual(profileKinds.map(k => k.id), jsonKinds.map(k => k.id));
  for (const src of jsonKinds) {
    const ours = kind(src.id);
    assert.equal(ours.protocolName, src.protocol.name, src.id);
    assert.equal(ours.handler, src.protocol.handlerShort ?? undefined, src.id);
    assert.equal(ours.outputTokenFormat, src.protocol.outputTokenFormat, src.id);
    assert.deepEqual(ours.handlerAliases, src.protocol.handlerAliases?.map(h => h.split(',')[0].trim()), src.id);
    assert.ok(ours.title.length > 0 && ours.doc.length > 0, src.id);
  }
});

test('every Metadata key keeps its required flag, enumeration, format, default and flags', () => {
  for (const src of jsonKinds) {
    const ours = documented(src.id);
    assert.deepEqual(ours.metadata.map(m => m.key), src.metadata.map(m => m.key), src.id);
    for (const m of src.metadata) {
      const key = ours.metadata.find(k => k.key === m.key)!;
      const where = `${src.id}.${m.key}`;
      assert.equal(key.required, m.required, where);
      assert.equal(key.condition !== undefined, m.condition !== undefined, `${where} condition`);
      assert.deepEqual(key.values, Array.isArray(m.values) ? m.values : undefined, `${where} values`);
      assert.equal(key.valueFormat, typeof m.values === 'string' ? m.values : undefined, `${where} format`);
      assert.equal(key.default, m.default ?? undefined, `${where} default`);
      assert.equal(key.category, m.category, `${where} category`);
      assert.equal(key.deprecated, m.deprecated, `${where} deprecated`);
      assert.equal(key.observedOnly, m.observedOnly, `${where} observedOnly`);
      assert.equal(key.onlyInOlderDocRevision, m.onlyInOlderDocRevision, `${where} older revision`);
      assert.ok(key.doc.length > 20, `${where} doc`);
    }
  }
});

test('every enumerated key documents each of its values, and only those', () => {
  for (const k of profileKinds) {
    for (const m of [...k.metadata]) {
      if (m.values) {
        assert.deepEqual(Object.keys(m.valueDocs ?? {}).sort(), [...m.values].sort(), `${k.id}.${m.key}`);
      }
    }
  }
  for (const m of genericMetadata) {
    if (m.values) {
      assert.deepEqual(Object.keys(m.valueDocs ?? {}).sort(), [...m.values].sort(), m.key);
    }
  }
});

test('ranges are parsed from the documented formats', () => {
  const jwt = kind('jwt-issuer');
  assert.deepEqual(findMetadataKey(jwt, 'token_lifetime_secs')?.range, { min: 300, max: 86400 });
  assert.deepEqual(findMetadataKey(jwt, 'rolling_refresh_token_lifetime_secs')?.range, { min: 86400, max: 31536000 });
  assert.deepEqual(findMetadataKey(kind('relyingparty-saml'), 'RequestContextMaximumLengthInBytes')?.range, { max: 2048 });
  assert.deepEqual(findMetadataKey(kind('one-time-password'), 'CodeExpirationInSeconds')?.range, { min: 60, max: 1200 });
  assert.equal(findMetadataKey(kind('one-time-password'), 'CodeLength')?.valueType, 'integer');
  assert.equal(findMetadataKey(kind('restful'), 'DebugMode')?.valueType, 'boolean');
});

test('every CryptographicKeys Id keeps its required flag and condition', () => {
  for (const src of jsonKinds) {
    const ours = documented(src.id);
    assert.deepEqual(ours.cryptographicKeys.map(k => k.id), src.cryptographicKeys.map(k => k.id), src.id);
    for (const c of src.cryptographicKeys) {
      const fact = ours.cryptographicKeys.find(k => k.id === c.id)!;
      assert.equal(fact.required, c.required, `${src.id}/${c.id}`);
      assert.equal(fact.condition !== undefined, c.condition !== undefined, `${src.id}/${c.id} condition`);
      assert.equal(fact.observedOnly, c.observedOnly, `${src.id}/${c.id} observedOnly`);
    }
  }
});

test('RESTful has exactly its 14 keys and five authentication types', () => {
  const restful = documented('restful');
  assert.equal(restful.metadata.length, 14);
  assert.deepEqual([...findMetadataKey(restful, 'AuthenticationType')!.values!].sort(),
    ['ApiKeyHeader', 'Basic', 'Bearer', 'ClientCertificate', 'None']);
});

function requiredKeyIds(rule: KindRule): string[] {
  return (rule.requires ?? []).flatMap(r => (r.type === 'key' ? [r.id] : []));
}

test('RESTful AuthenticationType values map to the keys they need', () => {
  const restful = kind('restful');
  const keysFor = (value: string) => rulesForValue(restful, 'AuthenticationType', value).flatMap(requiredKeyIds).sort();
  assert.deepEqual(keysFor('None'), []);
  assert.ok(rulesForValue(restful, 'AuthenticationType', 'None').some(r => r.noKeysUsed));
  assert.deepEqual(keysFor('Basic'), ['BasicAuthenticationPassword', 'BasicAuthenticationUsername']);
  assert.deepEqual(keysFor('ClientCertificate'), ['ClientCertificate']);
  const bearer = rulesForValue(restful, 'AuthenticationType', 'Bearer').find(r => r.requiresOneOf)!;
  assert.deepEqual(bearer.requiresOneOf, [{ type: 'key', id: 'BearerAuthenticationToken' }, { type: 'metadata', key: 'UseClaimAsBearerToken' }]);
  const apiKey = rulesForValue(restful, 'AuthenticationType', 'ApiKeyHeader').flatMap(r => r.requires ?? []);
  assert.deepEqual(apiKey, [{ type: 'headerKey', count: 1 }]);
  const production = restful.rules.find(r => r.id === 'restful.auth.none.production')!;
  assert.deepEqual(production.requires, [{ type: 'metadata', key: 'AllowInsecureAuthInProduction', values: ['true'] }]);
});

/** JSON `when` → metadata key → { values, orAbsent }, for the rule shapes the rules engine can test. */
function jsonWhen(when: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, raw] of Object.entries(when)) {
    const list = (Array.isArray(raw) ? raw : [raw]).map(String);
    const values = list.filter(v => v !== '(absent)' && v !== '*').sort();
    out.set(key, `${values.join('|')}${list.includes('(absent)') ? '+absent' : ''}`);
  }
  return out;
}

function ourWhen(rule: KindRule): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of rule.when ?? []) {
    if (t.type === 'metadata') {
      out.set(t.key, `${[...(t.values ?? [])].sort().join('|')}${t.orAbsent ? '+absent' : ''}`);
    }
  }
  return out;
}

function flatRequirements(list: readonly Requirement[] | undefined): string[] {
  return (list ?? []).flatMap(r => {
    switch (r.type) {
      case 'key': return [`key:${r.id}`];
      case 'metadata': return [`metadata:${r.key}`];
      case 'allOf': return flatRequirements(r.of);
      default: return [];
    }
  }).sort();
}

test('every JSON rule that names required keys or metadata is encoded with the same condition', () => {
  for (const src of jsonKinds) {
    const ours = kind(src.id);
    for (const rule of src.rules) {
      const keys = (rule.requiresKeys ?? []).filter(k => !k.startsWith('<'));
      const oneOf = (rule.requiresOneOf ?? []).map(r => (r.key ? `key:${r.key}` : `metadata:${r.metadata}`)).sort();
      const meta = (rule.requiresMetadata ?? []).map(k => `metadata:${k}`);
      if (!rule.when || keys.length + oneOf.length + meta.length === 0) {
        continue;
      }
      const when = jsonWhen(rule.when);
      const isMetadataCondition = [...when.keys()].every(k => ours.metadata.some(m => m.key === k));
      const match = ours.rules.filter(r => !isMetadataCondition || JSON.stringify([...ourWhen(r)].sort()) === JSON.stringify([...when].sort()));
      const required = match.flatMap(r => flatRequirements(r.requires));
      const where = `${src.id} ${JSON.stringify(rule.when)}`;
      for (const k of keys) {
        assert.ok(required.includes(`key:${k}`), `${where} requires ${k}`);
      }
      for (const k of meta) {
        assert.ok(required.includes(k), `${where} requires ${k}`);
      }
      if (oneOf.length > 0) {
        assert.ok(match.some(r => JSON.stringify(flatRequirements(r.requiresOneOf)) === JSON.stringify(oneOf)), `${where} one of`);
      }
    }
  }
});

test('OpenID Connect and OAuth2 token-endpoint rules', () => {
  const oidc = kind('openidconnect');
  const code = oidc.rules.find(r => r.id === 'oidc.code.secret')!;
  assert.deepEqual(code.when, [
    { type: 'metadata', key: 'response_types', values: ['code'] },
    { type: 'metadata', key: 'token_endpoint_auth_method', values: ['client_secret_post', 'client_secret_basic'], orAbsent: true },
  ]);
  assert.deepEqual(rulesForValue(oidc, 'token_endpoint_auth_method', 'private_key_jwt').flatMap(requiredKeyIds), ['assertion_signing_key']);
  assert.deepEqual(rulesForValue(kind('oauth2'), 'token_endpoint_auth_method', 'client_secret_basic').flatMap(requiredKeyIds), ['client_secret']);
  const hint = kind('id-token-hint').rules.find(r => r.requiresOneOf)!;
  assert.deepEqual(flatRequirements(hint.requiresOneOf), ['key:client_secret', 'metadata:IdTokenAudience', 'metadata:METADATA', 'metadata:issuer']);
});

test('generic keys, claim resolvers, placeholders, display controls and policy-level facts survived', () => {
  assert.deepEqual(genericMetadata.map(g => [g.key, g.appliesTo, g.values, g.default]),
    reference.genericMetadata.map((g: { key: string; appliesTo: string[]; values: string[] | null; default: string | null }) =>
      [g.key, g.appliesTo, g.values ?? undefined, g.default ?? undefined]));
  assert.deepEqual(enabledForUserJourneysValues, reference.enabledForUserJourneysValues);
  assert.deepEqual(Object.keys(enabledForUserJourneysDocs), reference.enabledForUserJourneysValues);

  assert.equal(claimResolvers.length, 42);
  assert.deepEqual(claimResolvers.map(r => `{${r.name}}`), reference.claimResolvers.map((r: { resolver: string }) => r.resolver));
  assert.deepEqual(claimResolvers.map(r => r.category), reference.claimResolvers.map((r: { group: string }) => r.group));
  assert.deepEqual(claimResolverUsage.map(u => [u.where, u.elements, u.needs]),
    reference.claimResolverUsage.map((u: { where: string; elements: string[]; needs: string[] }) => [u.where, u.elements, u.needs]));
  for (const u of claimResolverUsage) {
    assert.ok(u.kindId === undefined || kindById(u.kindId), u.where);
  }
  assert.deepEqual(otherPlaceholders.map(p => p.placeholder), reference.otherPlaceholders.map((p: { placeholder: string }) => p.placeholder));
  for (const p of otherPlaceholders) {
    assert.ok(new RegExp(p.pattern).test(p.placeholder.replace('<name>', 'x')), p.placeholder);
  }

  assert.deepEqual(displayControls.map(d => [d.userInterfaceControlType, d.actions, d.controlClaimTypes]),
    reference.displayControls.map((d: { userInterfaceControlType: string; actions: string[]; controlClaimTypes: string[] }) =>
      [d.userInterfaceControlType, d.actions, d.controlClaimTypes]));
  assert.equal(displayControlNotes.length, reference.displayControlRules.length);

  assert.deepEqual(policyLevel.attributes.map(a => [a.name, a.required, a.values, a.default, a.pattern]),
    reference.policyLevel.attributes.map((a: { name: string; required: string; values?: string[]; default?: string; pattern?: string }) =>
      [a.name, a.required, a.values, a.default, a.pattern]));
  assert.deepEqual(policyLevel.attributes.find(a => a.name === 'DeploymentMode')?.values, ['Production', 'Development']);
  for (const b of policyLevel.relyingPartyBehaviors) {
    const raw = reference.policyLevel.relyingPartyBehaviors[b.name];
    assert.deepEqual(Array.isArray(raw) ? b.values : b.valueFormat, raw, b.name);
  }
  assert.equal(policyLevel.relyingPartyBehaviors.length, Object.keys(reference.policyLevel.relyingPartyBehaviors).length);
});

// ---------------------------------------------------------------------------------------------
// Our own words
// ---------------------------------------------------------------------------------------------

const RUN = 8;

function words(text: string): string[] {
  return text.toLowerCase().replace(/[`*"'()[\]]/g, '').split(/[^a-z0-9_.:{}<>/=-]+/).filter(w => w.length > 0);
}

function runs(text: string): string[] {
  const w = words(text);
  const out: string[] = [];
  for (let i = 0; i + RUN <= w.length; i++) {
    out.push(w.slice(i, i + RUN).join(' '));
  }
  return out;
}

/** Every string of the reference JSON that is prose (summaries, notes, conditions, rules). */
function referenceProse(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
  } else if (Array.isArray(value)) {
    value.forEach(v => referenceProse(v, out));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach(v => referenceProse(v, out));
  }
  return out;
}

function ourProse(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  const addKey = (where: string, m: MetadataKey) => {
    out.push({ where, text: m.doc });
    if (m.condition) out.push({ where: `${where} condition`, text: m.condition });
    for (const [v, doc] of Object.entries(m.valueDocs ?? {})) out.push({ where: `${where}=${v}`, text: doc });
  };
  for (const k of profileKinds) {
    out.push({ where: k.id, text: k.doc });
    k.metadata.forEach(m => addKey(`${k.id}.${m.key}`, m));
    k.cryptographicKeys.forEach(c => out.push({ where: `${k.id}/${c.id}`, text: `${c.doc} ${c.condition ?? ''}` }));
    k.rules.forEach(r => out.push({ where: `${k.id} rule ${r.id}`, text: r.doc }));
    (k.keyFamilies ?? []).forEach(f => out.push({ where: `${k.id} ${f.pattern}`, text: f.doc }));
  }
  genericMetadata.forEach(m => addKey(`generic.${m.key}`, m));
  claimResolvers.forEach(r => out.push({ where: r.name, text: r.doc }));
  otherPlaceholders.forEach(p => out.push({ where: p.placeholder, text: p.doc }));
  displayControls.forEach(d => out.push({ where: d.userInterfaceControlType, text: d.doc }));
  displayControlNotes.forEach((n, i) => out.push({ where: `display note ${i}`, text: n }));
  policyLevel.attributes.forEach(a => out.push({ where: a.name, text: a.doc }));
  policyLevel.relyingPartyBehaviors.forEach(b => out.push({ where: b.name, text: b.doc }));
  out.push({ where: 'basePolicy', text: policyLevel.basePolicyDoc });
  Object.entries(enabledForUserJourneysDocs).forEach(([v, doc]) => out.push({ where: `EnabledForUserJourneys=${v}`, text: doc }));
  return out;
}

test('no doc repeats the reference text: neither whole nor an 8-word run', () => {
  const prose = referenceProse(reference);
  const whole = new Set(prose.map(s => words(s).join(' ')).filter(s => s.split(' ').length >= 4));
  const grams = new Set(prose.flatMap(runs));
  const copied = ourProse().filter(({ text }) => whole.has(words(text).join(' ')) || runs(text).some(g => grams.has(g)));
  assert.deepEqual(copied.map(c => `${c.where}: ${c.text}`), []);
});

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

test('findKind recognises protocols, handlers and token formats', () => {
  const full = 'Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';
  assert.equal(findKind('Proprietary', full)?.id, 'restful');
  assert.equal(findKind('proprietary', 'web.tpengine.providers.restfulprovider')?.id, 'restful');
  assert.equal(findKind(undefined, full)?.id, 'restful');
  assert.equal(findKind('Proprietary', 'Web.TPEngine.Providers.AzureApplicationInsightsProvider, Web.TPEngine')?.id, 'application-insights');
  assert.equal(findKind('Proprietary', 'Web.TPEngine.Providers.Insights.AzureApplicationInsightsProvider')?.id, 'application-insights');
  assert.equal(findKind('Proprietary'), undefined);
  assert.equal(findKind('Proprietary', 'Web.TPEngine.Providers.NoSuchProvider'), undefined);
  assert.equal(findKind(), undefined);
  assert.equal(findKind('OpenIdConnect')?.id, 'openidconnect');
  assert.equal(findKind('OpenIdConnect', undefined, 'JWT')?.id, 'jwt-issuer');
  assert.equal(findKind('None', undefined, 'JWT')?.id, 'jwt-issuer');
  assert.equal(findKind('SAML2', undefined, 'SAML2')?.id, 'saml2-issuer');
  assert.equal(findKind('None', undefined, 'SAML2')?.id, 'saml2-issuer');
  assert.equal(findKind('SAML2')?.id, 'saml2-idp');
  assert.equal(findKind('OAuth2')?.id, 'oauth2');
  assert.equal(findKind('OAuth1')?.id, 'oauth1');
  assert.equal(findKind('OpenIdConnect', undefined, undefined, { relyingParty: true })?.id, 'relyingparty-oidc');
  assert.equal(findKind('SAML2', undefined, undefined, { relyingParty: true })?.id, 'relyingparty-saml');
  assert.ok(profileKinds.filter(k => k.relyingParty).every(k => findKinds(k.protocolName).every(c => !c.relyingParty)));
  // Protocol None is shared: the metadata present decides, the placeholder kind is the fallback.
  assert.deepEqual(findKinds('None').map(k => k.id).sort(), ['engine-default', 'id-token-hint']);
  assert.equal(findKind('None')?.id, 'engine-default');
  assert.equal(findKind('None', undefined, undefined, { metadataKeys: ['METADATA', 'IdTokenAudience'] })?.id, 'id-token-hint');
  assert.equal(findKind('None', undefined, undefined, { metadataKeys: ['url'] })?.id, 'engine-default');
  for (const k of profileKinds) {
    const found = findKind(k.protocolName, k.handler, k.outputTokenFormat, { relyingParty: k.relyingParty, metadataKeys: k.metadata.map(m => m.key) });
    assert.equal(found?.id, k.id, k.id);
  }
});

test('findMetadataKey: exact spelling, generic keys, key families; case-insensitive variant', () => {
  const restful = kind('restful');
  assert.equal(findMetadataKey(restful, 'ServiceUrl')?.required, 'yes');
  assert.equal(findMetadataKey(restful, 'serviceurl'), undefined);
  assert.equal(findMetadataKeyIgnoreCase(restful, 'serviceurl')?.key, 'ServiceUrl');
  assert.equal(findMetadataKey(restful, 'ClaimTypeOnWhichToEnable')?.references, 'ClaimType');
  assert.equal(findMetadataKey(restful, 'language.button_continue'), undefined);
  const selfAsserted = kind('self-asserted');
  assert.equal(findMetadataKey(selfAsserted, 'language.button_continue')?.family, 'language.<stringId>');
  assert.equal(findMetadataKey(selfAsserted, 'UserMessageIfClaimsPrincipalAlreadyExists')?.category, 'error-message');
  assert.equal(findMetadataKey(selfAsserted, 'ContentDefinitionReferenceId')?.references, 'ContentDefinition');
  assert.equal(findMetadataKey(kind('jwt-issuer'), 'RefreshTokenUserJourneyId')?.references, 'UserJourney');
  assert.equal(findMetadataKey(kind('engine-default'), 'url')?.observedOnly, true);
});

test('findKeyIdFact, findClaimResolver', () => {
  const restful = kind('restful');
  assert.equal(findKeyIdFact(restful, 'BasicAuthenticationUsername')?.condition, 'AuthenticationType=Basic');
  assert.equal(findKeyIdFact(restful, 'x-functions-key')?.id, '<HTTP header name>');
  assert.equal(findKeyIdFact(restful, 'not a header'), undefined);
  assert.equal(findKeyIdFact(kind('oauth2'), 'x-functions-key'), undefined);
  assert.equal(findClaimResolver('{Context:CorrelationId}')?.category, 'Context');
  assert.equal(findClaimResolver('OIDC:LoginHint')?.name, 'OIDC:LoginHint');
  assert.equal(findClaimResolver('{Claim:email}')?.name, 'Claim:<claimTypeId>');
  assert.equal(findClaimResolver('{OAUTH-KV:campaignId}')?.name, 'OAUTH-KV:<parameterName>');
  assert.equal(findClaimResolver('{oauth2:access_token}')?.partnerClaimTypeOnly, true);
  assert.equal(findClaimResolver('{Claim:}'), undefined);
  assert.equal(findClaimResolver('{Settings:Tenant}'), undefined);
});

// ---------------------------------------------------------------------------------------------
// The starter pack
// ---------------------------------------------------------------------------------------------

interface CorpusProfile {
  file: string;
  id: string;
  relyingParty: boolean;
  protocol?: { name?: string; handler?: string };
  outputTokenFormat?: string;
  include?: string;
  metadataKeys: string[];
  keyIds: string[];
}

function xmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? xmlFiles(full) : entry.name.endsWith('.xml') ? [full] : [];
  });
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];
}

function scanProfiles(): CorpusProfile[] {
  const out: CorpusProfile[] = [];
  for (const file of xmlFiles(starterPack)) {
    const text = fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    const rp = /<RelyingParty>[\s\S]*?<\/RelyingParty>/.exec(text);
    for (const m of text.matchAll(/<TechnicalProfile\s+Id="([^"]+)"[^>]*?(?:\/>|>([\s\S]*?)<\/TechnicalProfile>)/g)) {
      const body = m[2] ?? '';
      const protocol = /<Protocol\b[^>]*>/.exec(body)?.[0];
      out.push({
        file: path.relative(starterPack, file),
        id: m[1],
        relyingParty: rp !== null && m.index >= rp.index && m.index < rp.index + rp[0].length,
        protocol: protocol === undefined ? undefined : { name: attr(protocol, 'Name'), handler: attr(protocol, 'Handler') },
        outputTokenFormat: /<OutputTokenFormat>([^<]*)</.exec(body)?.[1],
        include: /<IncludeTechnicalProfile\s+ReferenceId="([^"]+)"/.exec(body)?.[1],
        metadataKeys: [...body.matchAll(/<Item\s+Key="([^"]+)"/g)].map(i => i[1]),
        keyIds: [...body.matchAll(/<Key\s+Id="([^"]+)"/g)].map(i => i[1]),
      });
    }
  }
  return out;
}

const corpus = scanProfiles();

test('the starter pack scan finds technical profiles', () => {
  assert.ok(corpus.length > 250, `found ${corpus.length}`);
  assert.ok(corpus.some(p => p.relyingParty));
});

test('every Protocol / Handler / OutputTokenFormat combination in the starter pack maps to a kind', () => {
  const unknown = corpus.filter(p => p.protocol)
    .filter(p => !findKind(p.protocol!.name, p.protocol!.handler, p.outputTokenFormat, { relyingParty: p.relyingParty, metadataKeys: p.metadataKeys }))
    .map(p => `${p.file} ${p.id}: ${JSON.stringify(p.protocol)} ${p.outputTokenFormat ?? ''}`);
  assert.deepEqual(unknown, []);
});

/**
 * The Protocol of a profile: its own, else that of a same-Id profile elsewhere in the pack (a child file
 * overriding a base profile), else that of the profile it includes.
 */
function resolveProtocol(profile: CorpusProfile, seen = new Set<string>()): CorpusProfile | undefined {
  if (profile.protocol) {
    return profile;
  }
  if (seen.has(profile.id)) {
    return undefined;
  }
  seen.add(profile.id);
  const sameId = corpus.find(p => p.id === profile.id && p.relyingParty === profile.relyingParty && p.protocol);
  if (sameId) {
    return sameId;
  }
  const base = corpus.find(p => p.id === profile.id && p.include) ?? profile;
  const included = base.include === undefined ? undefined : corpus.find(p => p.id === base.include && !p.relyingParty);
  return included && resolveProtocol(included, seen);
}

function kindOf(profile: CorpusProfile): ProfileKind | undefined {
  const source = resolveProtocol(profile);
  if (!source) {
    return undefined;
  }
  const format = profile.outputTokenFormat ?? source.outputTokenFormat;
  return findKind(source.protocol!.name, source.protocol!.handler, format, { relyingParty: profile.relyingParty, metadataKeys: profile.metadataKeys });
}

test('every Metadata key and Key Id used in the starter pack is known for its kind', () => {
  const missing: string[] = [];
  const unresolved: string[] = [];
  for (const p of corpus) {
    if (p.metadataKeys.length + p.keyIds.length === 0) {
      continue;
    }
    const k = kindOf(p);
    if (!k) {
      unresolved.push(`${p.file} ${p.id}`);
      continue;
    }
    for (const key of p.metadataKeys) {
      if (!findMetadataKey(k, key)) missing.push(`${k.id}: Metadata ${key} (${p.file} ${p.id})`);
    }
    for (const id of p.keyIds) {
      if (!findKeyIdFact(k, id)) missing.push(`${k.id}: Key ${id} (${p.file} ${p.id})`);
    }
  }
  assert.deepEqual(missing, []);
  assert.deepEqual(unresolved, []);
});

test('observed-only facts are exactly the ones the starter pack uses beyond the articles', () => {
  const used = new Set(corpus.flatMap(p => {
    const k = kindOf(p);
    return k ? p.metadataKeys.map(key => `${k.id}.${key}`) : [];
  }));
  for (const k of referenceKinds) {
    for (const m of k.metadata.filter(m => m.observedOnly)) {
      assert.ok(used.has(`${k.id}.${m.key}`), `${k.id}.${m.key} is marked observedOnly but unused in the starter pack`);
    }
  }
});

test('every correction names its source and applies to a fact that exists (or adds one that does not)', () => {
  for (const c of CORRECTIONS) {
    const where = `${c.kind} ${JSON.stringify(c).slice(0, 80)}`;
    assert.match(c.source, /\.md\b|\.xml:\d+/, `${where}: a Microsoft Learn article or a corpus file:line`);
    const fileRef = /^([\w./ -]+\.xml):(\d+)/.exec(c.source);
    if (fileRef) {
      const lines = fs.readFileSync(path.join(sharedRoot, 'corpus', fileRef[1]), 'utf8').split('\n');
      assert.ok(Number(fileRef[2]) <= lines.length, `${where}: line ${fileRef[2]} exists`);
    }
    const before = documented(c.kind), after = kind(c.kind);
    if ('patch' in c) assert.ok(before.metadata.some(m => m.key === c.key), `${where}: patches a documented key`);
    if ('add' in c) {
      assert.ok(!before.metadata.some(m => m.key.toLowerCase() === c.add.key.toLowerCase()), `${where}: adds a new key`);
      assert.equal(findMetadataKey(after, c.add.key)?.doc, c.add.doc);
      assert.notEqual(c.add.required, 'yes', `${where}: an added key is never reported missing`);
    }
    if ('addFamily' in c) assert.equal(findMetadataKey(after, `${c.addFamily.prefix}Example`)?.family, c.addFamily.pattern);
    if ('keyId' in c) assert.ok(before.cryptographicKeys.some(k => k.id === c.keyId), `${where}: patches a documented key Id`);
  }
});

test('the keys Microsoft\'s own policies and articles use are known to their kinds', () => {
  const known: Array<[string, string]> = [
    ['azure-active-directory', 'api-version'], ['openidconnect', 'grant_type'], ['restful', 'HttpBinding'],
    ['one-time-password', 'MaxNumAttempts'], ['one-time-password', 'UserMessage.InvalidCode'], ['self-asserted', 'DateTimeGreaterThan'],
    ['self-asserted', 'AssertNumberError'], ['oauth2', 'UserAgentForClaimsExchange'], ['relyingparty-saml', 'PartnerEntity'],
    ['jwt-issuer', 'ClientCredentialsUserJourneyId'],
  ];
  for (const [id, key] of known) assert.ok(findMetadataKey(kind(id), key), `${id}.${key}`);
  assert.equal(kind('saml2-issuer').cryptographicKeys.find(k => k.id === 'MetadataSigning')?.required, 'no');
  assert.equal(documented('saml2-issuer').cryptographicKeys.find(k => k.id === 'MetadataSigning')?.required, 'yes');
});
