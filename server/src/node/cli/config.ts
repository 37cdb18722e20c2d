/**
 * The checker's settings: `--config <file>`, or `.b2cpolicyrc.json` in the current folder, else in the folder
 * of the first path. Same shape as the extension's `b2cPolicy` settings, cleaned by the same sanitizeSettings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PolicySettings, sanitizeSettings } from '../settings';
import { readBounded } from '../files';
import { UsageError } from './args';
import { settingsProblems } from '../settingsSchema';
import { shortValue } from '../../service/model/quoting';

export const RC_NAME = '.b2cpolicyrc.json';

export interface LoadedConfig {
  readonly settings: PolicySettings;
  /** Folder that exclude globs and basePolicyPins are relative to: the config file's folder, else the current folder. */
  readonly baseDir: string;
  /** The file the settings came from, if any. */
  readonly source?: string;
  /** Top-level keys that the settings do not know (likely typos). */
  readonly unknownKeys: readonly string[];
  /** Values that do not match the settings schema (package.json's b2cPolicy.*): ignored, and reported. */
  readonly problems: readonly string[];
}

const KNOWN_KEYS = new Set(['diagnostics', 'exclude', 'defaultDeploymentMode', 'basePolicyPins', 'maxFileSizeMB', 'baseFolders', 'followSymlinks']);

export function loadConfig(explicit: string | undefined, cwd: string, firstPath: string | undefined): LoadedConfig {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : findRc(cwd, firstPath);
  if (file === undefined) return { settings: sanitizeSettings({}), baseDir: cwd, unknownKeys: [], problems: [] };
  const raw = readJson(file, explicit ?? path.relative(cwd, file));
  // A settings file that is a link may lead to any JSON file (a token cache, credentials): quote nothing of it, not
  // even the names of keys, since its messages end up in CI logs. A file of the repository itself is shown shortened.
  const linked = isLink(file);
  const unknown = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw).filter((k) => !KNOWN_KEYS.has(k)) : [];
  const unknownKeys = linked ? (unknown.length ? [`${unknown.length} ${unknown.length === 1 ? 'key' : 'keys'} (not shown: the settings file is a link)`] : []) : unknown.map((k) => shortValue(k, 40));
  return { settings: sanitizeSettings(raw), baseDir: path.dirname(file), source: file, unknownKeys, problems: linked ? settingsProblems(raw, undefined, { quoteValues: false }) : settingsProblems(raw) };
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function findRc(cwd: string, firstPath: string | undefined): string | undefined {
  const folders = [cwd];
  if (firstPath !== undefined) folders.push(folderOf(path.resolve(cwd, firstPath)));
  for (const folder of folders) {
    const candidate = path.join(folder, RC_NAME);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function folderOf(p: string): string {
  try {
    return fs.statSync(p).isDirectory() ? p : path.dirname(p);
  } catch {
    return path.dirname(p);
  }
}

/** Settings files are small; anything larger is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

function readJson(file: string, shown: string): unknown {
  const r = readBounded(file, MAX_CONFIG_BYTES);
  if ('notRegular' in r) throw new UsageError(`The settings file ${shown} is not a regular file.`);
  if ('tooLarge' in r) throw new UsageError(`The settings file ${shown} is larger than 1 MB.`);
  if ('error' in r) throw new UsageError(`Cannot read the settings file ${shown}: ${r.error}.`);
  const text = r.bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    // The engine's message quotes the text; the file may be a link to anything (a key, a token): say where only.
    throw new UsageError(`The settings file ${shown} is not valid JSON${jsonErrorPlace(text, (e as Error).message)}.`);
  }
}

/** ' (line L, column C)' from a JSON.parse message that gives a position, else ''. */
function jsonErrorPlace(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  const before = text.slice(0, Number(m[1])).split(/\r\n|\r|\n/);
  return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}
