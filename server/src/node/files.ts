/**
 * Disk access for the server and the CLI: decoding policy files the way an editor shows them,
 * and walking workspace folders safely (no symlink loops, skipped folders, size limits).
 */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';

/** Files above this size are not parsed; they get a single diagnostic instead. */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface DecodedText {
  readonly text: string;
  /** Why the text could not be read as XML text, when it could not. */
  readonly problem?: string;
  /** The file could not be read at all (an error, or above the size limit): it may be a policy that is missing. */
  readonly unread?: boolean;
}

/** Decodes bytes as an editor would: UTF-8 (BOM stripped), UTF-16 LE/BE with BOM; binary data is refused. */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const probe = bytes.subarray(start, Math.min(bytes.length, start + 8192));
  if (probe.includes(0)) return { text: '', problem: 'This file holds binary data, not XML text.' };
  const body = bytes.subarray(start);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return { text: new TextDecoder('utf-8').decode(body), problem: 'This file is not valid UTF-8; invalid bytes are shown as U+FFFD.' };
  }
}

export function uriToPath(uri: string): string | undefined {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return URI.file(path.resolve(p)).toString();
}

/** Canonical form of a file URI, so that URIs from the client and from disk compare equal. */
export function canonicalUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

export interface WalkOptions {
  /** Folder names never entered. */
  readonly skipFolders?: readonly string[];
  /** Returns true for paths (relative to the walk root, with '/') to leave out. */
  readonly exclude?: (relativePath: string) => boolean;
  /** Stop after this many files (a guard against giant trees). */
  readonly maxFiles?: number;
  /**
   * Folders reached through a symbolic link: 'inside' (the default) enters them only when their target lies inside
   * one of the walk's roots or `allowedRoots`, 'never' not at all. A link to / must not index the whole machine.
   */
  readonly symlinks?: SymlinkPolicy;
  /** Folders besides the roots that linked folders may point into (base folders outside the workspace). */
  readonly allowedRoots?: readonly string[];
  /** Told of each path the walk could not read (a folder it cannot list, a symlink loop), with the error code. */
  readonly onUnreadable?: (path: string, code: string, directory: boolean) => void;
}

export type SymlinkPolicy = 'inside' | 'never';

const DEFAULT_SKIP = ['node_modules', '.git', '.vscode-test', 'out', 'dist'];

/** A folder's real path and the spelling the walk reports for what lies under it. */
interface Root {
  readonly real: string;
  readonly shown: string;
}

function realRoots(paths: readonly string[]): Root[] {
  const out: Root[] = [];
  for (const p of paths) {
    try {
      out.push({ real: fs.realpathSync(p), shown: path.resolve(p) });
    } catch {
      // A root that does not exist contains nothing.
    }
  }
  return out;
}

function isWithin(real: string, folder: string): boolean {
  const rel = path.relative(folder, real);
  return rel === '' || (!!rel && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

/**
 * The one path under which a real path is reported: under the first root (or allowed root) that contains it, in
 * that root's spelling. The same file reached through two paths (a linked folder) is thus one file, one URI.
 */
export function canonicalPath(real: string, roots: readonly Root[]): string | undefined {
  const root = roots.find((r) => isWithin(real, r.real));
  return root && path.join(root.shown, path.relative(root.real, real));
}

/**
 * Every *.xml file under the roots (files given directly are kept), each once, under its canonical path. Linked
 * folders are entered as `options.symlinks` says.
 */
export function findXmlFiles(roots: readonly string[], options: WalkOptions = {}): string[] {
  const skip = new Set(options.skipFolders ?? DEFAULT_SKIP);
  const max = options.maxFiles ?? 200_000;
  const policy = options.symlinks ?? 'inside';
  const allowed = realRoots([...roots, ...(options.allowedRoots ?? [])]);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const root of roots) {
    // Plain files in a resolved folder are their own real path: they go on the stack already resolved, so the
    // walk neither realpaths nor stats them (most entries), and the order is the same as for any other entry.
    const stack: Array<string | { readonly file: string; readonly real: string }> = [path.resolve(root)];
    while (stack.length && out.length < max) {
      const current = stack.pop()!;
      if (typeof current !== 'string') {
        pushOnce(out, seen, current.file, current.real);
        continue;
      }
      let real: string;
      let stat: fs.Stats;
      try {
        real = fs.realpathSync(current);
        stat = fs.statSync(real);
      } catch (e) {
        // Gone since the folder was listed, or a dangling link: nothing to read. Anything else is reported.
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        if (code !== 'ENOENT') options.onUnreadable?.(current, code, false);
        continue;
      }
      const isRoot = current === path.resolve(root);
      if (stat.isFile()) {
        if (current.toLowerCase().endsWith('.xml') || isRoot) pushOnce(out, seen, isRoot ? current : canonicalPath(real, allowed) ?? current, real);
        continue;
      }
      if (!stat.isDirectory() || seen.has(real)) continue;
      // A folder whose canonical path differs from its path was reached through a link (its own or a parent's).
      const canonical = canonicalPath(real, allowed);
      if (!isRoot && canonical !== current && (policy === 'never' || canonical === undefined)) continue;
      seen.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(current, { withFileTypes: true });
      } catch (e) {
        options.onUnreadable?.(current, (e as NodeJS.ErrnoException).code ?? 'error', true);
        continue;
      }
      // Files of a folder reached through a link are listed under the folder's canonical path: one entry per file.
      const listedAs = canonical ?? current;
      for (const e of entries.sort((a, b) => (a.name < b.name ? 1 : -1))) {
        const child = path.join(current, e.name);
        if (e.isDirectory() && skip.has(e.name)) continue;
        if (options.exclude?.(path.relative(root, child).split(path.sep).join('/'))) continue;
        if (e.isFile()) {
          if (e.name.toLowerCase().endsWith('.xml')) stack.push({ file: path.join(listedAs, e.name), real: path.join(real, e.name) });
        } else if (e.isDirectory() || e.isSymbolicLink()) stack.push(child);
      }
    }
  }
  return out;
}

