/**
 * Mutation test: real policy sets get one generated fault at a time. The starter-pack sets also get RESTful
 * and OpenID Connect profiles injected into their extensions files from a template, with a relying party
 * (MUT_RP.xml) whose journey runs them: effective-policy rules judge only what a relying party reaches, so
 * faults are generated only in elements that some leaf of the set reaches. A fault counts as detected when a
 * diagnostic with one of its expected codes appears in the mutated file (for findings about something
 * missing from a merged profile or journey, in any file of the set: they land on the most-derived
 * definition) that the unmutated set did not have.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyIndex, doValidation, parsePolicy } from '../../server/src/service/languageService';
import { effectiveModel } from '../../server/src/service/effective/effectiveModel';
import type { MergedProfile } from '../../server/src/service/effective/mergedProfile';
import { isMetadataReference } from '../../server/src/service/features/diagnostics/referenceDiagnostics';
import { VALIDATORS } from '../../server/src/service/features/diagnostics/diagnostics';
import { usedDataUris } from '../../server/src/service/features/diagnostics/rules/pageContracts';
import { findKind, findMetadataKeyIgnoreCase } from '../../server/src/service/data/metadata';
import type { PolicyFile } from '../../server/src/service/model/policyFile';
import { SHARED, STARTERPACK } from '../helpers/paths';
import { buildJourneyModel } from '../../server/src/service/journey/journeyModel';
import type { JourneyBody } from '../../server/src/service/journey/types';

const SETS = ['LocalAccounts', 'SocialAccounts', 'SocialAndLocalAccounts', 'SocialAndLocalAccountsWithMfa'].flatMap((s) => [s, `Display Controls Starterpack/${s}`]);
/** Sets of other authors, mutated in their own content only (no template). */
const OTHER_SETS = ['woodgrove/Policies', 'advanced-policies/account-linking', 'advanced-policies/wingtipgamesb2c/Policies'];
const MUT_IDS = ['MUT-REST-Basic', 'MUT-REST-BearerKey', 'MUT-REST-BearerClaim', 'MUT-REST-Cert', 'MUT-REST-ApiKey', 'MUT-OIDC'];
const EXT = 'TrustFrameworkExtensions.xml';
const REST = 'Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';

const tp = (id: string, protocol: string, meta: string[][], keys: string[][], inputs: string[] = ['email'], outputs = '<OutputClaim ClaimTypeReferenceId="objectId" />') => `
        <TechnicalProfile Id="${id}">
          <DisplayName>${id}</DisplayName>
          ${protocol}
          <Metadata>
${meta.map(([k, v]) => `            <Item Key="${k}">${v}</Item>`).join('\n')}
          </Metadata>
${keys.length ? `          <CryptographicKeys>\n${keys.map(([k, v]) => `            <Key Id="${k}" StorageReferenceId="${v}" />`).join('\n')}\n          </CryptographicKeys>` : ''}
          <InputClaims>
${inputs.map((c) => `            <InputClaim ClaimTypeReferenceId="${c}" />`).join('\n')}
          </InputClaims>
          <OutputClaims>
            ${outputs}
          </OutputClaims>
        </TechnicalProfile>`;

const rest = (id: string, auth: string, keys: string[][], extra: string[][] = [], inputs?: string[]) =>
  tp(id, `<Protocol Name="Proprietary" Handler="${REST}" />`, [['ServiceUrl', `https://api.contoso.com/${id.toLowerCase()}`], ['AuthenticationType', auth], ['SendClaimsIn', 'Body'], ...extra], keys, inputs);

/** The known-good profiles injected into every extensions file. */
export const TEMPLATE = `
    <ClaimsProvider>
      <DisplayName>Injected for the mutation test</DisplayName>
      <TechnicalProfiles>${[
  rest('MUT-REST-Basic', 'Basic', [['BasicAuthenticationUsername', 'B2C_1A_RestUsername'], ['BasicAuthenticationPassword', 'B2C_1A_RestPassword']]),
  rest('MUT-REST-BearerKey', 'Bearer', [['BearerAuthenticationToken', 'B2C_1A_RestBearer']]),
  rest('MUT-REST-BearerClaim', 'Bearer', [], [['UseClaimAsBearerToken', 'objectId']], ['email', 'objectId']),
  rest('MUT-REST-Cert', 'ClientCertificate', [['ClientCertificate', 'B2C_1A_RestClientCertificate']]),
  rest('MUT-REST-ApiKey', 'ApiKeyHeader', [['x-functions-key', 'B2C_1A_RestFunctionKey']]),
  tp('MUT-OIDC', '<Protocol Name="OpenIdConnect" />', [['METADATA', 'https://login.contoso.com/.well-known/openid-configuration'], ['client_id', '00000000-0000-0000-0000-00000000c0de'],
    ['response_types', 'code'], ['scope', 'openid'], ['response_mode', 'form_post']], [['client_secret', 'B2C_1A_ContosoSecret']], [], '<OutputClaim ClaimTypeReferenceId="objectId" PartnerClaimType="sub" />'),
].join('')}
      </TechnicalProfiles>
    </ClaimsProvider>
`;

