/**
 * The workspace as the server and the CLI see it: the index of every policy file, fed from disk
 * and from open buffers (the buffer wins), with parse trees kept only for open buffers.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChainStatus, PolicyIndex, IndexOptions } from '../service/index/policyIndex';
import { DocumentContext } from '../service/model/documentContext';
import { PolicyFile, summarize, summarizeText } from '../service/model/policyFile';
import { XmlDocument, parseXml } from '../service/xml/parser';
import { DEFAULT_MAX_FILE_BYTES, WalkOptions, canonicalPath, canonicalUri, findXmlFiles, looksLikePolicy, megabytes, pathToUri, readPolicyText, uriToPath, walkIncludes } from './files';

export interface OpenDocument extends DocumentContext {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** Why the buffer is not analysed (too large, binary); its model is then empty. */
  readonly problem?: string;
}

/** A canonical, comparable summary of the index (no text): see Workspace.snapshot. */
export interface IndexSnapshot {
  readonly files: ReadonlyArray<{
    readonly uri: string;
    /** The buffer's version for open files; null for files read from disk. */
    readonly version: number | null;
    readonly isPolicy: boolean;
    readonly policyId?: string;
    readonly basePolicy?: string;
    readonly definitions: number;
    readonly references: number;
    /** A hash of every definition and reference (kind, key, offset): differs whenever the file's model does. */
    readonly digest: string;
    readonly chain: { readonly status: ChainStatus; readonly uris: readonly string[] };
  }>;
  readonly readProblems: ReadonlyArray<{ readonly uri: string; readonly problem: string }>;
}

export interface ScanProgress {
  (done: number, total: number): void;
}

export class Workspace {
  readonly index: PolicyIndex;
  private readonly open = new Map<string, OpenDocument>();
  /** Problems that kept a disk file from being read (binary, too large, unreadable), by URI. */
  readonly readProblems = new Map<string, string>();
  /** Files and folders that could not be read at all (errors, size limit): any of them may hold a missing base. */
  readonly unread = new Set<string>();
  maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  /** A digest of the disk text each disk-read entry was built from: edits for closed files are checked against it. */
  private readonly diskDigests = new Map<string, string>();
  /** The folders scanned so far, with their walk options: what a fresh scan would read. */
  private readonly roots = new Map<string, WalkOptions>();
  /** Base folders (absolute paths): indexed for resolution and navigation, never reported on. */
  private baseRoots: string[] = [];

  constructor(options: IndexOptions = {}) {
    this.index = new PolicyIndex(options);
  }

  /** Indexes every policy file under the folders. Returns the URIs indexed. */
  scan(folders: readonly string[], walk: WalkOptions = {}, progress?: ScanProgress): string[] {
    const paths = this.listFiles(folders, walk);
    const uris: string[] = [];
    paths.forEach((p, i) => {
      const uri = this.indexPath(p);
      if (uri) uris.push(uri);
      if (progress && (i % 50 === 0 || i === paths.length - 1)) progress(i + 1, paths.length);
    });
    return uris;
  }

  /**
   * The XML files a scan of the folders reads, with the folders taken into scope (for watcher events); the
   * caller indexes them with indexPath, all at once (scan) or in slices between requests (the server).
   */
  listFiles(folders: readonly string[], walk: WalkOptions = {}): string[] {
    for (const f of folders) this.roots.set(path.resolve(f), walk);
    return findXmlFiles(folders, this.reporting(walk));
  }

  /** Reads and indexes one file found by listFiles; returns its URI when it is (still) in the index. */
  indexPath(fsPath: string): string | undefined {
    const uri = pathToUri(fsPath);
    return this.readFile(uri, fsPath) ? uri : undefined;
  }

  /** Forgets every file read from disk and every folder: the start of a fresh scan. Open buffers stay. */
  forgetDisk(): void {
    this.roots.clear();
    this.readProblems.clear();
    this.unread.clear();
    this.realDirs.clear();
    for (const f of [...this.index.all()]) if (!this.open.has(f.uri)) this.index.delete(f.uri);
  }

  /** Forgets every file read from disk and scans again: for settings that change what is read (exclude, size limit). */
  rescan(folders: readonly string[], walk: WalkOptions = {}, progress?: ScanProgress): string[] {
    this.forgetDisk();
    return this.scan(folders, walk, progress);
  }

  /**
   * Makes `folders` the base folders: each is indexed (unless a scanned folder already holds it) and from then on
   * follows file events like any scanned folder; files of a folder that is no longer a base folder, and not under a
   * scanned one, leave the index. Call it after start-up scans and whenever the setting changes. Returns the URIs
   * of the policy files under the base folders.
   */
  setBaseFolders(folders: readonly string[], walk: WalkOptions = {}): string[] {
    const next = folders.map((f) => path.resolve(f));
    const dropped = this.baseRoots.filter((f) => !next.includes(f));
    this.baseRoots = [];
    for (const f of dropped) this.roots.delete(f);
    for (const file of [...this.index.all()]) {
      const p = uriToPath(file.uri);
      if (p && dropped.some((d) => isUnder(p, d)) && !this.inScope(p)) this.deleted(file.uri);
    }
    for (const f of next) if (!this.inScope(f, true) && isDirectory(f)) this.scan([f], walk);
    this.baseRoots = next;
    return [...this.index.all()].map((f) => f.uri).filter((u) => !this.isReported(u));
  }

