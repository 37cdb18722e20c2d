/**
 * Fixtures and rendering for the rule families (B2xx-B5xx): schema-valid policies built from a few
 * parameters, and diagnostics rendered as `path:line:col code` strings.
 */
import { doValidation } from '../../server/src/service/languageService';
import type { ValidationOptions } from '../../server/src/service/features/diagnostics/diagnostics';
import { Fixture, policy } from './fixture';
import { runnableIndex } from './runner';

export const RULE_CODE = /^B[2-5]\d\d$/;

/** Diagnostics of one fixture file whose code matches `codes`, as `path:line:col code`. */
export function diags(f: Fixture, path: string, codes: RegExp = RULE_CODE, options: ValidationOptions = {}): string[] {
  const { file, xml } = f.files.get(f.uri(path))!;
  return doValidation({ file, xml, index: runnableIndex(f), options })
    .filter((d) => codes.test(String(d.code)))
    .map((d) => `${path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`)
    .sort();
}

/** Messages of one file's diagnostics with the given code. */
export function messages(f: Fixture, path: string, code: string, options: ValidationOptions = {}): string[] {
  const { file, xml } = f.files.get(f.uri(path))!;
  return doValidation({ file, xml, index: runnableIndex(f), options }).filter((d) => d.code === code).map((d) => String(d.message));
}

/** `path:line:col code` for the first occurrence of `needle` (plus `shift` characters) in a fixture file. */
export function at(f: Fixture, path: string, needle: string, code: string, shift = 0): string {
  const { text, file } = f.files.get(f.uri(path))!;
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not in ${path}`);
  const pos = file.lines.positionAt(i + shift);
  return `${path}:${pos.line + 1}:${pos.character + 1} ${code}`;
}

export const RESTFUL_HANDLER = 'Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';

export type Items = ReadonlyArray<readonly [string, string]>;

export interface ProfileSpec {
  readonly id: string;
  /** Protocol element; omitted for an override that inherits it. */
  readonly protocol?: string;
  readonly meta?: Items;
  /** [Id, StorageReferenceId] pairs. */
  readonly keys?: Items;
  readonly inputs?: readonly string[];
  readonly outputs?: readonly string[];
  readonly includes?: readonly string[];
}

export const restProtocol = `<Protocol Name="Proprietary" Handler="${RESTFUL_HANDLER}" />`;
export const oidcProtocol = '<Protocol Name="OpenIdConnect" />';

/** A TechnicalProfile with its children in schema order. */
export function profile(p: ProfileSpec): string {
  const meta = p.meta?.length ? `\n      <Metadata>\n${p.meta.map(([k, v]) => `        <Item Key="${k}">${v}</Item>`).join('\n')}\n      </Metadata>` : '';
  const keys = p.keys?.length ? `\n      <CryptographicKeys>\n${p.keys.map(([k, v]) => `        <Key Id="${k}" StorageReferenceId="${v}" />`).join('\n')}\n      </CryptographicKeys>` : '';
  const claims = (tag: string, ids?: readonly string[]) => ids?.length ? `\n      <${tag}s>\n${ids.map((c) => `        <${tag} ClaimTypeReferenceId="${c}" />`).join('\n')}\n      </${tag}s>` : '';
  const includes = (p.includes ?? []).map((i) => `\n      <IncludeTechnicalProfile ReferenceId="${i}" />`).join('');
  return `    <TechnicalProfile Id="${p.id}">
      <DisplayName>${p.id}</DisplayName>${p.protocol ? `\n      ${p.protocol}` : ''}${meta}${keys}${claims('InputClaim', p.inputs)}${claims('OutputClaim', p.outputs)}${includes}
    </TechnicalProfile>`;
}

export function claimsSchema(...ids: string[]): string {
  return `  <BuildingBlocks>\n    <ClaimsSchema>\n${ids.map((id) => `      <ClaimType Id="${id}">\n        <DisplayName>${id}</DisplayName>\n        <DataType>string</DataType>\n      </ClaimType>`).join('\n')}\n    </ClaimsSchema>\n  </BuildingBlocks>`;
}

export function claimsProviders(...profiles: string[]): string {
  return `  <ClaimsProviders>\n    <ClaimsProvider>\n      <DisplayName>Provider</DisplayName>\n      <TechnicalProfiles>\n${profiles.join('\n')}\n      </TechnicalProfiles>\n    </ClaimsProvider>\n  </ClaimsProviders>`;
}

export const COMMON_CLAIMS = ['email', 'objectId', 'accessToken', 'payload', 'token'];

/** One policy file holding the common claims and the given profiles. */
export function singleFile(profiles: ProfileSpec[], opts: { mode?: string; id?: string } = {}): string {
  const extra = opts.mode ? ` DeploymentMode="${opts.mode}"` : '';
  return `<!-- file: /p/Policy.xml -->\n${policy(opts.id ?? 'B2C_1A_Policy', claimsSchema(...COMMON_CLAIMS) + '\n' + claimsProviders(...profiles.map(profile)), undefined, extra)}`;
}

/** A RESTful profile `REST-Api` with https ServiceUrl and the given extra Metadata/keys. */
export function rest(meta: Items, keys: Items = [], more: Partial<ProfileSpec> = {}): ProfileSpec {
  return { id: 'REST-Api', protocol: restProtocol, meta: [['ServiceUrl', 'https://api.contoso.com/check'], ...meta], keys, inputs: ['email'], outputs: ['objectId'], ...more };
}
