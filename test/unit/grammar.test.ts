import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { repoRoot } from '../helpers/snippets';

const INJECTION = 'b2c-policy.injection';
let xml: vsctm.IGrammar;

function readGrammar(file: string): vsctm.IRawGrammar {
  return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
}

before(async () => {
  const root = repoRoot();
  const wasm = fs.readFileSync(path.join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const contribution = manifest.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === INJECTION);
  const files: Record<string, string> = {
    'text.xml': path.join(root, 'test', 'fixtures', 'grammar', 'xml.tmLanguage.json'),
    [INJECTION]: path.join(root, contribution.path),
  };
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => oniguruma.createOnigScanner(sources),
      createOnigString: (s: string) => oniguruma.createOnigString(s),
    }),
    loadGrammar: async (scopeName) => (files[scopeName] ? readGrammar(files[scopeName]) : null),
    // What VS Code does for a grammar contributed with injectTo: ["text.xml"].
    getInjections: (scopeName) => (contribution.injectTo.includes(scopeName) ? [INJECTION] : undefined),
  });
  const grammar = await registry.loadGrammar('text.xml');
  assert.ok(grammar, 'the XML fixture grammar loads');
  xml = grammar;
});

/**
 * Tokenizes the lines and lists every token that carries one of our scopes as
 * `text: scopes`, keeping only the b2c scopes and the innermost XML string
 * scope (to show where the token sits).
 */
function b2cTokens(text: string): string {
  const out: string[] = [];
  let stack = vsctm.INITIAL;
  for (const line of text.split('\n')) {
    const result = xml.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      const ours = token.scopes.filter((s) => s.endsWith('.b2c'));
      if (ours.length === 0) continue;
      const where = token.scopes.includes('string.quoted.double.xml') ? ' (in attribute)' : '';
      out.push(`${line.slice(token.startIndex, token.endIndex)}: ${ours.join(' ')}${where}`);
    }
    stack = result.ruleStack;
  }
  return out.join('\n');
}

const RESOLVER = 'meta.claim-resolver.b2c';
const BEGIN = 'punctuation.definition.template-expression.begin.b2c';
const END = 'punctuation.definition.template-expression.end.b2c';

function resolverTokens(namespace: string, name: string, where = ''): string[] {
  return [
    `{: ${RESOLVER} ${BEGIN}${where}`,
    `${namespace}: ${RESOLVER} support.class.resolver.b2c${where}`,
    `:: ${RESOLVER} punctuation.separator.resolver.b2c${where}`,
    `${name}: ${RESOLVER} variable.other.resolver.b2c${where}`,
    `}: ${RESOLVER} ${END}${where}`,
  ];
}

test('grammar: contributed as an injection into text.xml', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.grammars, [
    { scopeName: INJECTION, path: './syntaxes/b2c-policy.injection.tmLanguage.json', injectTo: ['text.xml'] },
  ]);
});

test('grammar: claim resolvers in attribute values, namespace and name scoped apart', () => {
  const lines = [
    '<InputClaim ClaimTypeReferenceId="correlationId" DefaultValue="{Context:CorrelationId}" AlwaysUseDefaultValue="true" />',
    '<InputClaim ClaimTypeReferenceId="email" DefaultValue="{Claim:email}" />',
    '<OutputClaim ClaimTypeReferenceId="client_id" DefaultValue="{OIDC:ClientId}" />',
    '<InputClaim ClaimTypeReferenceId="campaignId" DefaultValue="{OAUTH-KV:campaignId}" />',
    '<OutputClaim ClaimTypeReferenceId="idpAccessToken" PartnerClaimType="{oauth2:access_token}" />',
  ];
  const where = ' (in attribute)';
  const expected = [
    ...resolverTokens('Context', 'CorrelationId', where),
    ...resolverTokens('Claim', 'email', where),
    ...resolverTokens('OIDC', 'ClientId', where),
    ...resolverTokens('OAUTH-KV', 'campaignId', where),
    ...resolverTokens('oauth2', 'access_token', where),
  ];
  assert.equal(b2cTokens(lines.join('\n')), expected.join('\n'));
});