  /** False for files under a base folder: they are indexed, but no diagnostics are published or printed for them. */
  isReported(uri: string): boolean {
    if (!this.baseRoots.length) return true;
    const p = uriToPath(uri);
    return !p || !this.baseRoots.some((root) => isUnder(p, root));
  }

  /** Folders no longer in the workspace: their files are out of scope from now on. */
  forgetFolders(folders: readonly string[]): void {
    for (const f of folders) this.roots.delete(path.resolve(f));
  }

  /** Real paths of folders, for canonicalUri; dropped when files or folders are deleted or rescanned. */
  private readonly realDirs = new Map<string, string | null>();

  /**
   * The URI under which the index knows a file: a client may open it through a linked folder, and the same file
   * reached through two paths must be one entry (else a rename from one path misses the references of the other).
   */
  canonicalUri(uri: string): string {
    const plain = canonicalUri(uri);
    const fsPath = uriToPath(plain);
    if (!fsPath || !this.roots.size || this.index.get(plain)) return plain;
    const dir = path.dirname(fsPath);
    let real = this.realDirs.get(dir);
    if (real === undefined) {
      try {
        real = fs.realpathSync(dir);
      } catch {
        real = null;
      }
      if (this.realDirs.size > 10_000) this.realDirs.clear();
      this.realDirs.set(dir, real);
    }
    if (real === null || real === dir) return plain;
    const roots = [...this.roots.keys()].map((r) => ({ real: this.realRoot(r), shown: r }));
    const canonical = canonicalPath(path.join(real, path.basename(fsPath)), roots);
    return canonical ? pathToUri(canonical) : plain;
  }

  private realRoot(root: string): string {
    try {
      return fs.realpathSync(root);
    } catch {
      return root;
    }
  }

  /** Whether a fresh scan of the folders would read this file (or, with `directory`, enter this folder). */
  inScope(fsPath: string, directory = false): boolean {
    for (const [root, walk] of this.roots) if (walkIncludes(root, fsPath, walk, directory)) return true;
    return false;
  }

  /**
   * Re-reads a file from disk (an open buffer keeps its content: only the disk's read problem is refreshed).
   * A folder (created, or renamed into place) is read file by file; a path a fresh scan would not read
   * (outside the folders, in a skipped or excluded folder) leaves the index. Returns true when the file is (still) in the index.
   */
  loadFromDisk(uri: string, fsPath = uriToPath(uri)): boolean {
    if (!fsPath) return false;
    if (isDirectory(fsPath)) {
      if (this.inScope(fsPath, true)) for (const p of findXmlFiles([fsPath], this.reporting({}))) if (this.inScope(p)) this.readFile(pathToUri(p), p);
      return false;
    }
    if (!this.inScope(fsPath)) {
      this.readProblems.delete(uri);
      this.unread.delete(uri);
      if (!this.open.has(uri)) this.index.delete(uri);
      return this.index.get(uri) !== undefined;
    }
    return this.readFile(uri, fsPath);
  }

  /** The walk options with unreadable paths recorded as read problems. */
  private reporting(walk: WalkOptions): WalkOptions {
    return {
      ...walk,
      onUnreadable: (p, code, directory) => {
        const uri = pathToUri(p);
        this.readProblems.set(uri, `This ${directory ? 'folder' : 'path'} could not be read: ${code}.`);
        this.unread.add(uri);
      },
    };
  }

  private readFile(uri: string, fsPath: string): boolean {
    const { text, problem, unread } = readPolicyText(fsPath, this.maxFileBytes);
    // Gone (deleted before its event was handled, or a buffer closed after its file was deleted): not a read problem.
    if (problem && !fs.existsSync(fsPath)) {
      this.deleted(uri);
      return this.index.get(uri) !== undefined;
    }
    if (problem) this.readProblems.set(uri, problem);
    else this.readProblems.delete(uri);
    if (unread) this.unread.add(uri);
    else this.unread.delete(uri);
    // An open buffer wins over the disk; only the disk's read problem (saved as binary, fixed) is refreshed.
    if (this.open.has(uri)) return this.index.get(uri) !== undefined;
    if (!looksLikePolicy(text)) {
      this.index.delete(uri);
      this.diskDigests.delete(uri);
      return false;
    }
    this.index.set(summarizeText(uri, null, text));
    this.diskDigests.set(uri, digestOf(text));
    return true;
  }

