/**
 * A small JSON-RPC client that drives the real server process (`node dist/server.js --stdio`) for protocol tests.
 * It answers the server's own requests (configuration, progress, registrations), keeps every published
 * diagnostic and log line, measures request latency, and waits for results with deadlines instead of sleeps.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CancellationToken, MessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { REPO_ROOT } from './paths';

export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

export interface StartOptions {
  /** The workspace folder the server indexes; none when omitted. */
  readonly rootPath?: string;
  /** Extra environment variables for the server process. */
  readonly env?: Readonly<Record<string, string>>;
  /** Returned for workspace/configuration requests (section b2cPolicy). */
  readonly settings?: unknown;
  /** Milliseconds a request may take before `request` rejects (default 10 s). */
  readonly requestTimeoutMs?: number;
}

export interface Published {
  readonly uri: string;
  readonly version: number | undefined;
  readonly diagnostics: Diagnostic[];
}

export interface LogLine {
  /** 1 error, 2 warning, 3 info, 4 log. */
  readonly type: number;
  readonly message: string;
}

export interface MethodStats {
  count: number;
  maxMs: number;
  totalMs: number;
}

/** Thrown when a wait or a request runs past its deadline. */
export class TimeoutError extends Error {}

interface Waiter {
  check(): boolean;
}

export class LspClient {
  readonly published: Published[] = [];
  readonly logs: LogLine[] = [];
  /** window/showMessage notifications, in order. */
  readonly messages: LogLine[] = [];
  /** $/logTrace messages (with their verbose part), when the client asked for tracing. */
  readonly traces: string[] = [];
  /** $/progress notifications, with when they arrived (performance.now()). */
  readonly progress: Array<{ readonly at: number; readonly value: { kind: string; message?: string; percentage?: number } }> = [];
  /** Requests the server sent to the client, by method, with when they arrived. */
  readonly serverRequests: Array<{ readonly method: string; readonly at: number }> = [];
  /** Everything the server wrote to stderr. */
  stderr = '';
  readonly stats = new Map<string, MethodStats>();
  exitCode: number | null | undefined;
  private readonly waiters = new Set<Waiter>();
  private versions = new Map<string, number>();
  /** Index in `published` at the last didOpen of each URI: diagnostics() ignores what came before. */
  private openedAt = new Map<string, number>();
  private exited!: Promise<void>;

  private constructor(readonly process: cp.ChildProcess, readonly connection: MessageConnection, readonly options: StartOptions) {}

