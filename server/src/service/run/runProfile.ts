/**
 * Run profiles: the workspace file (`.vscode/b2c-run.json`) that says how to run a relying party — client id,
 * redirect URI, scopes, response type and mode, prompt, PKCE, custom domain, extra parameters. Parsing keeps
 * offsets so that every problem lands on the value that causes it; `schema/b2c-run.schema.json` describes the
 * same shape for the editor's completion, and a test keeps the two in agreement.
 */
import { Node, ParseError, findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import { AuthorizeRequest, RequestField, RequestProblem, checkAuthorizeRequest } from './authorizeRequest';

export const RUN_PROFILE_FILE = '.vscode/b2c-run.json';
export const DEFAULT_REDIRECT_URI = 'https://jwt.ms';
export const DEFAULT_NONCE = 'defaultNonce';

export interface RunProfile {
  readonly name: string;
  readonly clientId: string;
  readonly redirectUri?: string;
  readonly scopes?: readonly string[];
  readonly responseType?: string;
  readonly responseMode?: string;
  readonly prompt?: string;
  readonly pkce?: boolean;
  readonly spa?: boolean;
  readonly customDomain?: string;
  readonly nonce?: string;
  readonly state?: string;
  /** The appsettings.json environment whose settings resolve `{Settings:...}` in the policy. */
  readonly environment?: string;
  readonly extraParameters?: Readonly<Record<string, string>>;
}

/** A problem at offsets of the run-profile file. */
export interface ProfileFileProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

type Kind = 'string' | 'boolean' | 'string[]' | 'map';
const FIELDS: Record<keyof RunProfile, Kind> = {
  name: 'string', clientId: 'string', redirectUri: 'string', scopes: 'string[]', responseType: 'string', responseMode: 'string',
  prompt: 'string', pkce: 'boolean', spa: 'boolean', customDomain: 'string', nonce: 'string', state: 'string', environment: 'string',
  extraParameters: 'map',
};
const REQUIRED: ReadonlyArray<keyof RunProfile> = ['name', 'clientId'];

export interface ParsedProfiles {
  readonly profiles: ReadonlyArray<{ readonly profile: RunProfile; readonly node: Node }>;
  readonly problems: readonly ProfileFileProblem[];
}

/** Reads the file; a profile with a shape problem is reported and left out. Never throws. */
export function parseRunProfiles(text: string): ParsedProfiles {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems: ProfileFileProblem[] = errors.map((e) => shape(`The file is not valid JSON here (${printParseErrorCode(e.error)}).`, e.offset, e.offset + Math.max(e.length, 1)));
  if (!root) return { profiles: [], problems };
  if (root.type !== 'object') return { profiles: [], problems: [...problems, shapeAt('The file must hold an object with a "profiles" array.', root)] };
  const list = findNodeAtLocation(root, ['profiles']);
  for (const p of root.children ?? []) {
    const key = p.children?.[0];
    if (key && key.value !== 'profiles' && key.value !== '$schema') problems.push(shapeAt(`Unknown property "${key.value}": the file holds "profiles" (and optionally "$schema").`, key));
  }
  if (!list) return { profiles: [], problems: [...problems, shapeAt('The file needs a "profiles" array.', root)] };
  if (list.type !== 'array') return { profiles: [], problems: [...problems, shapeAt('"profiles" must be an array of run profiles.', list)] };
  const profiles: Array<{ profile: RunProfile; node: Node }> = [];
  const names = new Set<string>();
  for (const node of list.children ?? []) {
    const own = checkProfileShape(node);
    problems.push(...own);
    if (own.length) continue;
    const profile = getNodeValue(node) as RunProfile;
    if (names.has(profile.name)) problems.push(shapeAt(`Another profile is already named "${profile.name}".`, findNodeAtLocation(node, ['name'])!));
    names.add(profile.name);
    profiles.push({ profile, node });
  }
  return { profiles, problems };
}

function checkProfileShape(node: Node): ProfileFileProblem[] {
  if (node.type !== 'object') return [shapeAt('A run profile is an object with at least "name" and "clientId".', node)];
  const out: ProfileFileProblem[] = [];
  const seen = new Set<string>();
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key) continue;
    seen.add(key.value);
    const kind = FIELDS[key.value as keyof RunProfile];
    if (!kind) out.push(shapeAt(`Unknown run-profile property "${key.value}". Known: ${Object.keys(FIELDS).join(', ')}.`, key));
    else if (value && !hasKind(value, kind)) out.push(shapeAt(`"${key.value}" must be ${KIND_TEXT[kind]}.`, value));
  }
  for (const r of REQUIRED) if (!seen.has(r)) out.push(shapeAt(`The profile needs "${r}".`, node, true));
  return out;
}

