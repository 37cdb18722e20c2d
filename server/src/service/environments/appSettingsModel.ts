/**
 * The environment model of `appsettings.json`, in the format of Microsoft's Azure AD B2C extension for VS Code,
 * plus a few additions that the extension lacks. Pure: text in, data out; no I/O, never throws.
 *
 * Exports (stable API, shared by `b2c-policy build`/`deploy`, the editor features and run profiles):
 * - `parseAppSettings(text)` → `AppSettingsModel`: environments with Name, Tenant, Production, merged settings,
 *   include/exclude globs; the folders; problems found in the file (with offsets).
 * - `findEnvironment(model, name)` — case-insensitive lookup of one environment.
 * - `resolveToken(env, name, file?)` — the value of `{Settings:<name>}` in one environment, or undefined.
 * - `findSettingsTokens(text)` — every `{Settings:<name>}` in a text, with offsets.
 * - `replaceSettingsTokens(text, env, file)` — the text with every token replaced, plus the tokens left unresolved.
 * - `isPolicyIncluded(env, relativePath)` — whether an environment builds a given policy file.
 * - `outputFileName(model, env, fileName, policyId)` — the file name a build writes.
 * - `BUILT_IN_TOKENS`, `DEFAULT_ENVIRONMENTS_FOLDER`.
 *
 * The format (every key matched case-insensitively, as .NET configuration does):
 * ```json
 * { "PoliciesFolder": "Policies", "EnvironmentsFolder": "Environments",
 *   "PolicySettings": { "Shared": "default for every environment" },          // ours: shared defaults
 *   "OutputNames": "PolicyId",                                                // ours: "File" (default) or "PolicyId"
 *   "Environments": [ { "Name": "Test", "Tenant": "contoso-test.onmicrosoft.com", "Production": false,
 *     "PolicySettings": { "Key": "value" },
 *     "Include": ["**"], "Exclude": ["Tests/**"] } ] }                          // ours: globs over policy paths
 * ```
 * Tokens, matched case-insensitively as that extension's regular expressions do: `{Settings:Tenant}`,
 * `{Settings:Filename}` (file name without extension), `{Settings:PolicyFilename}` (the same without `B2C_1A_`),
 * `{Settings:Environment}` (the environment's Name), and `{Settings:<key>}` from PolicySettings. The built-in names
 * win over a PolicySettings key of the same name, because the extension replaces them first.
 */
import { Node, ParseError, parseTree } from 'jsonc-parser';

export const DEFAULT_ENVIRONMENTS_FOLDER = 'Environments';
export const BUILT_IN_TOKENS = ['Tenant', 'Filename', 'PolicyFilename', 'Environment'] as const;

/** A span in the appsettings.json text (UTF-16 offsets). */
export interface TextSpan {
  readonly offset: number;
  readonly length: number;
}

export interface SettingEntry {
  /** The key as written in the file. */
  readonly name: string;
  /** The value as text (numbers and booleans are written as JSON writes them). */
  readonly value: string;
  /** Where the key is written: in this environment or in the shared defaults. */
  readonly source: 'environment' | 'defaults';
  readonly keySpan: TextSpan;
}

export interface EnvironmentModel {
  readonly name: string;
  readonly tenant: string;
  readonly production: boolean;
  /** Settings after merging the shared defaults under the environment's own, keyed by lower-case name. */
  readonly settings: ReadonlyMap<string, SettingEntry>;
  /** Globs over policy paths relative to the policies folder; undefined means every file. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** The environment's object, its Name value and its PolicySettings object (if present) in the file. */
  readonly span: TextSpan;
  readonly nameSpan?: TextSpan;
  readonly policySettingsSpan?: TextSpan;
  /** The JSON path of the environment in the file, e.g. ['Environments', 1]. */
  readonly path: readonly (string | number)[];
}

export interface AppSettingsProblem extends TextSpan {
  readonly message: string;
}

