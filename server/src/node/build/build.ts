/**
 * `b2c-policy build` and the editor's build commands: replaces `{Settings:...}` per environment of appsettings.json,
 * checks each environment's output with that environment's Production flag, lists its policy keys, and writes
 * `<EnvironmentsFolder>/<Name>/...` keeping subfolders. Sources are only read, never written.
 *
 * Nothing is written when a placeholder is unknown in an environment being built: a half-built environment folder
 * could be uploaded by mistake. Checker errors on the output are reported, and the output is written so it can be read.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as crypto from 'crypto';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { PolicyIndex, doValidation, parsePolicy, ValidationOptions, LineIndex } from '../../service/languageService';
import {
  AppSettingsModel, EnvironmentModel, findEnvironment, isPolicyIncluded, isTokenDefined, outputFileName, parseAppSettings,
  replaceSettingsTokens, sourceOffset, Replacement,
} from '../../service/environments/appSettingsModel';
import { checkBuiltPolicy } from '../../service/environments/environmentChecks';
import { findXmlFiles, looksLikePolicy, pathToUri, readPolicyText, readSmallText } from '../files';

export const APP_SETTINGS_FILE = 'appsettings.json';
/** Written into each environment folder: what was built, for `deploy` (which then ignores stale files). */
export const BUILD_MANIFEST = '.b2c-build.json';

export type FindingSeverity = 'error' | 'warning' | 'info' | 'hint';

/** One problem, in source terms (1-based line and column) when it can be mapped there. */
export interface BuildFinding {
  /** Absolute path of the file the position is in (the source policy, or appsettings.json). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: FindingSeverity;
  readonly code: string;
  readonly message: string;
  readonly environment?: string;
}

export interface BuiltFile {
  readonly source: string;
  /** Path relative to the policies folder, with '/'. */
  readonly relative: string;
  readonly output: string;
  readonly policyId?: string;
  readonly basePolicyId?: string;
  readonly text: string;
}

export interface EnvironmentBuild {
  readonly env: EnvironmentModel;
  readonly folder: string;
  readonly files: readonly BuiltFile[];
  /** Every StorageReferenceId the environment's policies use, with the files (relative) that use it; sorted. */
  readonly keys: ReadonlyArray<{ readonly id: string; readonly files: readonly string[] }>;
}

export interface BuildRequest {
  /** The appsettings.json to build from. */
  readonly settingsFile: string;
  /** Environment names (case-insensitive); all environments when empty. */
  readonly environments?: readonly string[];
  /** Where environment folders go; default `<folder of appsettings.json>/<EnvironmentsFolder>`. */
  readonly outDir?: string;
  /** Files or folders to build (absolute); a file means that file only. Default: every policy under PoliciesFolder. */
  readonly only?: readonly string[];
  readonly validation?: ValidationOptions;
  /** Also report information and hints from the checker. */
  readonly verbose?: boolean;
  /** False: compute everything, write nothing (tests, dry runs). */
  readonly write?: boolean;
}

export interface BuildResult {
  readonly model: AppSettingsModel;
  readonly root: string;
  readonly policiesRoot: string;
  readonly environments: readonly EnvironmentBuild[];
  readonly findings: readonly BuildFinding[];
  readonly written: boolean;
  readonly errors: number;
  readonly warnings: number;
}

/** A request that cannot start: no settings file, unknown environment, nothing to build. */
export class BuildSetupError extends Error {}