interface SetFiles { readonly name: string; readonly texts: Map<string, string> }

export function loadSet(name: string, dir = path.join(STARTERPACK, name), template = true): SetFiles {
  const texts = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.xml'))) {
    let text = fs.readFileSync(path.join(dir, f), 'utf8').replace(/^\uFEFF/, '');
    if (template && f === EXT) {
      const at = text.lastIndexOf('</ClaimsProviders>');
      text = text.slice(0, at) + TEMPLATE + '  ' + text.slice(at);
    }
    texts.set(f, text);
  }
  if (template) texts.set('MUT_RP.xml', templateRelyingParty(texts.get('SignUpOrSignin.xml')!));
  return { name, texts };
}

/** A relying party made from the set's SignUpOrSignin.xml whose journey calls every injected profile. */
function templateRelyingParty(signUp: string): string {
  const steps = MUT_IDS.map((id, i) => `<OrchestrationStep Order="${i + 1}" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="MUT${i}" TechnicalProfileReferenceId="${id}" /></ClaimsExchanges></OrchestrationStep>`);
  steps.push(`<OrchestrationStep Order="${MUT_IDS.length + 1}" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />`);
  const journeys = `<UserJourneys><UserJourney Id="MUT-Journey"><OrchestrationSteps>${steps.join('')}</OrchestrationSteps></UserJourney></UserJourneys>\n  `;
  // Its journey runs only the injected profiles, so its token claims get defaults (else B602 says, rightly, that no step outputs them).
  return signUp.replace(/B2C_1A_signup_signin/g, 'B2C_1A_MUT_RP').replace(/<DefaultUserJourney ReferenceId="[^"]*"/, '<DefaultUserJourney ReferenceId="MUT-Journey"')
    .replace(/<OutputClaim (?![^>]*DefaultValue)/g, '<OutputClaim DefaultValue="" ')
    .replace('<RelyingParty>', journeys + '<RelyingParty>');
}

const uriOf = (set: string, f: string) => `file:///mutation/${encodeURIComponent(set)}/${f}`;

/** Parses by (file, text): a mutation re-parses only the file it changed. */
const PARSES = new Map<string, ReturnType<typeof parsePolicy>>();

function parsedOnce(uri: string, text: string): ReturnType<typeof parsePolicy> {
  const key = uri + '\u0000' + text;
  let p = PARSES.get(key);
  if (!p) {
    if (PARSES.size > 400) PARSES.clear();
    PARSES.set(key, p = parsePolicy(uri, 1, text));
  }
  return p;
}

export function indexOf(set: SetFiles, texts = set.texts): { index: PolicyIndex; parsed: Map<string, ReturnType<typeof parsePolicy>> } {
  const index = new PolicyIndex();
  const parsed = new Map<string, ReturnType<typeof parsePolicy>>();
  for (const [f, text] of texts) {
    const p = parsedOnce(uriOf(set.name, f), text);
    index.set(p.file);
    parsed.set(f, p);
  }
  return { index, parsed };
}

/** The schema validator is slow and no mutation expects its codes: the fault loop leaves it out. */
const WITHOUT_SCHEMA = VALIDATORS.filter((v) => v.name !== 'schema');