const KIND_TEXT: Record<Kind, string> = {
  string: 'a string', boolean: 'true or false', 'string[]': 'an array of strings', map: 'an object of string values',
};

function hasKind(node: Node, kind: Kind): boolean {
  switch (kind) {
    case 'string': return node.type === 'string';
    case 'boolean': return node.type === 'boolean';
    case 'string[]': return node.type === 'array' && (node.children ?? []).every((c) => c.type === 'string');
    case 'map': return node.type === 'object' && (node.children ?? []).every((p) => p.children?.[1]?.type === 'string');
  }
}

/** The authorize request a profile describes, with the defaults filled in (no PKCE challenge yet). */
export function requestOf(p: RunProfile, codeChallenge?: string): AuthorizeRequest {
  return {
    clientId: p.clientId,
    redirectUri: p.redirectUri ?? DEFAULT_REDIRECT_URI,
    scopes: p.scopes ?? ['openid'],
    responseType: p.responseType ?? 'id_token',
    responseMode: p.responseMode,
    prompt: p.prompt,
    nonce: p.nonce ?? DEFAULT_NONCE,
    state: p.state,
    codeChallenge,
    pkce: p.pkce,
    spa: p.spa,
    extraParameters: p.extraParameters,
  };
}

const FIELD_PROPERTY: Record<RequestField, keyof RunProfile> = {
  clientId: 'clientId', redirectUri: 'redirectUri', scopes: 'scopes', responseType: 'responseType', responseMode: 'responseMode', prompt: 'prompt', pkce: 'pkce',
};

/** Every problem of the file: its shape (B751), then the request rules (B752-B759) on each well-formed profile. */
export function checkRunProfileFile(text: string): ProfileFileProblem[] {
  const parsed = parseRunProfiles(text);
  const out = [...parsed.problems];
  for (const { profile, node } of parsed.profiles) {
    for (const p of checkAuthorizeRequest(requestOf(profile))) out.push(placeProblem(p, node));
  }
  return out;
}

/** On the property's value when the profile sets it, else on the profile's "name" (the default is what breaks). */
function placeProblem(p: RequestProblem, profile: Node): ProfileFileProblem {
  const at = findNodeAtLocation(profile, [FIELD_PROPERTY[p.field]]) ?? findNodeAtLocation(profile, ['name']) ?? profile;
  const message = p.serviceCode ? `${p.message} (the service answers ${p.serviceCode})` : p.message;
  return { code: p.code, severity: p.severity, message, start: at.offset, end: at.offset + at.length };
}

function shape(message: string, start: number, end: number): ProfileFileProblem {
  return { code: 'B751', severity: 'error', message, start, end };
}

/** `head` marks only the first character of an object (a whole profile would underline many lines). */
function shapeAt(message: string, node: Node, head = false): ProfileFileProblem {
  return shape(message, node.offset, node.offset + (head ? 1 : node.length));
}

/** Finds a profile by name (exact, then case-insensitive). */
export function findProfile(profiles: readonly RunProfile[], name: string): RunProfile | undefined {
  return profiles.find((p) => p.name === name) ?? profiles.find((p) => p.name.toLowerCase() === name.toLowerCase());
}