/**
 * Whether findXmlFiles([root], options) would list `p` (absolute), judged by the path alone: the root itself,
 * or an .xml file under it whose folders are not skipped and whose path is not excluded (with `directory`:
 * whether the walk would enter the folder `p`). Watcher events and
 * closed buffers go through this, so that they keep the index as a fresh scan would build it.
 */
export function walkIncludes(root: string, p: string, options: WalkOptions = {}, directory = false): boolean {
  const r = path.resolve(root);
  const f = path.resolve(p);
  if (f === r) return true;
  const rel = path.relative(r, f);
  if (!rel || rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return false;
  if (!directory && !f.toLowerCase().endsWith('.xml')) return false;
  const skip = new Set(options.skipFolders ?? DEFAULT_SKIP);
  const parts = rel.split(path.sep);
  for (let i = 0; i < parts.length; i++) {
    if ((directory || i < parts.length - 1) && skip.has(parts[i])) return false;
    if (options.exclude?.(parts.slice(0, i + 1).join('/'))) return false;
  }
  return true;
}

function pushOnce(out: string[], seen: Set<string>, p: string, real: string): void {
  if (seen.has('f:' + real)) return;
  seen.add('f:' + real);
  out.push(p);
}

/** The outcome of readBounded: the bytes, or why there are none. */
export type BoundedRead =
  | { readonly bytes: Buffer }
  | { readonly notRegular: true }
  | { readonly tooLarge: number }
  | { readonly error: string };

const CHUNK = 64 * 1024;

/**
 * Reads a regular file of at most `maxBytes`, and nothing else. open() never blocks (O_NONBLOCK: a FIFO named
 * *.xml would otherwise block it forever); the opened descriptor is checked, so a symlink to /dev/zero or a
 * FIFO swapped in after a stat is refused; and the read stops past `maxBytes` even if the file grows meanwhile.
 */
export function readBounded(p: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? 'error' };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { notRegular: true };
    if (stat.size > maxBytes) return { tooLarge: stat.size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { tooLarge: total };
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    fs.closeSync(fd);
  }
}

/** The most read of a small file: settings, run profiles, build manifests, token files. */
export const MAX_SMALL_FILE_BYTES = 4 * 1024 * 1024;

export type SmallText = { readonly text: string } | { readonly missing: true } | { readonly problem: string };

/**
 * A small file (appsettings.json, .vscode/b2c-run.json, a build manifest, a token file) as UTF-8 text without its
 * BOM, through readBounded: a FIFO, a device or a link to /dev/zero is refused at once instead of blocking or filling
 * memory. `problem` completes a sentence about the file ("… is not a regular file").
 */
export function readSmallText(p: string, maxBytes = MAX_SMALL_FILE_BYTES): SmallText {
  const r = readBounded(p, maxBytes);
  if ('bytes' in r) return { text: r.bytes.toString('utf8').replace(/^\uFEFF/, '') };
  if ('notRegular' in r) return { problem: 'is not a regular file' };
  if ('tooLarge' in r) return { problem: `is larger than ${megabytes(maxBytes)} MB` };
  if (r.error === 'ENOENT' || r.error === 'ENOTDIR') return { missing: true };
  return { problem: `cannot be read (${r.error})` };
}

/** Reads and decodes a file; large, special or unreadable files come back with a problem and no text. */
export function readPolicyText(p: string, maxBytes = DEFAULT_MAX_FILE_BYTES): DecodedText {
  const r = readBounded(p, maxBytes);
  if ('bytes' in r) return decodeBytes(r.bytes);
  if ('notRegular' in r) return { text: '', problem: 'This is not a regular file (a FIFO, a device or a socket): it is not read.' };
  if ('tooLarge' in r) return { text: '', unread: true, problem: `This file is ${(r.tooLarge / 1048576).toFixed(1)} MB, above the ${megabytes(maxBytes)} MB limit: it is not analysed.` };
  return { text: '', unread: true, problem: `The file could not be read: ${r.error}.` };
}

/** A limit in MB for messages, to two decimals: 20, 0.5. */
export function megabytes(bytes: number): string {
  return String(Number((bytes / 1048576).toFixed(2)));
}

/** Quick test on raw text: is this worth parsing as a policy? Cheap enough to run on every XML file of a workspace. */
export function looksLikePolicy(text: string): boolean {
  return text.indexOf('TrustFrameworkPolicy') >= 0;
}