export interface AppSettingsModel {
  readonly environmentsFolder: string;
  readonly policiesFolder?: string;
  readonly outputNames: 'File' | 'PolicyId';
  /** The top-level PolicySettings (ours: shared defaults), keyed by lower-case name. */
  readonly defaults: ReadonlyMap<string, SettingEntry>;
  readonly environments: readonly EnvironmentModel[];
  /** Syntax errors and shape errors; the model holds whatever could still be read. */
  readonly problems: readonly AppSettingsProblem[];
}

/** A `{Settings:<name>}` occurrence in a text. */
export interface SettingsToken extends TextSpan {
  readonly name: string;
}

/** The file a token is replaced in, for `{Settings:Filename}` and `{Settings:PolicyFilename}`. */
export interface TokenFile {
  /** The file's base name, with extension (e.g. `B2C_1A_signup_signin.xml`). */
  readonly fileName: string;
}

export function parseAppSettings(text: string): AppSettingsModel {
  const errors: ParseError[] = [];
  const root = parseTree(text.replace(/^\uFEFF/, ' '), errors, { allowTrailingComma: true, disallowComments: false });
  const problems: AppSettingsProblem[] = errors.map((e) => ({ offset: e.offset, length: Math.max(1, e.length), message: 'appsettings.json is not valid JSON here.' }));
  if (!root || root.type !== 'object') {
    if (root) problems.push({ ...spanOf(root), message: 'appsettings.json must hold a JSON object.' });
    return { environmentsFolder: DEFAULT_ENVIRONMENTS_FOLDER, outputNames: 'File', defaults: new Map(), environments: [], problems };
  }
  const defaults = readSettings(property(root, 'PolicySettings'), 'defaults', problems);
  const envsNode = property(root, 'Environments');
  const environments: EnvironmentModel[] = [];
  if (envsNode && envsNode.type === 'array') {
    (envsNode.children ?? []).forEach((node, i) => {
      const env = readEnvironment(node, i, defaults, problems, keyName(envsNode));
      if (env) environments.push(env);
    });
    reportDuplicateNames(environments, problems);
  } else if (envsNode) problems.push({ ...spanOf(envsNode), message: 'Environments must be a list of environments.' });
  return {
    environmentsFolder: folderValue(property(root, 'EnvironmentsFolder'), problems) ?? DEFAULT_ENVIRONMENTS_FOLDER,
    policiesFolder: folderValue(property(root, 'PoliciesFolder'), problems),
    outputNames: outputNamesValue(property(root, 'OutputNames'), problems),
    defaults, environments, problems,
  };
}

/** The environment with this Name, matched case-insensitively; undefined if there is none. */
export function findEnvironment(model: AppSettingsModel, name: string): EnvironmentModel | undefined {
  const key = name.toLowerCase();
  return model.environments.find((e) => e.name.toLowerCase() === key);
}

/**
 * The value of `{Settings:<name>}` in one environment, or undefined when it is unknown there.
 * Without a file, Filename and PolicyFilename are known but have no value: callers that only ask
 * "is this token defined?" pass no file and test for undefined on settings only (see `isTokenDefined`).
 */
export function resolveToken(env: EnvironmentModel, name: string, file?: TokenFile): string | undefined {
  switch (name.toLowerCase()) {
    case 'tenant': return env.tenant;
    case 'environment': return env.name;
    case 'filename': return file ? stripExtension(file.fileName) : undefined;
    case 'policyfilename': return file ? stripExtension(file.fileName).replace(/B2C_1A_/g, '') : undefined;
    default: return env.settings.get(name.toLowerCase())?.value;
  }
}

/** Whether `{Settings:<name>}` has a value in this environment, whatever file it is in. */
export function isTokenDefined(env: EnvironmentModel, name: string): boolean {
  return isBuiltInToken(name) || env.settings.has(name.toLowerCase());
}

export function isBuiltInToken(name: string): boolean {
  const key = name.toLowerCase();
  return BUILT_IN_TOKENS.some((t) => t.toLowerCase() === key);
}

const TOKEN = /\{Settings:([^{}\s]+)\}/gi;

