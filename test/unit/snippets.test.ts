import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser, Document, Element } from '@xmldom/xmldom';
import {
  SNIPPET_PLACEMENTS,
  expandSnippet,
  expandedSnippetPolicies,
  loadSnippets,
  policyWithSnippet,
  repoRoot,
  snippetChoices,
  snippetTabStops,
  starterPackDir,
} from '../helpers/snippets';

const RESTFUL_HANDLER =
  'Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';

/** Parses XML and returns every warning or error xmldom reports, as text. */
function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const parser = new DOMParser({ onError: (level, message) => void problems.push(`${level}: ${message}`) });
  try {
    parser.parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
  } catch (e) {
    problems.push(`fatal: ${(e as Error).message}`);
  }
  return problems;
}

function parse(text: string): Document {
  return new DOMParser().parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
}

function elements(doc: Document, name: string): Element[] {
  return Array.from(doc.getElementsByTagName(name));
}

test('expander: tab stops, placeholders, choices, mirrors and escapes', () => {
  const cases: [string, string][] = [
    ['a$1b$0c', 'abc'],
    ['${1:x}-$1', 'x-x'],
    ['$1-${1:late}', 'late-late'],
    ['${1|Body,Form|}', 'Body'],
    ['${1:outer ${2:inner}} $2', 'outer inner inner'],
    ['\\$1 \\} \\\\ $', '$1 } \\ $'],
    ['${1:{0\\}}', '{0}'],
    ['${1|a\\,b,c|}', 'a,b'],
    ['${1}${2:two}', 'two'],
    ['cost: $ 5', 'cost: $ 5'],
  ];
  const actual = cases.map(([body]) => `${body} => ${expandSnippet(body)}`).join('\n');
  const expected = cases.map(([body, out]) => `${body} => ${out}`).join('\n');
  assert.equal(actual, expected);
  assert.equal(expandSnippet('${1:a} ${2|x,y|} $1', { 1: 'z', 2: 'y' }), 'z y z');
  assert.throws(() => expandSnippet('${1:open'), /not closed/);
  assert.throws(() => expandSnippet('$TM_FILENAME'), /variables/);
});

test('snippets: manifest entry, prefixes and descriptions', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.snippets, [{ language: 'xml', path: './snippets/b2c-policy.code-snippets' }]);
  const snippets = loadSnippets();
  const prefixes = snippets.map((s) => s.prefix);
  assert.equal(new Set(prefixes).size, prefixes.length, 'prefixes are unique');
  for (const s of snippets) {
    assert.match(s.prefix, /^b2c-[a-z0-9-]+$/, s.name);
    assert.ok(s.description.length > 20, `${s.prefix} has a description`);
    assert.ok(snippetTabStops(s.body).some((i) => i > 0), `${s.prefix} has tab stops`);
    assert.ok(!/ {2}/.test(s.body.replace(/"[^"]*"/g, '')), `${s.prefix} indents with tabs only`);
  }
  assert.deepEqual(prefixes.slice().sort(), Object.keys(SNIPPET_PLACEMENTS).sort(), 'every snippet has a placement');
});