export function buildPolicies(req: BuildRequest): BuildResult {
  const settingsText = readSettingsText(req.settingsFile);
  const model = parseAppSettings(settingsText);
  const root = path.dirname(path.resolve(req.settingsFile));
  const settingsProblems = model.problems.map((p) => settingsFinding(req.settingsFile, settingsText, p.offset, p.message));
  if (!model.environments.length) throw new BuildSetupError(`${APP_SETTINGS_FILE} defines no environment with a Name${settingsProblems.length ? `: ${settingsProblems[0].message}` : '.'}`);
  const envs = selectEnvironments(model, req.environments ?? []);
  const policiesRoot = path.resolve(root, model.policiesFolder ?? '.');
  const outRoot = path.resolve(req.outDir ?? path.join(root, model.environmentsFolder));
  const sources = findSources(policiesRoot, outRoot, req.only);
  if (!sources.length) throw new BuildSetupError(`No policy files to build under ${path.relative(process.cwd(), policiesRoot) || '.'}.`);
  const findings: BuildFinding[] = [...settingsProblems];
  const builds: EnvironmentBuild[] = [];
  const replacedByOutput = new Map<string, { source: BuiltFile; replaced: readonly Replacement[]; sourceLines: LineIndex }>();
  let placeholderErrors = 0;
  for (const env of envs) {
    const files: BuiltFile[] = [];
    for (const src of sources) {
      if (!isPolicyIncluded(env, src.relative)) continue;
      const r = replaceSettingsTokens(src.text, env, { fileName: path.basename(src.path) });
      for (const t of r.unresolved) {
        placeholderErrors++;
        findings.push(placeholderFinding(src, t.offset, t.name, env, model));
      }
      const parsed = parsePolicy(pathToUri(src.path), null, r.text).file;
      const outName = outputFileName(model, path.basename(src.relative), parsed.policyId?.value);
      const output = path.join(outRoot, env.name, path.dirname(src.relative), outName);
      const built: BuiltFile = { source: src.path, relative: src.relative, output, policyId: parsed.policyId?.value, basePolicyId: parsed.basePolicy?.policyId?.value, text: r.text };
      files.push(built);
      replacedByOutput.set(env.name + '\0' + output, { source: built, replaced: r.replaced, sourceLines: src.lines });
    }
    builds.push({ env, folder: path.join(outRoot, env.name), files, keys: [] });
  }
  const collisions = checkOutputNames(builds, findings);
  if (placeholderErrors === 0) {
    for (let i = 0; i < builds.length; i++) builds[i] = checkEnvironment(builds[i], req, replacedByOutput, findings);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const written = placeholderErrors === 0 && collisions === 0 && req.write !== false;
  if (written) for (const b of builds) writeEnvironment(b, root, findings.filter((f) => f.environment === b.env.name && f.severity === 'error').length);
  return { model, root, policiesRoot, environments: builds, findings: sortFindings(findings), written, errors, warnings: findings.filter((f) => f.severity === 'warning').length };
}

/** The appsettings.json for a build: the one given, else in the current folder, else in the nearest parent of the first path. */
export function findSettingsFile(cwd: string, explicit: string | undefined, firstPath: string | undefined): string | undefined {
  if (explicit) return path.resolve(cwd, explicit);
  const candidates = [cwd];
  if (firstPath) {
    let dir = path.resolve(cwd, firstPath);
    if (!isDirectory(dir)) dir = path.dirname(dir);
    for (;;) {
      candidates.push(dir);
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return candidates.map((d) => path.join(d, APP_SETTINGS_FILE)).find((f) => fs.existsSync(f));
}

/** appsettings.json's text; one that is not a small regular file is refused at once (readSmallText). */
export function readSettingsText(file: string): string {
  const r = readSmallText(file);
  if ('text' in r) return r.text;
  throw new BuildSetupError(`${file} ${'problem' in r ? r.problem : 'cannot be read (ENOENT)'}.`);
}

function selectEnvironments(model: AppSettingsModel, names: readonly string[]): EnvironmentModel[] {
  if (!names.length) return [...model.environments];
  return names.map((n) => {
    const env = findEnvironment(model, n);
    if (!env) throw new BuildSetupError(`No environment named '${n}' in ${APP_SETTINGS_FILE}; it defines ${model.environments.map((e) => e.name).join(', ')}.`);
    return env;
  });
}

interface SourceFile {
  readonly path: string;
  readonly relative: string;
  readonly text: string;
  readonly lines: LineIndex;
}

function findSources(policiesRoot: string, outRoot: string, only: readonly string[] | undefined): SourceFile[] {
  const insideOut = (p: string) => p === outRoot || p.startsWith(outRoot + path.sep);
  const all = findXmlFiles([policiesRoot], { exclude: (rel) => insideOut(path.join(policiesRoot, rel)) });
  const wanted = only?.length ? only.map((p) => path.resolve(p)) : undefined;
  const out: SourceFile[] = [];
  for (const p of all.sort()) {
    if (insideOut(p)) continue;
    if (wanted && !wanted.some((w) => p === w || p.startsWith(w + path.sep))) continue;
    const { text, problem } = readPolicyText(p);
    if (problem || !looksLikePolicy(text)) continue;
    out.push({ path: p, relative: path.relative(policiesRoot, p).split(path.sep).join('/'), text, lines: LineIndex.of(text) });
  }
  return out;
}

function placeholderFinding(src: SourceFile, offset: number, name: string, env: EnvironmentModel, model: AppSettingsModel): BuildFinding {
  const pos = src.lines.positionAt(offset);
  const elsewhere = model.environments.filter((e) => e !== env && isTokenDefined(e, name)).map((e) => e.name);
  const message = elsewhere.length
    ? `{Settings:${name}} has no value in environment ${env.name} (it is defined in ${elsewhere.join(', ')}); add it to that environment's PolicySettings in ${APP_SETTINGS_FILE}.`
    : `{Settings:${name}} is not defined in ${APP_SETTINGS_FILE}: no environment has a PolicySettings entry ${name}.`;
  return { file: src.path, line: pos.line + 1, column: pos.character + 1, severity: 'error', code: elsewhere.length ? 'B702' : 'B701', message, environment: env.name };
}

function settingsFinding(file: string, text: string, offset: number, message: string): BuildFinding {
  const pos = LineIndex.of(text).positionAt(offset);
  // Shape problems leave the rest of the file usable; they are warnings unless nothing can be built.
  return { file, line: pos.line + 1, column: pos.character + 1, severity: 'warning', code: 'B707', message };
}

/** Two sources that would land on the same output path (OutputNames: PolicyId with two files of one PolicyId). */
function checkOutputNames(builds: readonly EnvironmentBuild[], findings: BuildFinding[]): number {
  let collisions = 0;
  for (const b of builds) {
    const seen = new Map<string, BuiltFile>();
    for (const f of b.files) {
      const key = f.output.toLowerCase();
      const other = seen.get(key);
      if (other) collisions++;
      if (other) findings.push({ file: f.source, line: 1, column: 1, severity: 'error', code: 'B707', environment: b.env.name, message: `${f.relative} and ${other.relative} have the same output file ${path.basename(f.output)} in ${b.env.name}; nothing is written.` });
      seen.set(key, f);
    }
  }
  return collisions;
}

type ReplacedMap = ReadonlyMap<string, { source: BuiltFile; replaced: readonly Replacement[]; sourceLines: LineIndex }>;

function checkEnvironment(b: EnvironmentBuild, req: BuildRequest, replaced: ReplacedMap, findings: BuildFinding[]): EnvironmentBuild {
  const index = new PolicyIndex();
  const parsed = b.files.map((f) => {
    const p = parsePolicy(pathToUri(f.output), null, f.text);
    index.set(p.file);
    return { built: f, ...p };
  });
  const options: ValidationOptions = { ...req.validation, ...(b.env.production ? { defaultDeploymentMode: 'Production' as const } : {}) };
  const keys = new Map<string, Set<string>>();
  for (const { built, xml, file } of parsed) {
    const diagnostics: Diagnostic[] = [...doValidation({ file, xml, index, options }), ...checkBuiltPolicy(xml, b.env)];
    const info = replaced.get(b.env.name + '\0' + built.output)!;
    for (const d of diagnostics) {
      const severity = severityName(d.severity);
      if (!req.verbose && (severity === 'info' || severity === 'hint')) continue;
      const outOffset = file.lines.offsetAt(d.range.start);
      const pos = info.sourceLines.positionAt(sourceOffset(info.replaced, outOffset));
      findings.push({ file: built.source, line: pos.line + 1, column: pos.character + 1, severity, code: String(d.code ?? ''), message: typeof d.message === 'string' ? d.message : d.message.value, environment: b.env.name });
    }
    for (const r of file.references) {
      if (r.target !== 'PolicyKey' || !r.value) continue;
      const set = keys.get(r.value) ?? new Set<string>();
      set.add(built.relative);
      keys.set(r.value, set);
    }
  }
  const keyList = [...keys].sort(([a], [b2]) => a.toLowerCase().localeCompare(b2.toLowerCase())).map(([id, files]) => ({ id, files: [...files].sort() }));
  return { ...b, keys: keyList };
}

function severityName(s: DiagnosticSeverity | undefined): FindingSeverity {
  switch (s) {
    case DiagnosticSeverity.Warning: return 'warning';
    case DiagnosticSeverity.Information: return 'info';
    case DiagnosticSeverity.Hint: return 'hint';
    default: return 'error';
  }
}

function writeEnvironment(b: EnvironmentBuild, root: string, errors: number): void {
  for (const f of b.files) {
    fs.mkdirSync(path.dirname(f.output), { recursive: true });
    fs.writeFileSync(f.output, f.text, 'utf8');
  }
  const manifest = {
    environment: b.env.name,
    tenant: b.env.tenant,
    production: b.env.production,
    /** Deploy refuses a build with errors. */
    errors,
    files: b.files.map((f) => ({
      path: path.relative(b.folder, f.output).split(path.sep).join('/'),
      source: path.relative(root, f.source).split(path.sep).join('/'),
      policyId: f.policyId ?? null,
      basePolicyId: f.basePolicyId ?? null,
      sha256: sha256(f.text),
    })),
    keys: b.keys,
  };
  fs.mkdirSync(b.folder, { recursive: true });
  fs.writeFileSync(path.join(b.folder, BUILD_MANIFEST), JSON.stringify(manifest, null, 2) + '\n', 'utf8');
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

function sortFindings(list: BuildFinding[]): BuildFinding[] {
  return list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.environment ?? '').localeCompare(b.environment ?? '')));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
