/**
 * The start-up scan in slices: files are indexed a few milliseconds at a time and the event loop runs in
 * between, so requests, cancellations and edits are served while a large workspace is read. The folders of
 * open documents go first (a chain's files usually share a folder), and a request can wait for exactly the
 * folders it needs.
 */
import { dirnameOf } from '../service/index/policyIndex';
import { WalkOptions, pathToUri } from './files';
import { Workspace } from './workspace';

export interface SliceOptions {
  /** Milliseconds of work between two yields to the event loop. */
  readonly sliceMs?: number;
  /** Called after every slice. */
  readonly progress?: (done: number, total: number) => void;
  /** Gives the event loop a turn; setImmediate by default. */
  readonly yieldNow?: () => Promise<void>;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class BackgroundScan {
  /** Paths still to index, by the URI of their folder, in walk order. */
  private queued = new Map<string, string[]>();
  /** Folders to index before the others (open documents' folders, folders a request waits for). */
  private urgent: string[] = [];
  private generation = 0;
  private listeners: Array<() => void> = [];
  private total = 0;
  private done = 0;

  constructor(private readonly workspace: Workspace) {}

  /** True while a scan is under way. */
  get running(): boolean {
    return this.queued.size > 0;
  }

  /**
   * Indexes every policy file under the folders (after forgetting what was read from disk, with `reset`).
   * Resolves with the URIs indexed, or undefined when a newer scan took over.
   */
  async run(folders: readonly string[], walk: WalkOptions, reset: boolean, options: SliceOptions = {}): Promise<string[] | undefined> {
    const generation = ++this.generation;
    const sliceMs = options.sliceMs ?? 8;
    const yieldNow = options.yieldNow ?? yieldToLoop;
    if (reset) this.workspace.forgetDisk();
    this.queued = new Map();
    for (const p of this.workspace.listFiles(folders, walk)) {
      const dir = dirnameOf(pathToUri(p));
      const list = this.queued.get(dir);
      if (list) list.push(p);
      else this.queued.set(dir, [p]);
    }
    this.total = [...this.queued.values()].reduce((n, l) => n + l.length, 0);
    this.done = 0;
    const uris: string[] = [];
    while (this.queued.size) {
      const until = performance.now() + sliceMs;
      do {
        const p = this.take();
        if (p === undefined) break;
        const uri = this.workspace.indexPath(p);
        if (uri) uris.push(uri);
        this.done++;
      } while (performance.now() < until);
      options.progress?.(this.done, this.total);
      this.notify();
      await yieldNow();
      if (generation !== this.generation) return undefined;
    }
    this.notify();
    return uris;
  }

  /** Index this URI's folder next (a no-op once it is indexed). */
  prioritise(uri: string): void {
    const dir = dirnameOf(uri);
    if (this.queued.has(dir) && !this.urgent.includes(dir)) this.urgent.push(dir);
  }

  /** Whether files of this folder (a URI without the trailing slash) are still to be indexed. */
  pending(dirUri: string): boolean {
    return this.queued.has(dirUri);
  }

  /** Resolves after the next slice (or at once when no scan runs). */
  progressed(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.listeners.push(resolve));
  }

  /** Files indexed and found so far in the current scan. */
  counts(): { done: number; total: number } {
    return { done: this.done, total: this.total };
  }

  private take(): string | undefined {
    while (this.urgent.length && !this.queued.has(this.urgent[0])) this.urgent.shift();
    const dir = this.urgent[0] ?? this.queued.keys().next().value;
    if (dir === undefined) return undefined;
    const list = this.queued.get(dir)!;
    const p = list.pop();
    if (!list.length) this.queued.delete(dir);
    return p;
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }
}
