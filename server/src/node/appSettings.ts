/**
 * Names for `{Settings:<name>}` completion, read from `appsettings.json` at the root of each workspace
 * folder. The format is the one Microsoft's Azure AD B2C extension for VS Code uses:
 * `{ "Environments": [ { "Name": "...", "Production": bool, "Tenant": "...", "PolicySettings": { "Key": "value" } } ] }`.
 * The language service never reads files; the server reads these and hands the names in.
 */
import * as path from 'path';
import { readBounded } from './files';

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
