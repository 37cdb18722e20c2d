/**
 * Diagnostics for the whole workspace, not only for open buffers. Clients that pull diagnostics for the
 * workspace (VS Code through vscode-languageclient) get document and workspace reports with result ids, so an
 * unchanged file costs nothing; other clients get every file pushed. Open buffers are validated first; the
 * files a change affects (its chain and its dependents) are revalidated in the background, a few milliseconds
 * at a time, so requests keep being served.
 */
import { CancellationToken, Connection, Diagnostic, DiagnosticServerCancellationData, DocumentDiagnosticReport, ResponseError, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';

type Refusal = ResponseError<DiagnosticServerCancellationData>;

export type DiagnosticsScope = 'workspace' | 'openFiles';

export interface DiagnosticsHost {
  /** Every diagnostic of an indexed file (open or not), as the CLI reports it. */
  compute(uri: string): Diagnostic[];
  /** The version of the open buffer the index holds, undefined for a file that is not open. */
  openVersion(uri: string): number | undefined;
  /** The client's spelling of a URI. */
  clientUri(uri: string): string;
  /** Every file that gets diagnostics: indexed policy files and files that could not be read. */
  files(): string[];
  /** Resolves when the index is complete enough to validate (the start-up scan is over), or rejects at its bound. */
  ready(token?: CancellationToken): Promise<boolean>;
  /** Resolves once the changes already received are handled (a burst is validated at its newest version only). */
  settled(): Promise<void>;
  /** Applies queued edits to the index before anything reads it. */
  flushEdits(): void;
  /** The index's spelling of a client URI. */
  canonical(clientUri: string): string;
}

interface Result {
  readonly resultId: string;
  readonly diagnostics: Diagnostic[];
  readonly version: number | undefined;
}

/** Delay before the open files a change affects are revalidated (they must be current within 250 ms of the edit). */
const DEPENDENTS_DELAY_MS = 100;
const SLICE_MS = 8;
/** Background validation of unopened files starts only after this long without a request or an edit. */
const IDLE_MS = 150;

export class WorkspaceDiagnostics {
  pull = false;
  scope: DiagnosticsScope = 'workspace';
  private readonly results = new Map<string, Result>();
  /** Files whose diagnostics must be recomputed (pushed in the background, or on the next pull). */
  private readonly stale = new Set<string>();
  /** Push mode: files last published with at least one diagnostic (to clear when they leave). */
  private readonly shown = new Set<string>();
  /** Pull mode: files the last workspace report named. */
  private readonly reported = new Set<string>();
  private readonly openQueue = new Set<string>();
  private openTimer: NodeJS.Timeout | undefined;
  private readonly dependentsQueue = new Set<string>();
  private dependentsTimer: NodeJS.Timeout | undefined;
  private dependentsSince: number | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private background = false;
  private counter = 0;
  private lastActivity = 0;

  constructor(private readonly connection: Connection, private readonly host: DiagnosticsHost, private readonly log: (m: string) => void) {}

  /** Registers the pull handlers (call before listen, when the client pulls). */
  listen(): void {
    this.connection.languages.diagnostics.on(async (params, token) => this.documentReport(params.textDocument.uri, params.previousResultId, token));
    this.connection.languages.diagnostics.onWorkspace(async (params, token) => this.workspaceReport(params.previousResultIds, token));
  }

  /**
   * An open buffer changed (to the version the index holds now): validate it at once (push) or let the client
   * pull it; `affected` (its chain and dependents, or every file after a change of chains) follow.
   */
  changed(uri: string, affected: Iterable<string>): void {
    this.results.delete(uri);
    this.stale.delete(uri);
    if (!this.pull) this.validateOpenSoon([uri], 0);
    this.affected(affected, uri);
  }

  /** Files whose diagnostics may have changed: open ones are revalidated shortly, the others in the background. */
  affected(uris: Iterable<string>, except?: string): void {
    const open: string[] = [];
    for (const u of new Set(uris)) {
      if (u === except) continue;
      this.results.delete(u);
      if (this.host.openVersion(u) !== undefined) open.push(u);
      else this.stale.add(u);
    }
    if (this.pull) {
      if (open.length || this.stale.size) this.refreshSoon();
    } else {
      if (open.length) this.validateOpenSoon(open, DEPENDENTS_DELAY_MS);
      this.runBackground();
    }
  }

  /** A request or an edit arrived: background work waits until the client has been quiet for a moment. */
  touch(): void {
    this.lastActivity = performance.now();
  }

  /** Everything may have changed (a scan ended, settings changed): forget every result. */
  refreshAll(): void {
    this.touch();
    this.results.clear();
    for (const u of this.host.files()) this.stale.add(u);
    if (this.pull) return this.refreshSoon();
    const open = this.host.files().filter((u) => this.host.openVersion(u) !== undefined);
    this.validateOpenSoon(open, 0);
    this.runBackground();
  }

  /** Files left the index (deleted, out of scope). */
  removed(uris: Iterable<string>): void {
    for (const u of uris) {
      this.results.delete(u);
      this.stale.delete(u);
      if (!this.pull && this.shown.delete(u)) void this.connection.sendDiagnostics({ uri: this.host.clientUri(u), diagnostics: [] });
    }
    if (this.pull) this.refreshSoon();
  }

  /** A buffer closed: its disk content is what counts now (or nothing, for openFiles). */
  closed(uri: string, clientUri: string): void {
    this.results.delete(uri);
    if (this.pull) return this.refreshSoon();
    if (this.scope === 'openFiles' || !this.host.files().includes(uri)) {
      this.shown.delete(uri);
      void this.connection.sendDiagnostics({ uri: clientUri, diagnostics: [] });
      return;
    }
    // The file's disk diagnostics now, without a version: a buffer reopened later starts its versions again, and
    // what it publishes must not look older than what the closed buffer published.
    this.stale.delete(uri);
    const r = this.result(uri);
    if (r.diagnostics.length) this.shown.add(uri);
    else this.shown.delete(uri);
    void this.connection.sendDiagnostics({ uri: clientUri, diagnostics: r.diagnostics });
  }

  setScope(scope: DiagnosticsScope): void {
    if (scope === this.scope) return;
    this.scope = scope;
    if (scope === 'openFiles' && !this.pull) {
      for (const u of [...this.shown]) {
        if (this.host.openVersion(u) !== undefined) continue;
        this.shown.delete(u);
        void this.connection.sendDiagnostics({ uri: this.host.clientUri(u), diagnostics: [] });
      }
    }
    this.refreshAll();
  }

  private result(uri: string): Result {
    const version = this.host.openVersion(uri);
    const cached = this.results.get(uri);
    if (cached && cached.version === version && !this.stale.has(uri)) return cached;
    let diagnostics: Diagnostic[] = [];
    try {
      diagnostics = this.host.compute(uri);
    } catch (e) {
      this.log(`diagnostics failed: ${e instanceof Error ? e.name : typeof e}`);
    }
    const r: Result = { resultId: String(++this.counter), diagnostics, version };
    this.results.set(uri, r);
    this.stale.delete(uri);
    return r;
  }

  // Push -------------------------------------------------------------------------------------------------

  /**
   * Edited buffers are validated on the next turn; the open files an edit affects after the client has been
   * quiet for DEPENDENTS_DELAY_MS (each edit restarts the wait), and never later than twice that after the first.
   */
  private validateOpenSoon(uris: readonly string[], delayMs: number): void {
    const queue = delayMs > 0 ? this.dependentsQueue : this.openQueue;
    for (const u of uris) queue.add(u);
    if (delayMs === 0) {
      this.openTimer ??= setTimeout(() => {
        this.openTimer = undefined;
        const batch = [...this.openQueue];
        this.openQueue.clear();
        void this.publishOpen(batch);
      }, 0);
      return;
    }
    const now = performance.now();
    this.dependentsSince ??= now;
    if (this.dependentsTimer) clearTimeout(this.dependentsTimer);
    const wait = Math.max(0, Math.min(delayMs, this.dependentsSince + 2 * delayMs - now));
    this.dependentsTimer = setTimeout(() => {
      this.dependentsTimer = undefined;
      this.dependentsSince = undefined;
      const batch = [...this.dependentsQueue];
      this.dependentsQueue.clear();
      void this.publishOpen(batch);
    }, wait);
  }

  private async publishOpen(uris: readonly string[]): Promise<void> {
    if (!(await this.host.ready())) return;
    await this.host.settled();
    this.host.flushEdits();
    for (const uri of uris) {
      const version = this.host.openVersion(uri);
      if (version === undefined) continue;
      const r = this.result(uri);
      // Publish only for the version validated; a newer edit schedules its own run.
      if (this.host.openVersion(uri) === r.version) this.publish(uri, r, version);
    }
    // The client is likely to answer an open file's diagnostics with its next edit or request: let it come first.
    this.touch();
  }

  private publish(uri: string, r: Result, version?: number): void {
    if (r.diagnostics.length) this.shown.add(uri);
    else if (!this.shown.delete(uri) && version === undefined) return;
    void this.connection.sendDiagnostics({ uri: this.host.clientUri(uri), version, diagnostics: r.diagnostics });
  }

  /** Publishes stale files that are not open, a slice at a time, yielding to requests in between. */
  private runBackground(): void {
    if (this.background || this.pull) return;
    this.background = true;
    void (async () => {
      let count = 0;
      const started = performance.now();
      try {
        if (!(await this.host.ready())) return;
        while (this.stale.size) {
          const quiet = performance.now() - this.lastActivity;
          if (quiet < IDLE_MS) {
            await new Promise<void>((resolve) => setTimeout(resolve, IDLE_MS - quiet));
            continue;
          }
          const until = performance.now() + SLICE_MS;
          this.host.flushEdits();
          for (const uri of this.stale) {
            if (performance.now() > until) break;
            this.stale.delete(uri);
            if (this.host.openVersion(uri) !== undefined || this.scope !== 'workspace') continue;
            this.publish(uri, this.result(uri));
            count++;
          }
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        // Large batches only (the first after a scan, a change of chains): one line, not one per edit.
        if (count >= 10) this.log(`Validated ${count} unopened files in the background in ${Math.round(performance.now() - started)} ms.`);
      } finally {
        this.background = false;
      }
    })();
  }

  // Pull -------------------------------------------------------------------------------------------------

  private refreshSoon(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.connection.languages.diagnostics.refresh().catch(() => undefined);
    }, DEPENDENTS_DELAY_MS);
  }

  private async documentReport(clientUri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport | Refusal> {
    const uri = this.host.canonical(clientUri);
    if (!(await this.host.ready(token))) return cancelled(token);
    if (token.isCancellationRequested) return cancelled(token);
    this.host.flushEdits();
    if (this.host.openVersion(uri) === undefined && this.scope === 'openFiles') return { kind: 'full', items: [] };
    const r = this.result(uri);
    if (previousResultId === r.resultId) return { kind: 'unchanged', resultId: r.resultId };
    return { kind: 'full', resultId: r.resultId, items: r.diagnostics };
  }

  private async workspaceReport(previous: ReadonlyArray<{ uri: string; value: string }>, token: CancellationToken): Promise<{ items: WorkspaceDocumentDiagnosticReport[] } | Refusal> {
    if (!(await this.host.ready(token))) return cancelled(token);
    const known = new Map(previous.map((p) => [this.host.canonical(p.uri), p.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    const now = new Set<string>();
    let until = performance.now() + SLICE_MS;
    const files = this.scope === 'workspace' ? this.host.files() : [];
    for (const uri of files) {
      if (performance.now() > until) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) return cancelled(token);
        until = performance.now() + SLICE_MS;
      }
      this.host.flushEdits();
      if (this.host.openVersion(uri) !== undefined) continue;
      now.add(uri);
      const r = this.result(uri);
      const u = this.host.clientUri(uri);
      items.push(known.get(uri) === r.resultId ? { kind: 'unchanged', uri: u, version: null, resultId: r.resultId } : { kind: 'full', uri: u, version: null, resultId: r.resultId, items: r.diagnostics });
    }
    // Files reported before that are gone (or out of scope) are cleared.
    for (const uri of this.reported) if (!now.has(uri) && this.host.openVersion(uri) === undefined) items.push({ kind: 'full', uri: this.host.clientUri(uri), version: null, items: [] });
    this.reported.clear();
    for (const u of now) this.reported.add(u);
    return { items };
  }
}

function cancelled(token: CancellationToken): Refusal {
  // ServerCancelled (-32802) asks a pulling client to try again; RequestCancelled when the client cancelled.
  return token.isCancellationRequested ? new ResponseError(-32800, 'Request cancelled', { retriggerRequest: false }) : new ResponseError(-32802, 'The workspace is still being indexed.', { retriggerRequest: true });
}
