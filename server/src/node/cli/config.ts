/**
 * The checker's settings: `--config <file>`, or `.b2cpolicyrc.json` in the current folder, else in the folder
 * of the first path. Same shape as the extension's `b2cPolicy` settings, cleaned by the same sanitizeSettings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PolicySettings, sanitizeSettings } from '../settings';
import { UsageError } from './args';

export const RC_NAME = '.b2cpolicyrc.json';

export interface LoadedConfig {
  readonly settings: PolicySettings;
  /** Folder that exclude globs and basePolicyPins are relative to: the config file's folder, else the current folder. */
  readonly baseDir: string;
  /** The file the settings came from, if any. */
  readonly source?: string;
  /** Top-level keys that the settings do not know (likely typos). */
  readonly unknownKeys: readonly string[];
}

const KNOWN_KEYS = new Set(['diagnostics', 'exclude', 'defaultDeploymentMode', 'basePolicyPins', 'maxFileSizeMB', 'baseFolders']);

export function loadConfig(explicit: string | undefined, cwd: string, firstPath: string | undefined): LoadedConfig {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : findRc(cwd, firstPath);
  if (file === undefined) return { settings: sanitizeSettings({}), baseDir: cwd, unknownKeys: [] };
  const raw = readJson(file, explicit ?? path.relative(cwd, file));
  const unknownKeys = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw).filter((k) => !KNOWN_KEYS.has(k)) : [];
  return { settings: sanitizeSettings(raw), baseDir: path.dirname(file), source: file, unknownKeys };
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

function readJson(file: string, shown: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read the settings file ${shown}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`The settings file ${shown} is not valid JSON: ${(e as Error).message}`);
  }
}
