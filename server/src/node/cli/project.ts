/**
 * Loads the policy files under the command-line paths into a Workspace, exactly as the server does on start-up:
 * same walk, same index, same chains. Settings decide excluded files, base-policy pins and the size limit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../workspace';
import { baseFolderPaths, excludeMatcher, indexOptions } from '../settings';
import { LoadedConfig } from './config';
import { UsageError } from './args';
import { Progress } from './progress';
import { AppSettingsFile, readAppSettingsFiles, withOutputFolders } from '../appSettings';

export interface Project {
  readonly workspace: Workspace;
  /** URIs of the policy files found under the paths, sorted (files in base folders excepted). */
  readonly uris: readonly string[];
  /** How many policy files the base folders hold (indexed, not checked). */
  readonly baseFiles: number;
  /** The appsettings.json at the root of each folder path, as the server reads one per workspace folder. */
  readonly appSettings: readonly AppSettingsFile[];
}

/** Throws UsageError for a path that does not exist or cannot be read. */
export function checkPaths(paths: readonly string[], cwd: string): void {
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (!fs.existsSync(abs)) throw new UsageError(`No such file or folder: ${p}`);
    try {
      fs.accessSync(abs, fs.constants.R_OK);
    } catch {
      throw new UsageError(`Cannot read ${p}: permission denied.`);
    }
    // A FIFO or a device named on the command line would otherwise be skipped, and the check pass with 0 files.
    const stat = fs.statSync(abs);
    if (!stat.isFile() && !stat.isDirectory()) throw new UsageError(`${p} is not a regular file or a folder.`);
  }
}

/** `bases`: the --base folders (relative to cwd), added to the settings' baseFolders (relative to the settings file). */
export function loadProject(paths: readonly string[], config: LoadedConfig, cwd: string, progress?: Progress, bases: readonly string[] = []): Project {
  checkPaths(paths, cwd);
  checkPaths(bases, cwd);
  const workspace = new Workspace(indexOptions(config.settings, [config.baseDir]));
  if (config.settings.maxFileSizeMB) workspace.maxFileBytes = config.settings.maxFileSizeMB * 1024 * 1024;
  const excluded = excludeMatcher(config.settings);
  const uris = new Set<string>();
  const appSettings: AppSettingsFile[] = [];
  for (const p of paths) {
    const root = path.resolve(cwd, p);
    // Globs are relative to the settings' folder, whichever path is being walked.
    const byConfig = excluded && ((rel: string) => excluded(toPosix(path.relative(config.baseDir, path.join(root, rel)))));
    // Build output (EnvironmentsFolder of an appsettings.json at the root) holds copies of the sources: never checked.
    const rootSettings = readAppSettingsFiles([root]);
    appSettings.push(...rootSettings);
    const exclude = withOutputFolders(byConfig, rootSettings);
    const found = workspace.scan([root], { exclude, symlinks: config.settings.followSymlinks }, progress && ((done, total) => progress.update('Indexing', done, total)));
    for (const uri of found) uris.add(uri);
  }
  const baseFolders = [...baseFolderPaths(config.settings, config.baseDir), ...bases.map((b) => path.resolve(cwd, b))];
  // A base folder inside a checked path was walked with the exclude globs above; one outside is read whole.
  const baseUris = workspace.setBaseFolders(baseFolders);
  return { workspace, uris: [...uris].filter((u) => workspace.isReported(u)).sort(), baseFiles: baseUris.length, appSettings };
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