/** Diagnostic counts by `file code` over the whole set, plus the errors and warnings themselves. */
function census(set: SetFiles, texts = set.texts, schema = true): { counts: Map<string, number>; bad: string[] } {
  const { index, parsed } = indexOf(set, texts);
  const counts = new Map<string, number>();
  const bad: string[] = [];
  const options = {};
  for (const [f, p] of parsed) {
    const ctx = { file: p.file, xml: p.xml, index, options };
    const found = schema ? doValidation(ctx) : WITHOUT_SCHEMA.flatMap((v) => v.run(ctx));
    for (const d of found) {
      const k = `${f} ${d.code}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
      if (d.severity === 1 || d.severity === 2) bad.push(`${set.name}/${f}:${d.range.start.line + 1} ${d.code} ${d.message}`);
    }
  }
  return { counts, bad };
}

interface Mutation { readonly kind: string; readonly file: string; readonly expect: readonly string[]; readonly what: string; apply(text: string): string | undefined }

function replaceOnce(text: string, from: string, to: string): string | undefined {
  const i = text.indexOf(from);
  return i < 0 ? undefined : text.slice(0, i) + to + text.slice(i + from.length);
}

/** The text of one injected profile, to confine a replacement to it. */
function inProfile(id: string, edit: (profileText: string) => string | undefined): (text: string) => string | undefined {
  return (text) => {
    const start = text.indexOf(`<TechnicalProfile Id="${id}">`);
    const end = text.indexOf('</TechnicalProfile>', start);
    if (start < 0) return undefined;
    const changed = edit(text.slice(start, end));
    return changed === undefined ? undefined : text.slice(0, start) + changed + text.slice(end);
  };
}

const m = (kind: string, file: string, expect: string[], apply: Mutation['apply'], what = ''): Mutation => ({ kind, file, expect, apply, what });

/** Faults in the injected profiles: the same list for every set. */
function templateMutations(): Mutation[] {
  const e = (kind: string, expect: string[], id: string, from: string, to: string) => m(kind, EXT, expect, inProfile(id, (t) => replaceOnce(t, from, to)));
  const dropLine = (needle: string) => (t: string) => replaceOnce(t, t.slice(t.lastIndexOf('\n', t.indexOf(needle)), t.indexOf('\n', t.indexOf(needle))), '');
  return [
    m('remove a Basic key', EXT, ['B204'], inProfile('MUT-REST-Basic', dropLine('BasicAuthenticationPassword'))),
    m('remove a Basic key', EXT, ['B204'], inProfile('MUT-REST-Basic', dropLine('BasicAuthenticationUsername'))),
    m('remove the key of an auth type', EXT, ['B206'], inProfile('MUT-REST-BearerKey', dropLine('BearerAuthenticationToken'))),
    m('remove the key of an auth type', EXT, ['B205'], inProfile('MUT-REST-Cert', dropLine('Key Id="ClientCertificate"'))),
    m('remove the key of an auth type', EXT, ['B209'], inProfile('MUT-REST-ApiKey', dropLine('x-functions-key'))),
    e('change AuthenticationType', ['B204', 'B211'], 'MUT-REST-BearerKey', '>Bearer<', '>Basic<'),
    e('change AuthenticationType', ['B205', 'B211'], 'MUT-REST-Basic', '>Basic<', '>ClientCertificate<'),
    e('change AuthenticationType', ['B206', 'B211'], 'MUT-REST-Cert', '>ClientCertificate<', '>Bearer<'),
    e('change AuthenticationType', ['B209', 'B211'], 'MUT-REST-Basic', '>Basic<', '>ApiKeyHeader<'),
    e('AuthenticationType None in production', ['B202'], 'MUT-REST-BearerKey', '>Bearer<', '>None<'),
    e('AuthenticationType None in production', ['B202'], 'MUT-REST-Basic', '<Item Key="AuthenticationType">Basic</Item>', ''),
    e('unknown AuthenticationType', ['B212'], 'MUT-REST-Basic', '>Basic<', '>Basik<'),
    e('unknown AuthenticationType', ['B212'], 'MUT-REST-Cert', '>ClientCertificate<', '>Certificate<'),
    e('bearer claim not an input claim', ['B207'], 'MUT-REST-BearerClaim', '<InputClaim ClaimTypeReferenceId="objectId" />', ''),
    e('bearer claim removed', ['B206'], 'MUT-REST-BearerClaim', '<Item Key="UseClaimAsBearerToken">objectId</Item>', ''),
    e('ApiKeyHeader with two keys', ['B209'], 'MUT-REST-ApiKey', '</CryptographicKeys>', '  <Key Id="x-second" StorageReferenceId="B2C_1A_Second" />\n          </CryptographicKeys>'),
    e('ApiKeyHeader with a bad header name', ['B210'], 'MUT-REST-ApiKey', 'Id="x-functions-key"', 'Id="x functions:key"'),
    e('keys the auth type does not use', ['B211'], 'MUT-REST-BearerKey', '</CryptographicKeys>', '  <Key Id="BasicAuthenticationPassword" StorageReferenceId="B2C_1A_P" />\n          </CryptographicKeys>'),
    e('http ServiceUrl', ['B213'], 'MUT-REST-Basic', 'https://', 'http://'),
    e('http ServiceUrl', ['B213'], 'MUT-REST-ApiKey', 'https://', 'http://'),
    e('ServiceUrl not a URL', ['B215'], 'MUT-REST-Cert', 'https://api.contoso.com/', 'api.contoso.com/'),
    e('payload claim not an input', ['B216'], 'MUT-REST-BearerKey', '<Item Key="SendClaimsIn">Body</Item>', '<Item Key="SendClaimsIn">Body</Item><Item Key="ClaimUsedForRequestPayload">objectId</Item>'),
    e('payload claim with SendClaimsIn Form', ['B217'], 'MUT-REST-BearerClaim', '<Item Key="SendClaimsIn">Body</Item>', '<Item Key="SendClaimsIn">Form</Item><Item Key="ClaimUsedForRequestPayload">objectId</Item>'),
    // The service reads AllowInsecureAuthInProduction only when AuthenticationType is None.
    e('AllowInsecureAuthInProduction true', ['B203'], 'MUT-REST-Basic', '<Item Key="AuthenticationType">Basic</Item>', '<Item Key="AuthenticationType">None</Item><Item Key="AllowInsecureAuthInProduction">true</Item>'),
    m('code flow without a client secret', EXT, ['B301'], inProfile('MUT-OIDC', dropLine('client_secret'))),
    e('private_key_jwt without a signing key', ['B302'], 'MUT-OIDC', '</Metadata>', '  <Item Key="token_endpoint_auth_method">private_key_jwt</Item>\n          </Metadata>'),
    e('token_signing_algorithm without private_key_jwt', ['B303'], 'MUT-OIDC', '</Metadata>', '  <Item Key="token_signing_algorithm">RS256</Item>\n          </Metadata>'),
    e('remove a required Metadata item', ['B404'], 'MUT-OIDC', '<Item Key="client_id">00000000-0000-0000-0000-00000000c0de</Item>', ''),
    e('remove a required Metadata item', ['B404'], 'MUT-OIDC', '<Item Key="METADATA">https://login.contoso.com/.well-known/openid-configuration</Item>', ''),
    e('remove a required Metadata item', ['B404'], 'MUT-REST-Cert', '<Item Key="ServiceUrl">https://api.contoso.com/mut-rest-cert</Item>', ''),
    e('plain-text secret', ['B310'], 'MUT-OIDC', '</Metadata>', '  <Item Key="client_secret">Zm9vYmFyYmF6</Item>\n          </Metadata>'),
    e('plain-text secret', ['B310'], 'MUT-REST-BearerKey', '</Metadata>', '  <Item Key="Authorization">Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln</Item>\n          </Metadata>'),
    e('plain-text secret', ['B310'], 'MUT-REST-Basic', '</Metadata>', '  <Item Key="BasicAuthenticationPassword">hunter22</Item>\n          </Metadata>'),
    e('StorageReferenceId without B2C_1A_', ['B311'], 'MUT-REST-Basic', 'B2C_1A_RestPassword', 'RestPassword'),
    e('StorageReferenceId without B2C_1A_', ['B311'], 'MUT-OIDC', 'B2C_1A_ContosoSecret', 'ContosoSecret'),
    e('wrong enum value', ['B403'], 'MUT-OIDC', '>form_post<', '>formpost<'),
    e('wrong enum value', ['B403'], 'MUT-REST-Basic', '>Body<', '>Json<'),
    // Journey structure and upload limits, on the injected relying party and the extensions file.
    m('remove DefaultUserJourney', 'MUT_RP.xml', ['B508'], (t) => t.replace(/<DefaultUserJourney[^>]*>/, '')),
    m('SendClaims without an issuer', 'MUT_RP.xml', ['B509'], (t) => replaceOnce(t, ' CpimIssuerTechnicalProfileReferenceId="JwtIssuer"', '')),
    m('base named without B2C_1A_', EXT, ['B632'], (t) => replaceOnce(t, '<PolicyId>B2C_1A_', '<PolicyId>')),
    m('BasePolicy in another tenant', EXT, ['B634'], (t) => t.replace(/<TenantId>[^<]*<\/TenantId>/, '<TenantId>fabrikam.onmicrosoft.com</TenantId>')),
    m('policy in another tenant than its base', 'MUT_RP.xml', ['B634'], (t) => t.replace(/yourtenant\.onmicrosoft\.com/g, 'fabrikam.onmicrosoft.com')),
    // Claim flow: steps 1 and 2 (MUT-REST-Basic, MUT-REST-BearerKey) are the only ones before step 3 that output objectId,
    // the bearer token of MUT-REST-BearerClaim.
    m('remove the output that produces a claim', EXT, ['B603'], (t) => {
      const once = inProfile('MUT-REST-Basic', (x) => replaceOnce(x, '<OutputClaim ClaimTypeReferenceId="objectId" />', ''))(t);
      return once && inProfile('MUT-REST-BearerKey', (x) => replaceOnce(x, '<OutputClaim ClaimTypeReferenceId="objectId" />', ''))(once);
    }),
    m('remove the step that produces a claim', 'MUT_RP.xml', ['B603'], (t) => {
      const steps = /<OrchestrationStep Order="1"[\s\S]*?<\/OrchestrationStep><OrchestrationStep Order="2"[\s\S]*?<\/OrchestrationStep>/.exec(t);
      return steps ? t.replace(steps[0], '') : undefined;
    }),
    // The template relying party's token claims have DefaultValue="" (its journey outputs none of them).
    ...['displayName', 'givenName', 'surname'].map((c) => m('remove a DefaultValue', 'MUT_RP.xml', ['B602'], (t) => replaceOnce(t, `<OutputClaim DefaultValue="" ClaimTypeReferenceId="${c}"`, `<OutputClaim ClaimTypeReferenceId="${c}"`))),
  ];
}

function misspell(key: string): string {
  const i = Math.floor(key.length / 2);
  return key.slice(0, i) + key.slice(i + 1);
}

/**
 * `kind/key` of everything some leaf of the set runs (fragments included: their own items are judged), with
 * the merged profile as the first leaf sees it (its kind decides which keys are documented).
 */
function reachedSubjects(index: PolicyIndex): Map<string, MergedProfile | undefined> {
  const model = effectiveModel(index);
  const out = new Map<string, MergedProfile | undefined>();
  for (const leaf of model.leaves()) {
    const plan = model.plan(leaf)!;
    for (const r of [plan.journeyReach, plan.profileReach]) {
      for (const [k, p] of r.profiles) if (!out.has(`TechnicalProfile/${k}`)) out.set(`TechnicalProfile/${k}`, p.merged);
      for (const k of r.journeys.keys()) out.set(k, undefined);
    }
  }
  return out;
}

/** Faults in the set's own content (every file that is not a relying party), generated from each file's summary. */
function corpusMutations(set: SetFiles): Mutation[] {
  const { index } = indexOf(set);
  const reached = reachedSubjects(index);
  const out: Mutation[] = [];
  for (const f of set.texts.keys()) {
    const file = index.get(uriOf(set.name, f))!;
    if (!file.isPolicy || file.relyingParty || f === 'MUT_RP.xml') continue;
    out.push(...metadataMutations(index, file, f, reached), ...referenceMutations(file, f), ...journeyMutations(file, f, reached), ...duplicateMutations(file, f),
      ...selectionMutations(index, file, f, reached));
  }
  return [...out, ...pageMutations(set, index), ...claimFlowMutations(set, index)];
}

/**
 * The step after a selection step (one that offers a choice), when it is a ClaimsExchange step with several
 * exchanges: retyping the selection step leaves the choice without a selection right before it (B505), retyping
 * the step after it breaks the selection (B507).
 */
function selectionMutations(index: PolicyIndex, file: PolicyFile, f: string, reached: Map<string, MergedProfile | undefined>): Mutation[] {
  const out: Mutation[] = [];
  for (const d of file.definitions) {
    if (d.kind !== 'UserJourney' || d.detail?.type !== 'journey' || !reached.has(`UserJourney/${d.key}`)) continue;
    const steps = d.detail.steps;
    const i = steps.findIndex((s, k) => ['ClaimsProviderSelection', 'CombinedSignInAndSignUp'].includes(s.stepType?.value ?? '') && steps[k + 1]?.stepType?.value === 'ClaimsExchange'
      && steps[k + 1].exchanges.length > 1 && Number(steps[k + 1].order?.value) === Number(s.order?.value) + 1
      && index.get(file.uri)!.references.some((r) => r.source === 'TargetClaimsExchangeId' && r.start > s.element.start && r.end < s.element.end));
    if (i < 0) continue;
    const [sel, next] = [steps[i].stepType!, steps[i + 1].stepType!];
    out.push(m('retype the selection step before a choice', f, ['B505'], at(sel.start, sel.end, 'ClaimsExchange')));
    out.push(m('retype the step after a selection step', f, ['B507'], at(next.start, next.end, 'ClaimsProviderSelection')));
  }
  return out;
}

/** Every element of the set's texts that mentions the claim: `file tag offset` (attribute matched case-insensitively, as B2C does). */
function claimMentions(set: SetFiles, claim: string): Array<{ file: string; tag: string; start: number; end: number }> {
  const out: Array<{ file: string; tag: string; start: number; end: number }> = [];
  const escaped = claim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`<(\\w+)\\b[^<>]*\\bClaimTypeReferenceId="\\s*${escaped}\\s*"[^<>]*?(/?)>`, 'gi');
  for (const [file, text] of set.texts) {
    for (const mt of text.matchAll(re)) out.push({ file, tag: mt[1], start: mt.index!, end: mt.index! + mt[0].length });
  }
  return out;
}

/**
 * Claim-flow faults (B601, B602), chosen from the text alone: a claim that the set outputs in exactly one
 * element (no PersistedClaim, DisplayClaim or relying-party InputClaim names it either) loses that element, so
 * the Azure AD profile of a later step that reads it has nothing to read; and a relying-party OutputClaim
 * whose claim nothing in the set outputs loses its DefaultValue.
 */
export function claimFlowMutations(set: SetFiles, index: PolicyIndex): Mutation[] {
  const out: Mutation[] = [];
  const seen = new Set<string>();
  const model = effectiveModel(index);
  for (const leaf of model.leaves()) {
    const f = leaf.slice(leaf.lastIndexOf('/') + 1);
    if (f === 'MUT_RP.xml') continue;
    const jm = buildJourneyModel(index, leaf, { model });
    if (!jm?.journey?.complete) continue;
    const inRp = (x: { file: string; start: number }) => {
      const rp = index.get(uriOf(set.name, x.file))?.relyingParty;
      return !!rp && x.start >= rp.start && x.start < rp.end;
    };
    // A relying party's OutputClaims go into its token: they produce nothing for a journey.
    const producing = (x: { file: string; tag: string; start: number }) => /^(OutputClaim|PersistedClaim|DisplayClaim)$/i.test(x.tag) && !(x.tag === 'OutputClaim' && inRp(x));
    // Walk the steps in order, remembering each claim's producing elements; at an Azure AD step that reads a claim
    // whose earlier producers are all plain OutputClaims of one file (at most three), remove them all.
    const producers = new Map<string, Array<{ uri: string; via: string; line: number; character: number }>>();
    for (const c of jm.relyingParty?.inputClaims ?? []) producers.set(c.claim.toLowerCase(), [{ uri: leaf, via: 'RelyingParty', line: 0, character: 0 }]);
    const visit = (b: JourneyBody) => {
      for (const st of b.steps) {
        for (const ex of st.exchanges) {
          if (ex.profileKind !== 'azure-active-directory') continue;
          for (const c of ex.consumes) {
            if (c.via !== 'InputClaim' || c.defaultValue || seen.has('in/' + c.claim.toLowerCase())) continue;
            if (ex.produces.some((p) => p.claim.toLowerCase() === c.claim.toLowerCase() && p.via.startsWith('InputClaimsTransformation:'))) continue;
            const ps = producers.get(c.claim.toLowerCase()) ?? [];
            if (!ps.length || ps.length > 3 || ps.some((p) => p.via !== 'OutputClaim' || p.uri !== ps[0].uri)) continue;
            const file = ps[0].uri.slice(ps[0].uri.lastIndexOf('/') + 1);
            const text = set.texts.get(file)!;
            const lines = index.get(ps[0].uri)!.lines;
            const spans = [...new Set(ps.map((p) => lines.offsetAt({ line: p.line, character: p.character })))].map((off) => {
              const s0 = text.lastIndexOf('<', off), e0 = text.indexOf('>', off) + 1;
              return text.slice(s0, e0).startsWith('<OutputClaim ') && text.slice(s0, e0).endsWith('/>') ? [s0, e0] : undefined;
            });
            if (spans.some((x) => !x)) continue;
            seen.add('in/' + c.claim.toLowerCase());
            const sorted = (spans as number[][]).sort((a, b) => b[0] - a[0]);
            out.push(m('remove the output that produces a claim', file, ['B601'], (t) => sorted.reduce((acc, [a, z]) => acc.slice(0, a) + acc.slice(z), t), c.claim));
          }
        }
        const made = [...st.produces, ...st.exchanges.flatMap((e) => (e.validations ?? []).flatMap((v) => v.produces))];
        for (const p of made) {
          const k = p.claim.toLowerCase();
          const list = producers.get(k) ?? [];
          if (p.at) list.push({ uri: p.at.uri, via: p.via, line: p.at.range.start.line, character: p.at.range.start.character });
          else list.push({ uri: '', via: p.via, line: 0, character: 0 });
          producers.set(k, list);
        }
        if (st.subJourney) visit(st.subJourney);
      }
    };
    visit(jm.journey);
    const rp = jm.relyingParty;
    for (const c of rp?.outputClaims ?? []) {
      if (c.via !== 'OutputClaim' || !c.defaultValue || seen.has('rp/' + f + '/' + c.claim.toLowerCase())) continue;
      seen.add('rp/' + f + '/' + c.claim.toLowerCase());
      const mentions = claimMentions(set, c.claim);
      const elsewhere = mentions.filter((x) => producing(x) || (x.tag === 'InputClaim' && inRp(x)));
      const own = mentions.filter((x) => x.file === f && x.tag === 'OutputClaim');
      if (elsewhere.length || own.length !== 1) continue;
      const text = set.texts.get(f)!;
      const el = text.slice(own[0].start, own[0].end);
      const bare = el.replace(/\s+(DefaultValue|AlwaysUseDefaultValue)="[^"]*"/g, '');
      if (bare === el) continue;
      out.push(m('remove a DefaultValue', f, ['B602'], at(own[0].start, own[0].end, bare), c.claim));
    }
  }
  return out;
}

/**
 * DataUris that some relying party's journey uses, as that relying party sees them: an undocumented version
 * (B637), and ScriptExecution Allow in a relying party that uses one without a page contract (B638). A few per set.
 */
function pageMutations(set: SetFiles, index: PolicyIndex): Mutation[] {
  const model = effectiveModel(index);
  const fileOf = (uri: string) => [...set.texts.keys()].find((f) => uriOf(set.name, f) === uri)!;
  const uris = new Map<string, { file: string; start: number; end: number; value: string }>();
  const scripts: Mutation[] = [];
  for (const leaf of model.leaves()) {
    const used = usedDataUris(model, model.plan(leaf)!);
    for (const d of used) uris.set(`${d.uri}@${d.value.start}`, { file: fileOf(d.uri), start: d.value.start, end: d.value.end, value: d.value.value });
    const rp = index.get(leaf)!;
    if (scripts.length < 2 && !rp.scriptExecution && used.some((d) => !/:contract:/i.test(d.value.value))) {
      scripts.push(m('ScriptExecution Allow without page contracts', fileOf(leaf), ['B638'], (t) => t.replace(/<DefaultUserJourney[^>]*\/>/, (x) => `${x}<UserJourneyBehaviors><ScriptExecution>Allow</ScriptExecution></UserJourneyBehaviors>`)));
    }
  }
  const list = [...uris.values()].filter((u) => /:\d+\.\d+\.\d+$/.test(u.value));
  const picked = list.filter((_, i) => i % Math.max(1, Math.floor(list.length / 3)) === 0).slice(0, 3);
  return [...picked.map((u) => m('undocumented page version', u.file, ['B637'], at(u.start, u.end, u.value.replace(/:\d+\.\d+\.\d+$/, /:contract:/i.test(u.value) ? ':9.0.0' : ':9.9.9')))), ...scripts];
}

const at = (start: number, end: number, to: string) => (text: string) => text.slice(0, start) + to + text.slice(end);

function metadataMutations(index: PolicyIndex, file: PolicyFile, f: string, reached: Map<string, MergedProfile | undefined>): Mutation[] {
  const out: Mutation[] = [];
  for (const d of file.definitions) {
    if (d.detail?.type !== 'profile' || d.id.startsWith('MUT-') || !reached.has(`TechnicalProfile/${d.key}`)) continue;
    const merged = reached.get(`TechnicalProfile/${d.key}`)!;
    // Another definition of the profile, or of a profile it includes, that sets the key too.
    const sources = [d.key, ...merged.included.map((i) => i.toLowerCase())];
    const elsewhere = (key: string) => [...index.all()].some((g) => sources.some((k) => (g.defsByKey.get('TechnicalProfile\u0000' + k) ?? [])
      .some((o) => o !== d && o.detail?.type === 'profile' && o.detail.metadata.some((x) => x.key.value === key))));
    const kind = findKind(merged.protocolName?.value.value, merged.protocolHandler?.value.value, merged.outputTokenFormat?.value.value, { metadataKeys: [...merged.metadata.keys()] });
    if (!kind) continue;
    for (const item of d.detail.metadata.slice(0, 2)) {
      const key = item.key.value;
      const wrong = misspell(key);
      if (!findMetadataKeyIgnoreCase(kind, wrong)) out.push(m('misspell a Metadata key', f, ['B401'], at(item.key.start, item.key.end, wrong)));
      if (key.toLowerCase() !== key) out.push(m('Metadata key in the wrong case', f, ['B402'], at(item.key.start, item.key.end, key.toLowerCase())));
      const fact = findMetadataKeyIgnoreCase(kind, key);
      // The RESTful family judges AuthenticationType itself (B212 for a value that is not one).
      const auth = kind.id === 'restful' && key === 'AuthenticationType';
      if (fact?.values && fact.valueType !== 'boolean' && item.value.value && !item.value.value.includes('{')) {
        out.push(m('wrong enum value', f, auth ? ['B212'] : ['B403'], at(item.value.start, item.value.end, item.value.value + 'x')));
      }
      // Removing an item that another definition of the profile (an override, or its base) also sets is no fault;
      // neither is removing an AuthenticationType of None (absent means None), and removing another one means
      // an unauthenticated call (B201/B202), not a missing item.
      // Nor is removing client_id that the profile also sends as an InputClaim with a DefaultValue (the old ROPC layout).
      const asInput = !!fact?.orInputClaim && merged.inputClaims.some((c) =>
        (c.value.partnerClaimType ?? c.value.id.value).toLowerCase() === fact.orInputClaim!.toLowerCase() && !!c.value.defaultValue);
      const removable = fact?.required === 'yes' && !fact.family && !fact.notEnforced && !asInput && d.detail.metadata.filter((x) => x.key.value === key).length === 1 && !elsewhere(key);
      if (removable && !(auth && /^none$/i.test(item.value.value.trim()))) {
        out.push(m(`remove a required Metadata item`, f, auth ? ['B201', 'B202'] : ['B404'], at(item.element.start, item.element.end, ''), `${d.id}/${key}`));
      }
    }
  }
  return out;
}

function referenceMutations(file: PolicyFile, f: string): Mutation[] {
  // Attribute references are resolved when the file is uploaded, reached or not; Metadata-valued ones in the leaves.
  const picked = file.references.filter((r) => r.target === 'ClaimType' || r.target === 'TechnicalProfile').filter((r) => !r.lenient && r.value.length > 3 && !isMetadataReference(r));
  return picked.filter((_, i) => i % Math.max(1, Math.floor(picked.length / 6)) === 0).slice(0, 6)
    .map((r) => m('misspell a reference', f, ['B101'], at(r.start, r.end, r.value + 'Z')));
}

function duplicateMutations(file: PolicyFile, f: string): Mutation[] {
  const claims = file.definitions.filter((d) => d.kind === 'ClaimType').slice(0, 2);
  const profiles = file.definitions.filter((d) => d.kind === 'TechnicalProfile').slice(0, 2);
  return [...claims, ...profiles].map((d) => m('duplicate an Id', f, ['B106'], (text) => text.slice(0, d.end) + text.slice(d.start, d.end) + text.slice(d.end)));
}

function journeyMutations(file: PolicyFile, f: string, reached: Map<string, MergedProfile | undefined>): Mutation[] {
  const out: Mutation[] = [];
  for (const d of file.definitions) {
    if (d.kind !== 'UserJourney' || d.detail?.type !== 'journey' || !reached.has(`UserJourney/${d.key}`)) continue;
    const steps = d.detail.steps;
    if (steps.length < 3 || steps.some((s) => s.stepType?.value === 'InvokeSubJourney')) continue;
    // Only journeys whose one SendClaims step is their last: dropping or retyping it leaves none.
    if (steps.filter((s) => s.stepType?.value === 'SendClaims').length !== 1 || steps[steps.length - 1].stepType?.value !== 'SendClaims') continue;
    const middle = steps[Math.floor(steps.length / 2)];
    const last = steps[steps.length - 1];
    out.push(m('drop a journey step', f, ['B502'], at(middle.element.start, middle.element.end, '')));
    out.push(m('drop a journey step', f, ['B503'], at(last.element.start, last.element.end, '')));
    if (middle.order) out.push(m('duplicate a step Order', f, ['B501'], at(middle.order.start, middle.order.end, String(Number(middle.order.value) - 1))));
    if (last.stepType) out.push(m('journey not ending in SendClaims', f, ['B503'], at(last.stepType.start, last.stepType.end, 'ClaimsExchange')));
  }
  return out;
}

/** Codes about something missing from a merged profile or journey: they land on its most-derived definition. */
const ANYWHERE = new Set(['B201', 'B202', 'B204', 'B205', 'B206', 'B209', 'B301', 'B302', 'B404', 'B406', 'B407', 'B503', 'B601', 'B603']);

describe('mutation test', () => {
  const sets = SETS.map((s) => loadSet(s));
  const others = OTHER_SETS.map((s) => loadSet(s, path.join(SHARED, 'corpus', s), false));

  it('the injected template is clean in every set (no error, no warning)', () => {
    for (const set of sets) assert.deepEqual(census(set).bad, [], set.name);
  });

  it('detects at least 99% of the generated faults with the right code in the right file', () => {
    const byKind = new Map<string, { total: number; hit: number }>();
    const missed: string[] = [];
    for (const set of [...sets, ...others]) {
      const baseline = census(set, set.texts, false).counts;
      const templated = sets.includes(set);
      for (const mut of [...(templated ? templateMutations() : []), ...corpusMutations(set)]) {
        const text = mut.apply(set.texts.get(mut.file)!);
        assert.ok(text !== undefined && text !== set.texts.get(mut.file), `${mut.kind} did not apply in ${set.name}`);
        const texts = new Map(set.texts).set(mut.file, text);
        const after = census(set, texts, false).counts;
        const hit = [...after].some(([k, n]) => {
          const [file, code] = k.split(' ');
          return mut.expect.includes(code) && (file === mut.file || ANYWHERE.has(code)) && n > (baseline.get(k) ?? 0);
        });
        const kind = templated ? mut.kind : `${mut.kind} (${set.name.split('/')[0]})`;
        const row = byKind.get(kind) ?? { total: 0, hit: 0 };
        row.total++;
        if (hit) row.hit++;
        else missed.push(`${set.name}/${mut.file}: ${mut.kind} ${mut.what} (expected ${mut.expect.join('/')})`);
        byKind.set(kind, row);
      }
    }
    const total = [...byKind.values()].reduce((a, r) => a + r.total, 0);
    const hit = [...byKind.values()].reduce((a, r) => a + r.hit, 0);
    const lines = [...byKind].sort((a, b) => a[0].localeCompare(b[0])).map(([k, r]) => `| ${k} | ${r.total} | ${r.hit} | ${(100 * r.hit / r.total).toFixed(0)}% |`);
    console.log(['| fault kind | injected | detected | share |', '|---|---|---|---|', ...lines, `| **all** | ${total} | ${hit} | ${(100 * hit / total).toFixed(1)}% |`].join('\n'));
    if (missed.length) console.log('missed:\n' + missed.join('\n'));
    assert.ok(total >= 500, `${total} faults`);
    assert.ok(hit / total >= 0.99, `${hit}/${total} detected`);
  });
});