/** Every `{Settings:<name>}` in the text, in order. A name has no spaces or braces. */
export function findSettingsTokens(text: string): SettingsToken[] {
  const out: SettingsToken[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ name: m[1], offset: m.index!, length: m[0].length });
  return out;
}

/**
 * The text with every known token replaced in one pass (a value that itself contains `{Settings:...}` is left as
 * written, so a build never depends on the order of the keys), and the tokens that are unknown in this environment,
 * left in place.
 */
export function replaceSettingsTokens(text: string, env: EnvironmentModel, file: TokenFile): { text: string; unresolved: SettingsToken[] } {
  const unresolved: SettingsToken[] = [];
  let out = '';
  let last = 0;
  for (const t of findSettingsTokens(text)) {
    const value = resolveToken(env, t.name, file);
    if (value === undefined) { unresolved.push(t); continue; }
    out += text.slice(last, t.offset) + value;
    last = t.offset + t.length;
  }
  return { text: out + text.slice(last), unresolved };
}

/** Whether the environment builds this policy file; the path is relative to the policies folder, with `/`. */
export function isPolicyIncluded(env: EnvironmentModel, relativePath: string): boolean {
  const p = relativePath.replace(/\\/g, '/');
  if (env.include && !env.include.some((g) => globMatches(g, p))) return false;
  return !(env.exclude ?? []).some((g) => globMatches(g, p));
}

/** The file name a build writes: the source's name, or `<PolicyId>.xml` when OutputNames is PolicyId and the file has one. */
export function outputFileName(model: AppSettingsModel, fileName: string, policyId: string | undefined): string {
  if (model.outputNames === 'PolicyId' && policyId && /^[\w.-]+$/.test(policyId)) return policyId + '.xml';
  return fileName;
}

/** Matches a glob (`**`, `*`, `?`) against a `/` path, case-insensitively. Linear: no backtracking regex. */
export function globMatches(glob: string, path: string): boolean {
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '').toLowerCase();
  const segs = g.split('/');
  const parts = path.toLowerCase().split('/');
  return matchSegments(segs, 0, parts, 0, new Map());
}

function matchSegments(g: string[], gi: number, p: string[], pi: number, memo: Map<number, boolean>): boolean {
  const key = gi * (p.length + 1) + pi;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let result: boolean;
  if (gi === g.length) result = pi === p.length;
  else if (g[gi] === '**') result = matchSegments(g, gi + 1, p, pi, memo) || (pi < p.length && matchSegments(g, gi, p, pi + 1, memo));
  else result = pi < p.length && segmentMatches(g[gi], p[pi]) && matchSegments(g, gi + 1, p, pi + 1, memo);
  memo.set(key, result);
  return result;
}

/** `*` and `?` within one path segment, by dynamic programming (no regex, so no ReDoS). */
function segmentMatches(glob: string, s: string): boolean {
  let prev = new Array<boolean>(s.length + 1).fill(false);
  prev[0] = true;
  for (const c of glob) {
    const next = new Array<boolean>(s.length + 1).fill(false);
    if (c === '*') {
      let any = false;
      for (let j = 0; j <= s.length; j++) { any = any || prev[j]; next[j] = any; }
    } else {
      for (let j = 1; j <= s.length; j++) next[j] = prev[j - 1] && (c === '?' || c === s[j - 1]);
    }
    prev = next;
  }
  return prev[s.length];
}