test('grammar: resolvers and settings in element text', () => {
  const text = [
    '<Item Key="language">{Culture:LanguageName}</Item>',
    '<TenantId>{Settings:Tenant}</TenantId>',
    '<LoadUri>~/tenant/templates/{Policy:PolicyId}/unified.html</LoadUri>',
  ].join('\n');
  const settings = 'meta.placeholder.settings.b2c';
  const expected = [
    ...resolverTokens('Culture', 'LanguageName'),
    `{: ${settings} ${BEGIN}`,
    `Settings: ${settings} support.class.settings.b2c`,
    `:: ${settings} punctuation.separator.settings.b2c`,
    `Tenant: ${settings} variable.other.constant.settings.b2c`,
    `}: ${settings} ${END}`,
    ...resolverTokens('Policy', 'PolicyId'),
  ];
  assert.equal(b2cTokens(text), expected.join('\n'));
});

test('grammar: ServiceUrl templates, engine placeholders and resolvers inside URLs', () => {
  const text = [
    '<Item Key="ServiceUrl">https://api.example.com/users/{email}?lang={Culture:RFC5646}&amp;t={Settings:Tenant}</Item>',
    '<Item Key="METADATA">https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration</Item>',
  ].join('\n');
  const param = 'meta.template.url-parameter.b2c';
  const settings = 'meta.placeholder.settings.b2c';
  const engine = 'meta.placeholder.engine.b2c';
  const expected = [
    `{: ${param} ${BEGIN}`,
    `email: ${param} variable.parameter.url-template.b2c`,
    `}: ${param} ${END}`,
    ...resolverTokens('Culture', 'RFC5646'),
    `{: ${settings} ${BEGIN}`,
    `Settings: ${settings} support.class.settings.b2c`,
    `:: ${settings} punctuation.separator.settings.b2c`,
    `Tenant: ${settings} variable.other.constant.settings.b2c`,
    `}: ${settings} ${END}`,
    `{: ${engine} ${BEGIN}`,
    `tenant: ${engine} variable.language.b2c`,
    `}: ${engine} ${END}`,
  ];
  assert.equal(b2cTokens(text), expected.join('\n'));
});

test('grammar: a URL template in an attribute ends at the closing quote', () => {
  const text = '<Item Key="x" Value="https://api.example.com/{objectId}" Other="{notInUrl}" />';
  const param = 'meta.template.url-parameter.b2c';
  const where = ' (in attribute)';
  assert.equal(
    b2cTokens(text),
    [
      `{: ${param} ${BEGIN}${where}`,
      `objectId: ${param} variable.parameter.url-template.b2c${where}`,
      `}: ${param} ${END}${where}`,
    ].join('\n'),
  );
  // The rest of the tag is still XML: the attribute after the URL keeps its name scope.
  const tokens = xml.tokenizeLine(text, vsctm.INITIAL).tokens;
  const other = tokens.find((t) => text.slice(t.startIndex, t.endIndex) === 'Other');
  assert.ok(other?.scopes.includes('entity.other.attribute-name.localname.xml'));
});

test('grammar: nothing highlighted in comments, plain braces, unknown namespaces or across lines', () => {
  const text = [
    '<!-- {Context:CorrelationId} https://api.example.com/{email} -->',
    '<InputParameter Id="stringFormat" DataType="string" Value="{0} {1}" />',
    '<Item Key="x">{Unknown:thing} {Claim:} {email}</Item>',
    '<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06">',
    '<Item Key="ServiceUrl">https://api.example.com/users',
    '{email}</Item>',
    '<![CDATA[ {"json": true} ]]>',
  ].join('\n');
  assert.equal(b2cTokens(text), '');
});
