/**
 * The workspace as the server and the CLI see it: the index of every policy file, fed from disk
 * and from open buffers (the buffer wins), with parse trees kept only for open buffers.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PolicyIndex, IndexOptions } from '../service/index/policyIndex';
import { DocumentContext } from '../service/features/documentContext';
import { PolicyFile, parsePolicy, summarize } from '../service/model/policyFile';
import { XmlDocument, parseXml } from '../service/xml/parser';
import { DEFAULT_MAX_FILE_BYTES, WalkOptions, findXmlFiles, looksLikePolicy, megabytes, pathToUri, readPolicyText, uriToPath } from './files';

export interface OpenDocument extends DocumentContext {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** Why the buffer is not analysed (too large, binary); its model is then empty. */
  readonly problem?: string;
}

export interface ScanProgress {
  (done: number, total: number): void;
}

export class Workspace {
  readonly index: PolicyIndex;
  private readonly open = new Map<string, OpenDocument>();
  /** Problems that kept a disk file from being read (binary, too large, unreadable), by URI. */
  readonly readProblems = new Map<string, string>();
  maxFileBytes = DEFAULT_MAX_FILE_BYTES;

  constructor(options: IndexOptions = {}) {
    this.index = new PolicyIndex(options);
  }

  /** Indexes every policy file under the folders. Returns the URIs indexed. */
  scan(folders: readonly string[], walk: WalkOptions = {}, progress?: ScanProgress): string[] {
    const paths = findXmlFiles(folders, walk);
    const uris: string[] = [];
    paths.forEach((p, i) => {
      const uri = pathToUri(p);
      if (this.loadFromDisk(uri, p)) uris.push(uri);
      if (progress && (i % 50 === 0 || i === paths.length - 1)) progress(i + 1, paths.length);
    });
    return uris;
  }

  /** Re-reads a file from disk (an open buffer keeps its content: only the disk's read problem is refreshed). Returns true when the file is (still) in the index. */
  loadFromDisk(uri: string, fsPath = uriToPath(uri)): boolean {
    if (!fsPath) return false;
    const { text, problem } = readPolicyText(fsPath, this.maxFileBytes);
    if (problem) this.readProblems.set(uri, problem);
    else this.readProblems.delete(uri);
    // An open buffer wins over the disk; only the disk's read problem (saved as binary, fixed) is refreshed.
    if (this.open.has(uri)) return this.index.get(uri) !== undefined;
    if (!looksLikePolicy(text)) {
      this.index.delete(uri);
      return false;
    }
    this.index.set(parsePolicy(uri, null, text).file);
    return true;
  }

  /** A file was deleted on disk. Open buffers keep their content until closed. */
  deleted(uri: string): void {
    this.readProblems.delete(uri);
    if (!this.open.has(uri)) this.index.delete(uri);
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
    const fsPath = uriToPath(uri);
    const file = this.index.get(uri);
    if (!fsPath || !file) return undefined;
    const { text } = readPolicyText(fsPath, this.maxFileBytes);
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
