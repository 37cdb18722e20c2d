/**
 * Names for `{Settings:<name>}` completion, read from `appsettings.json` at the root of each workspace
 * folder. The format is the one Microsoft's Azure AD B2C extension for VS Code uses:
 * `{ "Environments": [ { "Name": "...", "Production": bool, "Tenant": "...", "PolicySettings": { "Key": "value" } } ] }`.
 * The language service never reads files; the server reads these and hands the names (and the parsed model, for
 * the {Settings:...} diagnostics, hover and definition) in.
 */
import * as path from 'path';
import { AppSettingsModel, parseAppSettings } from '../service/environments/appSettingsModel';
import type { SettingsContext } from '../service/features/appSettings/settingsPlaceholders';
import { pathToUri, readBounded, uriToPath } from './files';

export const APP_SETTINGS_FILE = 'appsettings.json';
/** A settings file larger than this is not a B2C appsettings.json worth parsing. */
const MAX_BYTES = 1024 * 1024;

/** Every PolicySettings key of every environment, in the appsettings.json of each folder (sorted, unique). */
export function readSettingsNames(folders: readonly string[]): string[] {
  const names = new Set<string>();
  for (const folder of folders) for (const n of settingsNamesIn(path.join(folder, APP_SETTINGS_FILE))) names.add(n);
  return [...names].sort();
}

function settingsNamesIn(file: string): string[] {
  try {
    // Bounded, and only a regular file: a FIFO or a link to /dev/zero in a cloned repository must not hang the server.
    const r = readBounded(file, MAX_BYTES);
    if (!('bytes' in r)) return [];
    return parseSettingsNames(JSON.parse(r.bytes.toString('utf8').replace(/^\uFEFF/, '')));
  } catch {
    // Missing or malformed: no names, exactly as if there were no file.
    return [];
  }
}

export function parseSettingsNames(json: unknown): string[] {
  const envs = (json as { Environments?: unknown } | null)?.Environments;
  if (!Array.isArray(envs)) return [];
  const names = new Set<string>();
  for (const env of envs) {
    const settings = (env as { PolicySettings?: unknown } | null)?.PolicySettings;
    if (settings && typeof settings === 'object' && !Array.isArray(settings)) for (const k of Object.keys(settings)) names.add(k);
  }
  return [...names];
}

export function isAppSettingsUri(uri: string): boolean {
  return /\/appsettings\.json$/i.test(uri);
}

/** One workspace folder's appsettings.json, parsed, with its text (for go-to-definition and quick-fix edits). */
export interface AppSettingsFile {
  readonly folder: string;
  readonly uri: string;
  readonly text: string;
  readonly model: AppSettingsModel;
}

/** The appsettings.json at the root of each folder that has one (missing, unreadable or oversized: skipped). */
export function readAppSettingsFiles(folders: readonly string[]): AppSettingsFile[] {
  const out: AppSettingsFile[] = [];
  for (const folder of folders) {
    const file = path.join(folder, APP_SETTINGS_FILE);
    try {
      // Bounded, and only a regular file (see settingsNamesIn).
      const r = readBounded(file, MAX_BYTES);
      if (!('bytes' in r)) continue;
      const text = r.bytes.toString('utf8');
      out.push({ folder: path.resolve(folder), uri: pathToUri(file), text, model: parseAppSettings(text) });
    } catch {
      // No settings file in this folder.
    }
  }
  return out;
}

/**
 * The settings that build a policy file: those of the innermost folder holding it, if the file is under that
 * folder's PoliciesFolder (and not in its build output).
 */
export function settingsContextFor(files: readonly AppSettingsFile[], fileUri: string): SettingsContext | undefined {
  const p = uriToPath(fileUri);
  if (!p) return undefined;
  let best: AppSettingsFile | undefined;
  for (const f of files) if (isInside(f.folder, p) && (!best || f.folder.length > best.folder.length)) best = f;
  if (!best) return undefined;
  const policiesRoot = path.resolve(best.folder, best.model.policiesFolder ?? '.');
  if (!isInside(policiesRoot, p) || isInside(path.resolve(best.folder, best.model.environmentsFolder), p)) return undefined;
  return { uri: best.uri, text: best.text, model: best.model, policyPath: path.relative(policiesRoot, p).split(path.sep).join('/') };
}

/**
 * The scan's exclude, plus the build output folders (`EnvironmentsFolder` of each appsettings.json), so built
 * copies are never indexed as sources. Paths are relative to the walk root, which is the workspace folder.
 */
export function withOutputFolders(exclude: ((rel: string) => boolean) | undefined, files: readonly AppSettingsFile[]): ((rel: string) => boolean) | undefined {
  const outputs = [...new Set(files.map((f) => f.model.environmentsFolder.toLowerCase()))];
  if (!outputs.length) return exclude;
  return (rel) => outputs.some((o) => rel.toLowerCase() === o || rel.toLowerCase().startsWith(o + '/')) || (exclude?.(rel) ?? false);
}

/** What decides the output folders, to tell whether a settings change needs a fresh scan. */
export function outputFoldersKey(files: readonly AppSettingsFile[]): string {
  return files.map((f) => `${f.folder}\0${f.model.environmentsFolder}`).sort().join('\n');
}

function isInside(folder: string, p: string): boolean {
  const rel = path.relative(folder, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
