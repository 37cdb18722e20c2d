// A minimal LSP client over stdio (vscode-jsonrpc framing) for timing requests against dist/server.js.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

export class LspSession {
  constructor(serverJs, root) {
    this.root = root;
    // BENCH_SERVER_FLAGS passes Node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=.bench/prof" to profile it.
    const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...flags, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.child.stdout), new rpc.StreamMessageWriter(this.child.stdin));
    this.diagnosticWaiters = new Map();
    this.published = new Set();
    /** The latest diagnostics per URI, and callbacks run on every publish. */
    this.latest = new Map();
    this.publishWaiters = new Set();
    this.lastDiagnosticsAt = 0;
    this.indexed = new Promise((resolve) => { this.resolveIndexed = resolve; });
    this.listen();
  }

  listen() {
    const c = this.conn;
    c.onNotification('window/logMessage', ({ message }) => {
      const m = /Indexed (\d+) policy files in (\d+) ms/.exec(message);
      if (m) this.resolveIndexed({ files: Number(m[1]), ms: Number(m[2]), at: performance.now() });
    });
    c.onNotification('textDocument/publishDiagnostics', (p) => {
      this.lastDiagnosticsAt = performance.now();
      this.published.add(p.uri);
      this.latest.set(p.uri, p.diagnostics);
      for (const w of [...this.publishWaiters]) w();
      const key = `${p.uri}#${p.version}`;
      const waiter = this.diagnosticWaiters.get(key);
      if (waiter) { this.diagnosticWaiters.delete(key); waiter(p); }
    });
    c.onNotification('$/progress', () => {});
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
    c.onRequest('workspace/diagnostic/refresh', () => null);
    c.listen();
  }

  /** initialize + initialized; resolves when the server logs that its first scan is done. */
  async start() {
    const started = performance.now();
    await this.begin();
    const indexed = await this.indexed;
    return { ...indexed, wallMs: indexed.at - started };
  }

  /** Resolves when `probe()` holds after some publish (checked at once too), or rejects after `maxMs`. */
  untilPublished(probe, maxMs = 30000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!probe()) return;
        this.publishWaiters.delete(check);
        clearTimeout(timer);
        resolve(performance.now());
      };
      const timer = setTimeout(() => { this.publishWaiters.delete(check); reject(new Error('no such publish in time')); }, maxMs);
      this.publishWaiters.add(check);
      check();
    });
  }

  /** initialize + initialized, without waiting for the scan. */
  async begin() {
    const uri = pathToFileURL(this.root).href;
    await this.conn.sendRequest('initialize', {
      processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'bench' }],
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true }, definition: { linkSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          synchronization: { didSave: false },
        },
        window: { workDoneProgress: true },
        workspace: { configuration: false, workspaceFolders: true },
      },
    });
    this.conn.sendNotification('initialized', {});
  }

  open(file, text) {
    const uri = pathToFileURL(file).href;
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    return uri;
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  /**
   * Resolves once every given document has had diagnostics and none has arrived for `quietMs` (the server
   * revalidates open dependents after a pause): timing starts from a settled server.
   */
  async settle(uris, quietMs = 400, maxMs = 30000) {
    const started = performance.now();
    for (;;) {
      const now = performance.now();
      const all = uris.every((u) => this.published.has(u));
      if ((all && now - this.lastDiagnosticsAt >= quietMs) || now - started > maxMs) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends an edit and resolves when the diagnostics for that very version arrive. */
  editAndWait(uri, version, change) {
    const arrived = new Promise((resolve) => this.diagnosticWaiters.set(`${uri}#${version}`, resolve));
    this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    return arrived;
  }

  /**
   * The server's main thread: nanoseconds on a CPU and waiting on the run queue (Linux schedstat). CPU time per
   * request does not depend on what else the machine runs; the run-queue wait says how much it did.
   */
  schedstat() {
    try {
      const [cpu, wait] = fs.readFileSync(`/proc/${this.child.pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
      return { cpu, wait };
    } catch {
      return { cpu: NaN, wait: NaN };
    }
  }

  /** Peak and current resident set of the server process, in MB (Linux /proc). */
  memory() {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { peakMB: kb('VmHWM') / 1024, rssMB: kb('VmRSS') / 1024 };
    } catch {
      return { peakMB: NaN, rssMB: NaN };
    }
  }

  async stop() {
    try {
      await this.conn.sendRequest('shutdown');
      this.conn.sendNotification('exit');
    } catch {
      // The server is gone already.
    }
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const timer = setTimeout(() => this.child.kill(), 2000);
    await exited;
    clearTimeout(timer);
    this.conn.dispose();
  }
}
