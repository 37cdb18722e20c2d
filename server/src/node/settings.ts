/**
 * Settings shared by the extension (section `b2cPolicy`) and the CLI (`.b2cpolicyrc.json`): the same shape in both.
 */
import { installedCodeDocs } from './codeDocs';
import * as path from 'path';
import { IndexOptions } from '../service/index/policyIndex';
import { SeveritySetting, ValidationOptions } from '../service/features/diagnostics/diagnostics';
import { SymlinkPolicy, pathToUri } from './files';
import { globMatcher } from './glob';

export interface PolicySettings {
  diagnostics?: {
    /** Per-code severity or 'off', e.g. { "B108": "off" }. */
    codes?: Record<string, SeveritySetting>;
    minimumSeverity?: Exclude<SeveritySetting, 'off'>;
    /** Which files get diagnostics in the editor: every indexed file (the default) or open ones only. */
    scope?: 'workspace' | 'openFiles';
  };
  /** Globs (relative to a workspace folder) of files and folders not to index. */
  exclude?: string[];
  /** DeploymentMode assumed when a policy has none. */
  defaultDeploymentMode?: 'Production' | 'Development';
  /** PolicyId -> path (relative to the workspace folder) of the file to use when several declare it. */
  basePolicyPins?: Record<string, string>;
  /** Largest file analysed, in MB. */
  maxFileSizeMB?: number;
  /**
   * Folders (absolute, or relative to the first workspace folder / the settings file) indexed for resolution and
   * navigation only: the base a sample's Extensions and relying parties extend. Nothing in them is reported on.
   */
  baseFolders?: string[];
  /** Which linked folders are entered: 'inside' the workspace folders only (the default), or 'never'. */
  followSymlinks?: SymlinkPolicy;
  /** CodeLens in the editor (run, references and overrides, show effective, show journey); on unless `enabled` is false. */
  codeLens?: { enabled?: boolean };
}

/** The largest maxFileSizeMB honoured. */
export const MAX_FILE_SIZE_MB = 100;

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Keeps only well-formed values, so a typo in settings never breaks the server. */
export function sanitizeSettings(raw: unknown): PolicySettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const diag = (r.diagnostics && typeof r.diagnostics === 'object' ? r.diagnostics : {}) as Record<string, unknown>;
  const codes: Record<string, SeveritySetting> = {};
  if (diag.codes && typeof diag.codes === 'object') {
    for (const [k, v] of Object.entries(diag.codes as Record<string, unknown>)) if (typeof v === 'string' && SEVERITIES.has(v)) codes[k.toUpperCase()] = v as SeveritySetting;
  }
  const min = typeof diag.minimumSeverity === 'string' && SEVERITIES.has(diag.minimumSeverity) && diag.minimumSeverity !== 'off' ? diag.minimumSeverity as Exclude<SeveritySetting, 'off'> : undefined;
  const pins: Record<string, string> = {};
  if (r.basePolicyPins && typeof r.basePolicyPins === 'object') {
    for (const [k, v] of Object.entries(r.basePolicyPins as Record<string, unknown>)) if (typeof v === 'string') pins[k] = v;
  }
  return {
    diagnostics: { codes, minimumSeverity: min, scope: diag.scope === 'openFiles' ? 'openFiles' : diag.scope === 'workspace' ? 'workspace' : undefined },
    exclude: Array.isArray(r.exclude) ? r.exclude.filter((g): g is string => typeof g === 'string') : [],
    defaultDeploymentMode: r.defaultDeploymentMode === 'Development' ? 'Development' : r.defaultDeploymentMode === 'Production' ? 'Production' : undefined,
    basePolicyPins: pins,
    // Bounded: the limit decides how much of each file is read into memory.
    maxFileSizeMB: typeof r.maxFileSizeMB === 'number' && r.maxFileSizeMB > 0 ? Math.min(r.maxFileSizeMB, MAX_FILE_SIZE_MB) : undefined,
    baseFolders: Array.isArray(r.baseFolders) ? r.baseFolders.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [],
    followSymlinks: r.followSymlinks === 'never' ? 'never' : 'inside',
    codeLens: { enabled: (r.codeLens as { enabled?: unknown } | undefined)?.enabled !== false },
  };
}

/** Whether the server offers CodeLens at all (b2cPolicy.codeLens.enabled, default true). */
export function codeLensEnabled(s: PolicySettings): boolean {
  return s.codeLens?.enabled !== false;
}

export function validationOptions(s: PolicySettings): ValidationOptions {
  return { codes: s.diagnostics?.codes, minimumSeverity: s.diagnostics?.minimumSeverity, defaultDeploymentMode: s.defaultDeploymentMode, codeDocs: installedCodeDocs() };
}

/** Pins resolved against the first folder that holds the pinned file's path. */
export function indexOptions(s: PolicySettings, folders: readonly string[]): IndexOptions {
  const pins = new Map<string, string>();
  for (const [policyId, rel] of Object.entries(s.basePolicyPins ?? {})) {
    const folder = folders[0];
    if (folder !== undefined) pins.set(policyId, pathToUri(path.resolve(folder, rel)));
  }
  return { basePins: pins };
}

/** The exclude globs as one matcher, with VS Code's glob semantics (letter case ignored on Windows). */
export function excludeMatcher(s: PolicySettings): ((relativePath: string) => boolean) | undefined {
  return globMatcher(s.exclude ?? [], { nocase: process.platform === 'win32' });
}

/** The base folders as absolute paths: relative ones against `relativeTo` (the first workspace folder, or the settings file's folder). */
export function baseFolderPaths(s: PolicySettings, relativeTo: string | undefined): string[] {
  const out: string[] = [];
  for (const f of s.baseFolders ?? []) {
    if (!path.isAbsolute(f) && relativeTo === undefined) continue;
    const abs = path.resolve(relativeTo ?? '', f);
    if (!out.includes(abs)) out.push(abs);
  }
  return out;
}