  static start(options: StartOptions = {}): LspClient {
    if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npm run build\` first.`);
    const child = cp.spawn(process.execPath, [SERVER_JS, '--stdio'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options);
    client.wire();
    return client;
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** True while the server process runs. */
  get alive(): boolean {
    return this.exitCode === undefined;
  }

  private wire(): void {
    const { connection, process: child } = this;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => child.on('exit', (code) => { this.exitCode = code; this.wake(); resolve(); }));
    // A closed pipe after exit must not crash the test process.
    child.stdin!.on('error', () => undefined);
    connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push({ uri: p.uri, version: p.version, diagnostics: p.diagnostics });
      this.wake();
    });
    connection.onNotification('window/logMessage', (p: LogLine) => { this.logs.push({ type: p.type, message: p.message }); this.wake(); });
    connection.onNotification('window/showMessage', (p: LogLine) => { this.messages.push({ type: p.type, message: p.message }); this.wake(); });
    connection.onNotification('$/logTrace', (p: { message: string; verbose?: string }) => { this.traces.push(p.verbose ? `${p.message}\n${p.verbose}` : p.message); });
    connection.onNotification('$/progress', (p: { value: { kind: string } }) => { this.progress.push({ at: performance.now(), value: p.value }); this.wake(); });
    connection.onNotification(() => this.wake());
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.options.settings ?? null));
    connection.onRequest((method: string) => { this.serverRequests.push({ method, at: performance.now() }); this.wake(); return null; });
    connection.onError(() => undefined);
    connection.listen();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w.check();
  }

  /** Resolves with the first non-undefined value of `probe`, re-checked on every message from the server; rejects at the deadline or if the server exits. */
  waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => finish(new TimeoutError(`Timed out after ${timeoutMs} ms waiting for ${what}.`)), timeoutMs);
      const finish = (error?: Error, value?: T) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        if (error) reject(error); else resolve(value as T);
      };
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = probe();
          } catch (e) {
            finish(e as Error);
            return true;
          }
          if (value !== undefined) finish(undefined, value);
          else if (!this.alive) finish(new Error(`The server exited (code ${this.exitCode}) while waiting for ${what}.`));
          else return false;
          return true;
        },
      };
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  async initialize(extra: { capabilities?: object; initializationOptions?: unknown; trace?: 'off' | 'messages' | 'verbose' } = {}): Promise<InitializeResult> {
    const root = this.options.rootPath;
    const rootUri = root ? URI.file(path.resolve(root)).toString() : null;
    const result = await this.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: path.basename(root!) }] : null,
      capabilities: extra.capabilities ?? {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, definition: { linkSupport: true } },
      },
      initializationOptions: extra.initializationOptions,
      trace: extra.trace,
    });
    this.notify('initialized', {});
    return result;
  }

  /** Waits until the server logged that the initial scan finished. */
  indexed(timeoutMs = 30_000): Promise<LogLine> {
    return this.waitFor(() => this.logs.find((l) => /^Indexed \d+ policy files/.test(l.message)), 'the initial workspace scan', timeoutMs);
  }

  notify(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  /** Sends a request; rejects on a server error or after the timeout. Latency is recorded per method. */
  async request<R = unknown>(method: string, params: unknown, token?: CancellationToken, timeoutMs = this.options.requestTimeoutMs ?? 10_000): Promise<R> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`${method} got no answer within ${timeoutMs} ms.`)), timeoutMs);
    });
    const exited = this.exited.then((): never => { throw new Error(`The server exited (code ${this.exitCode}) during ${method}.`); });
    // The losers of the race may reject later; mark them handled so they never surface as unhandled rejections.
    exited.catch(() => undefined);
    try {
      const sent = token ? this.connection.sendRequest<R>(method, params, token) : this.connection.sendRequest<R>(method, params);
      sent.catch(() => undefined);
      return await Promise.race([sent, timeout, exited]);
    } finally {
      clearTimeout(timer);
      this.record(method, performance.now() - started);
    }
  }

  private record(method: string, ms: number): void {
    const s = this.stats.get(method) ?? { count: 0, maxMs: 0, totalMs: 0 };
    s.count++;
    s.totalMs += ms;
    s.maxMs = Math.max(s.maxMs, ms);
    this.stats.set(method, s);
  }

  /** Opens a document; the text is read from disk when omitted. Returns the URI used. */
  open(pathOrUri: string, text?: string, version = 1): string {
    const uri = pathOrUri.includes('://') ? pathOrUri : URI.file(path.resolve(pathOrUri)).toString();
    const content = text ?? fs.readFileSync(URI.parse(uri).fsPath, 'utf8').replace(/^\uFEFF/, '');
    this.versions.set(uri, version);
    this.openedAt.set(uri, this.published.length);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version, text: content } });
    return uri;
  }

  change(uri: string, edits: TextDocumentContentChangeEvent[], version: number): void {
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: edits });
  }

  close(uri: string): void {
    this.versions.delete(uri);
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** The version last sent for an open document. */
  versionOf(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  /** Everything published for a URI so far, oldest first. */
  publishedFor(uri: string): Published[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /** Waits for diagnostics for the URI (for that exact version, if given) since it was last opened, and returns the latest such set. */
  diagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<Diagnostic[]> {
    return this.waitFor(() => {
      const since = this.openedAt.get(uri) ?? 0;
      for (let i = this.published.length - 1; i >= since; i--) {
        const p = this.published[i];
        if (p.uri === uri && (version === undefined || p.version === version)) return p.diagnostics;
      }
      return undefined;
    }, `diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''}`, timeoutMs);
  }

  /** Log lines that report a failure inside the server (a caught handler error, an uncaught exception, a rejection). */
  failures(): LogLine[] {
    return this.logs.filter((l) => l.type === 1 || /Uncaught|Unhandled rejection|failed:/.test(l.message));
  }

  /** Resident memory of the server process in MB (Linux), from /proc. */
  rssMB(): number | undefined {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** shutdown + exit, then waits for the process to end (killing it after a grace period). */
  async shutdown(timeoutMs = 5000): Promise<void> {
    if (this.alive) {
      try {
        await this.request('shutdown', null, undefined, timeoutMs);
        this.notify('exit', null);
        await this.waitFor(() => (this.alive ? undefined : true), 'the server to exit', timeoutMs);
      } catch {
        this.process.kill();
      }
    }
    this.connection.dispose();
  }
}

export function start(options: StartOptions = {}): LspClient {
  return LspClient.start(options);
}

/** Whether a request failed with the JSON-RPC error code given. */
export function isResponseError(e: unknown, code?: number): e is ResponseError<unknown> {
  return e instanceof ResponseError && (code === undefined || e.code === code);
}