function readEnvironment(node: Node, index: number, defaults: ReadonlyMap<string, SettingEntry>, problems: AppSettingsProblem[], listKey: string): EnvironmentModel | undefined {
  if (node.type !== 'object') {
    problems.push({ ...spanOf(node), message: 'Each environment must be an object with a Name.' });
    return undefined;
  }
  const nameNode = property(node, 'Name');
  const name = nameNode?.type === 'string' ? String(nameNode.value).trim() : '';
  if (!name) {
    problems.push({ ...spanOf(nameNode ?? node), message: 'This environment has no Name, so it cannot be built.' });
    return undefined;
  }
  const settingsNode = property(node, 'PolicySettings');
  const own = readSettings(settingsNode, 'environment', problems);
  const settings = new Map(defaults);
  for (const [k, v] of own) settings.set(k, v);
  const tenantNode = property(node, 'Tenant');
  const productionNode = property(node, 'Production');
  if (productionNode && productionNode.type !== 'boolean') problems.push({ ...spanOf(productionNode), message: 'Production must be true or false.' });
  return {
    name,
    tenant: tenantNode?.type === 'string' ? String(tenantNode.value) : '',
    production: productionNode?.value === true,
    settings,
    include: globList(property(node, 'Include'), problems),
    exclude: globList(property(node, 'Exclude'), problems),
    span: spanOf(node),
    nameSpan: spanOf(nameNode!),
    policySettingsSpan: settingsNode?.type === 'object' ? spanOf(settingsNode) : undefined,
    path: [listKey, index],
  };
}

function readSettings(node: Node | undefined, source: SettingEntry['source'], problems: AppSettingsProblem[]): Map<string, SettingEntry> {
  const out = new Map<string, SettingEntry>();
  if (!node) return out;
  if (node.type !== 'object') {
    problems.push({ ...spanOf(node), message: 'PolicySettings must be an object of names and values.' });
    return out;
  }
  for (const prop of node.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode) continue;
    const name = String(keyNode.value);
    if (valueNode.type === 'object' || valueNode.type === 'array') {
      problems.push({ ...spanOf(valueNode), message: `The value of ${name} must be text, a number or a boolean: a token is replaced by plain text.` });
      continue;
    }
    const value = valueNode.type === 'null' ? '' : String(valueNode.value);
    out.set(name.toLowerCase(), { name, value, source, keySpan: spanOf(keyNode) });
  }
  return out;
}

function reportDuplicateNames(envs: readonly EnvironmentModel[], problems: AppSettingsProblem[]): void {
  const seen = new Set<string>();
  for (const e of envs) {
    const key = e.name.toLowerCase();
    if (seen.has(key)) problems.push({ ...(e.nameSpan ?? e.span), message: `Another environment is already named ${e.name}; both would build into the same folder.` });
    seen.add(key);
  }
}

function folderValue(node: Node | undefined, problems: AppSettingsProblem[]): string | undefined {
  if (!node) return undefined;
  const v = node.type === 'string' ? String(node.value).trim() : '';
  if (!v || /(^|[\\/])\.\.([\\/]|$)/.test(v) || /^([a-z]:)?[\\/]/i.test(v)) {
    problems.push({ ...spanOf(node), message: 'A folder must be a relative path inside the workspace folder.' });
    return undefined;
  }
  return v.replace(/\\/g, '/').replace(/\/+$/, '');
}

function outputNamesValue(node: Node | undefined, problems: AppSettingsProblem[]): 'File' | 'PolicyId' {
  if (!node) return 'File';
  const v = node.type === 'string' ? String(node.value).toLowerCase() : '';
  if (v === 'policyid') return 'PolicyId';
  if (v !== 'file') problems.push({ ...spanOf(node), message: 'OutputNames must be "File" or "PolicyId".' });
  return 'File';
}

function globList(node: Node | undefined, problems: AppSettingsProblem[]): string[] | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return [String(node.value)];
  if (node.type === 'array' && (node.children ?? []).every((c) => c.type === 'string')) return (node.children ?? []).map((c) => String(c.value));
  problems.push({ ...spanOf(node), message: 'Include and Exclude must be a glob or a list of globs.' });
  return undefined;
}

/** A property's value node, the key matched case-insensitively; with duplicate keys the first one is read. */
function property(obj: Node, name: string): Node | undefined {
  const key = name.toLowerCase();
  for (const prop of obj.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k && String(k.value).toLowerCase() === key) return v;
  }
  return undefined;
}

function keyName(valueNode: Node): string {
  const k = valueNode.parent?.children?.[0];
  return k ? String(k.value) : 'Environments';
}

function spanOf(node: Node): TextSpan {
  return { offset: node.offset, length: node.length };
}

function stripExtension(fileName: string): string {
  return fileName.replace(/\.[^/.]+$/, '');
}