test('snippets: each body is well-formed XML on its own, for every choice', () => {
  const problems: string[] = [];
  for (const s of loadSnippets()) {
    const variants: Record<number, string>[] = [{}];
    for (const { index, choices } of snippetChoices(s.body)) {
      for (const choice of choices.slice(1)) variants.push({ [index]: choice });
    }
    for (const values of variants) {
      const xml = `<Root>${expandSnippet(s.body, values)}</Root>`;
      for (const p of xmlProblems(xml)) problems.push(`${s.prefix} ${JSON.stringify(values)}: ${p}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('snippets: expanded into the starter pack, every policy is well-formed', () => {
  const policies = expandedSnippetPolicies();
  assert.equal(policies.length, loadSnippets().length);
  const problems = policies.flatMap((p) => xmlProblems(p.text).map((m) => `${p.name}: ${m}`));
  assert.deepEqual(problems, []);
  for (const p of policies) {
    assert.ok(p.text.startsWith('\uFEFF'), `${p.name} keeps the byte-order mark of the host file`);
    assert.doesNotMatch(p.text, /\$(\d|\{\d)/, `${p.name} has no leftover snippet syntax`);
  }
});

// Definitions the snippets may refer to: the starter pack's chain plus the expanded policy.
function definitions(docs: Document[]): Map<string, Set<string>> {
  const defs = new Map<string, Set<string>>();
  const add = (kind: string, id: string | null): void => {
    if (!id) return;
    if (!defs.has(kind)) defs.set(kind, new Set());
    defs.get(kind)!.add(id.toLowerCase());
  };
  for (const doc of docs) {
    for (const kind of ['ClaimType', 'TechnicalProfile', 'ClaimsTransformation', 'ContentDefinition']) {
      for (const el of elements(doc, kind)) add(kind, el.getAttribute('Id'));
    }
  }
  return defs;
}

function references(doc: Document): [kind: string, id: string, where: string][] {
  const refs: [string, string, string][] = [];
  const walk = (el: Element): void => {
    const attr = (name: string): string | null => (el.hasAttribute(name) ? el.getAttribute(name) : null);
    const push = (kind: string, id: string | null): void => void (id && refs.push([kind, id, el.tagName]));
    push('ClaimType', attr('ClaimTypeReferenceId'));
    push('TechnicalProfile', attr('TechnicalProfileReferenceId'));
    push('ContentDefinition', attr('ContentDefinitionReferenceId'));
    if (/^(UseTechnicalProfileForSessionManagement|ValidationTechnicalProfile|IncludeTechnicalProfile)$/.test(el.tagName)) {
      push('TechnicalProfile', attr('ReferenceId'));
    }
    if (/^(Input|Output)ClaimsTransformation$/.test(el.tagName)) push('ClaimsTransformation', attr('ReferenceId'));
    if (el.tagName === 'UseClaimAsBearerToken') push('ClaimType', el.textContent);
    if (el.tagName === 'Item' && el.getAttribute('Key') === 'UseClaimAsBearerToken') push('ClaimType', el.textContent);
    if (el.tagName === 'Precondition') {
      const first = Array.from(el.getElementsByTagName('Value'))[0];
      if (first) push('ClaimType', first.textContent);
    }
    for (const child of Array.from(el.childNodes)) if (child.nodeType === 1) walk(child as Element);
  };
  if (doc.documentElement) walk(doc.documentElement);
  return refs;
}

function unresolvedReferences(policy: string): string[] {
  const chain = ['TrustFrameworkBase.xml', 'TrustFrameworkLocalization.xml'].map((f) =>
    parse(fs.readFileSync(path.join(starterPackDir(), f), 'utf8')),
  );
  const doc = parse(policy);
  const defs = definitions([...chain, doc]);
  return references(doc)
    .filter(([kind, id]) => !defs.get(kind)?.has(id.toLowerCase()))
    .map(([kind, id, where]) => `${where} -> ${kind} ${id}`);
}

test('snippets: with default values, every reference resolves in the starter-pack chain', () => {
  const unresolved = expandedSnippetPolicies().flatMap((p) => unresolvedReferences(p.text).map((u) => `${p.name}: ${u}`));
  assert.deepEqual(unresolved, []);
  // The check itself notices a claim, profile or transformation that does not exist.
  assert.deepEqual(unresolvedReferences(policyWithSnippet('b2c-rest-basic', { 7: 'noSuchClaim' })), [
    'InputClaim -> ClaimType noSuchClaim',
  ]);
  assert.deepEqual(unresolvedReferences(policyWithSnippet('b2c-validationtechnicalprofile', { 1: 'REST-Missing' })), [
    'ValidationTechnicalProfile -> TechnicalProfile REST-Missing',
  ]);
  assert.deepEqual(unresolvedReferences(policyWithSnippet('b2c-precondition-claimsexist', { 2: 'ghost' })), [
    'Precondition -> ClaimType ghost',
  ]);
});

interface KindFacts {
  id: string;
  protocol: { name: string; handler?: string };
  metadata: { key: string; required: string; values: string[] | string | null }[];
}

function loadKinds(): KindFacts[] {
  const file = path.join(repoRoot(), '..', 'shared', 'reference', 'metadata-keys.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { kinds: KindFacts[] }).kinds;
}

function metadataOf(tp: Element): Map<string, string> {
  const items = new Map<string, string>();
  for (const item of Array.from(tp.getElementsByTagName('Item'))) {
    items.set(item.getAttribute('Key') ?? '', item.textContent ?? '');
  }
  return items;
}

function keyIdsOf(tp: Element): string[] {
  return Array.from(tp.getElementsByTagName('Key')).map((k) => k.getAttribute('Id') ?? '');
}

/** The documented rule for each AuthenticationType, as the key Ids a profile must carry. */
function authProblems(items: Map<string, string>, keys: string[]): string[] {
  const auth = items.get('AuthenticationType');
  const needs: Record<string, (k: string[]) => boolean> = {
    Basic: (k) => k.includes('BasicAuthenticationUsername') && k.includes('BasicAuthenticationPassword'),
    ClientCertificate: (k) => k.includes('ClientCertificate'),
    Bearer: (k) => k.includes('BearerAuthenticationToken') || items.has('UseClaimAsBearerToken'),
    ApiKeyHeader: (k) => k.length === 1 && /^[A-Za-z0-9-]+$/.test(k[0]),
  };
  const problems: string[] = [];
  if (!auth || !needs[auth]) problems.push(`AuthenticationType ${auth} is not a secured type`);
  else if (!needs[auth](keys)) problems.push(`keys ${keys.join(',')} do not fit AuthenticationType ${auth}`);
  if (items.get('AllowInsecureAuthInProduction') !== 'false') problems.push('AllowInsecureAuthInProduction is not false');
  if (!/^https:\/\//.test(items.get('ServiceUrl') ?? '')) problems.push('ServiceUrl is not https');
  return problems;
}

test('snippets: metadata keys and values follow the reference, REST profiles are secured', () => {
  const kinds = new Map(loadKinds().map((k) => [k.id, k]));
  const problems: string[] = [];
  for (const s of loadSnippets()) {
    const variants: Record<number, string>[] = [{}];
    for (const { index, choices } of snippetChoices(s.body)) {
      for (const choice of choices.slice(1)) variants.push({ [index]: choice });
    }
    for (const values of variants) {
      const doc = parse(policyWithSnippet(s.prefix, values));
      for (const tp of elements(doc, 'TechnicalProfile')) {
        const protocol = Array.from(tp.getElementsByTagName('Protocol'))[0];
        if (!protocol) continue;
        const name = protocol.getAttribute('Name');
        const kind = name === 'Proprietary' ? kinds.get('restful') : name === 'OpenIdConnect' ? kinds.get('openidconnect') : undefined;
        if (!kind) continue;
        const label = `${s.prefix} ${tp.getAttribute('Id')} ${JSON.stringify(values)}`;
        if (kind.id === 'restful' && protocol.getAttribute('Handler') !== RESTFUL_HANDLER) problems.push(`${label}: handler`);
        const items = metadataOf(tp);
        for (const [key, value] of items) {
          const fact = kind.metadata.find((m) => m.key === key);
          if (!fact) problems.push(`${label}: unknown metadata key ${key}`);
          else if (Array.isArray(fact.values) && !fact.values.includes(value)) problems.push(`${label}: ${key}=${value}`);
        }
        for (const fact of kind.metadata.filter((m) => m.required === 'yes')) {
          if (!items.has(fact.key)) problems.push(`${label}: missing required ${fact.key}`);
        }
        for (const key of Array.from(tp.getElementsByTagName('Key'))) {
          if (!/^B2C_1A_\w+$/.test(key.getAttribute('StorageReferenceId') ?? '')) problems.push(`${label}: StorageReferenceId`);
        }
        if (kind.id === 'restful') problems.push(...authProblems(items, keyIdsOf(tp)).map((p) => `${label}: ${p}`));
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('snippets: the client-credentials pair passes the token claim from one profile to the other', () => {
  const doc = parse(policyWithSnippet('b2c-rest-bearer-clientcredentials'));
  const [token, api] = elements(doc, 'TechnicalProfile').filter((tp) => /^REST-/.test(tp.getAttribute('Id') ?? ''));
  const out = Array.from(token.getElementsByTagName('OutputClaim')).map(
    (c) => `${c.getAttribute('ClaimTypeReferenceId')}<-${c.getAttribute('PartnerClaimType')}`,
  );
  assert.deepEqual(out, ['bearerToken<-access_token']);
  const tokenItems = metadataOf(token);
  assert.equal(tokenItems.get('SendClaimsIn'), 'Form');
  assert.match(tokenItems.get('ServiceUrl') ?? '', /\/oauth2\/v2\.0\/token$/);
  const grant = Array.from(token.getElementsByTagName('InputClaim')).map(
    (c) => `${c.getAttribute('ClaimTypeReferenceId')}=${c.getAttribute('DefaultValue')}`,
  );
  assert.deepEqual(grant, ['grant_type=client_credentials', 'scope=api://00000000-0000-0000-0000-000000000000/.default']);
  assert.equal(metadataOf(api).get('UseClaimAsBearerToken'), 'bearerToken');
  const apiInputs = Array.from(api.getElementsByTagName('InputClaim')).map((c) => c.getAttribute('ClaimTypeReferenceId'));
  assert.ok(apiInputs.includes('bearerToken'), 'the API profile lists the token claim as an input claim');
});