  /**
   * The text an edit for `uri` applies to: the open buffer's, else the disk's as it is now. A client that sends no
   * watcher events leaves the index holding a closed file's old offsets; when the disk text is no longer the one
   * indexed, the entry is rebuilt from disk and `stale` is true, so the caller recomputes its edits.
   */
  currentText(uri: string): { text?: string; stale: boolean } {
    const open = this.open.get(uri);
    if (open) return { text: open.problem ? undefined : open.text, stale: false };
    const fsPath = uriToPath(uri);
    if (!fsPath || !this.index.get(uri)) return { stale: false };
    const { text, problem } = readPolicyText(fsPath, this.maxFileBytes);
    if (!problem && this.diskDigests.get(uri) === digestOf(text)) return { text, stale: false };
    this.readFile(uri, fsPath);
    return { text: problem ? undefined : text, stale: true };
  }

  /**
   * A file or a folder was deleted on disk (editors report a deleted folder once, not each file in it).
   * Open buffers keep their content until closed.
   */
  deleted(uri: string): void {
    this.realDirs.clear();
    const prefix = uri.endsWith('/') ? uri : uri + '/';
    for (const u of [...this.readProblems.keys()]) {
      if (u === uri || u.startsWith(prefix)) {
        this.readProblems.delete(u);
        this.unread.delete(u);
      }
    }
    const gone = [...this.index.all()].map((f) => f.uri).filter((u) => (u === uri || u.startsWith(prefix)) && !this.open.has(u));
    for (const u of gone) {
      this.index.delete(u);
      this.diskDigests.delete(u);
    }
  }

  /** An open buffer changed (or was opened): it replaces whatever the disk says. */
  update(uri: string, version: number, text: string): OpenDocument {
    const current = this.open.get(uri);
    if (current && current.version === version && current.text === text) return current;
    const problem = bufferProblem(text, this.maxFileBytes);
    if (problem) {
      // Not analysed: an empty model, so every feature answers at once and nothing holds a parse of the text.
      const xml = parseXml('');
      const doc: OpenDocument = { uri, version, text, xml, file: summarize(uri, version, xml), document: TextDocument.create(uri, 'xml', version, ''), problem };
      this.open.set(uri, doc);
      this.index.delete(uri);
      return doc;
    }
    const xml = parseXml(text);
    const file = summarize(uri, version, xml);
    const doc: OpenDocument = { uri, version, text, xml, file, document: TextDocument.create(uri, 'xml', version, text) };
    this.open.set(uri, doc);
    this.index.set(file);
    return doc;
  }

  /** A buffer closed: go back to what the disk holds. */
  close(uri: string): void {
    this.open.delete(uri);
    this.loadFromDisk(uri);
  }

  /**
   * The index as data, sorted by URI, for checking that incremental updates (edits, watcher events, closes)
   * leave it as a fresh scan of the same folders with the same open buffers would.
   */
  snapshot(): IndexSnapshot {
    const files = [...this.index.all()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)).map((f) => {
      const chain = this.index.chain(f.uri);
      const keys = [...f.definitions.map((d) => `d:${d.kind}:${d.key}:${d.idStart}`), ...f.references.map((r) => `r:${r.target}:${r.key}:${r.start}`)].sort();
      return {
        uri: f.uri, version: f.version, isPolicy: f.isPolicy, policyId: f.policyId?.value, basePolicy: f.basePolicy?.policyId?.value,
        definitions: f.definitions.length, references: f.references.length, digest: fnv1a(keys.join('\n')),
        chain: { status: chain.status, uris: [...chain.uris] },
      };
    });
    const readProblems = [...this.readProblems].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([uri, problem]) => ({ uri, problem }));
    return { files, readProblems };
  }

  getOpen(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  openUris(): string[] {
    return [...this.open.keys()];
  }

  /** The parse tree of any indexed file: the cached one for open buffers, a fresh parse for disk files. */
  parsed(uri: string): { xml: XmlDocument; file: PolicyFile; text: string } | undefined {
    const open = this.open.get(uri);
    if (open) return open;
    // The tree and the summary must come from the same text: a file changed since it was indexed is indexed again.
    const { text } = this.currentText(uri);
    const file = this.index.get(uri);
    if (text === undefined || !file) return undefined;
    return { xml: parseXml(text), file, text };
  }
}

/** The same limits as for disk files, applied to an editor buffer (its length in UTF-16 units stands in for bytes). */
export function bufferProblem(text: string, maxBytes: number): string | undefined {
  if (text.length > maxBytes) {
    return `This document is ${(text.length / 1048576).toFixed(1)} MB, above the ${megabytes(maxBytes)} MB limit: it is not analysed.`;
  }
  if (text.slice(0, 8192).includes('\u0000')) return 'This document holds binary data, not XML text.';
  return undefined;
}

function digestOf(text: string): string {
  return crypto.createHash('sha256').update(text).digest('base64');
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

function isUnder(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
