/**
 * Wires the language service to an LSP connection. Each handler looks up the document, calls the service
 * and returns; everything runs inside runSafe so a bug in one feature never takes the server down.
 */
import {
  CancellationToken, CodeActionParams, CodeLensParams, CodeLensRefreshRequest, DocumentLinkParams, CompletionParams, Connection, DefinitionParams, HoverParams, PrepareRenameParams, ReferenceParams, RenameParams, WorkspaceSymbolParams, DidChangeWatchedFilesNotification, WatchKind, FileChangeType, InitializeParams, InitializeResult,
  ResponseError, TextDocumentSyncKind, TextDocuments, WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as service from './service/languageService';
import { Workspace } from './node/workspace';
import { PolicySettings, baseFolderPaths, codeLensEnabled, excludeMatcher, indexOptions, sanitizeSettings, validationOptions } from './node/settings';
import { DEFAULT_MAX_FILE_BYTES, uriToPath } from './node/files';
import { makeCheckFailedDiagnostic } from './node/readProblems';
import { injectTestFaults } from './node/testFaults';
import { UncheckedEditError, checkedActions, checkedEdit, coversName } from './node/editGuard';
import { settingsProblems } from './node/settingsSchema';
import { BackgroundScan } from './node/backgroundScan';
import { fileDiagnostics } from './node/fileDiagnostics';
import { DiagnosticsHost, WorkspaceDiagnostics } from './workspaceDiagnostics';
import { dirnameOf } from './service/index/policyIndex';
import type { CompletionList, Diagnostic, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { CLEAR_RADIUS, EditLog } from './node/pendingEdits';
import type { OpenDocument } from './node/workspace';

/** Arguments: the document URI and, optionally, a position inside the journey (all journeys of the file without one). */
const RENUMBER_STEPS = 'b2cPolicy.renumberSteps';
import { AppSettingsFile, isAppSettingsUri, outputFoldersKey, readAppSettingsFiles, readSettingsNames, settingsContextFor, withOutputFolders } from './node/appSettings';
import { registerRunRequests } from './node/run/runRequests';
import { effectiveModel } from './service/effective/effectiveModel';
import { JourneyParams, answerJourney, mapAnswerUris } from './service/journey/journeyRequest';
import { claimFlow } from './service/journey/claimFlow';

/**
 * An error as the log shows it: its class, its message cut at the first quote or slash (engine messages quote
 * their input: JSON.parse, a regular expression built from a value, ...), and the stack frames, which name only our code.
 */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return `a thrown ${typeof e}`;
  const cut = e.message.search(/["'`/\\]/);
  const message = cut < 0 ? e.message.slice(0, 300) : `${e.message.slice(0, Math.min(cut, 300))}…`;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 10);
  return [`${e.name}: ${message}`, ...frames].join('\n');
}

export function startServer(connection: Connection): void {
  const faults = injectTestFaults(process.env);
  /** Per open URI (canonical), the edits since its text was last parsed into the index. */
  const editLogs = new Map<string, EditLog>();
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => {
      const uri = canon(doc.uri);
      let log = editLogs.get(uri);
      if (!log) editLogs.set(uri, (log = new EditLog()));
      log.record(doc, changes);
      return TextDocument.update(doc, changes, version);
    },
  });
  const workspace = new Workspace();
  let folders: string[] = [];
  let settings: PolicySettings = sanitizeSettings({});
  /** PolicySettings names from the folders' appsettings.json, for {Settings:...} completion. */
  let settingsNames: string[] = [];
  let snippetSupport = false;
  let folding: { rangeLimit?: number; lineFoldingOnly?: boolean } = {};
  let codeLensRefresh = false;
  /** Asks the client to ask for CodeLens again (after the scan, when counts may have grown, and when the setting changes). */
  const refreshCodeLens = () => { if (codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).then(undefined, () => undefined); };
  let reportedSettings = '';

  /** Bad setting values are ignored (sanitizeSettings) and said once per distinct set, not on every reload. */
  function reportSettings(raw: unknown): void {
    const problems = settingsProblems(raw);
    const text = problems.join('; ');
    if (text === reportedSettings) return;
    reportedSettings = text;
    if (!problems.length) return;
    const message = `B2C Policy Tools ignored ${problems.length === 1 ? 'a setting value' : `${problems.length} setting values`} that the settings schema does not allow: ${problems.map((p) => `b2cPolicy.${p}`).join('; ')}.`;
    connection.console.warn(message);
    void connection.sendNotification('window/showMessage', { type: 2, message });
  }
  let changeAnnotations = false;
  /** The folders' appsettings.json, parsed: {Settings:...} diagnostics, hover and definition, and build output to skip. */
  let appSettingsFiles: AppSettingsFile[] = [];
  const reloadAppSettings = () => { settingsNames = readSettingsNames(folders); appSettingsFiles = readAppSettingsFiles(folders); };
  const scanExclude = () => withOutputFolders(excludeMatcher(settings), appSettingsFiles);
  // A linked folder may lead into a base folder as into a workspace folder (its files are indexed, never reported on).
  const walkOptions = () => ({ exclude: scanExclude(), symlinks: settings.followSymlinks, allowedRoots: baseFolderPaths(settings, folders[0]) });
  const settingsFor = (doc: { file: { uri: string } }) => settingsContextFor(appSettingsFiles, doc.file.uri);
  const fileName = (uri: string) => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  let supportsConfiguration = false;
  let supportsWatcherRegistration = false;
  let supportsFolderEvents = false;
  /** The client's spelling of each open URI, for publishing. */
  const clientUris = new Map<string, string>();

  const log = (message: string) => connection.console.log(message);
  const scan = new BackgroundScan(workspace);
  /** True until the first scan has been started (requests before it wait, as during a scan). */
  let scanPending = true;

  /** The specification's answers to a request before initialize and after shutdown are errors, not null. */
  let lifecycle: 'starting' | 'running' | 'shutDown' = 'starting';
  connection.onShutdown(() => { lifecycle = 'shutDown'; });

  function runSafe<T>(name: string, fallback: T, token: CancellationToken | undefined, fn: () => T): T | ResponseError<void> {
    if (lifecycle === 'starting') return new ResponseError(-32002, 'The server is not initialized.');
    if (lifecycle === 'shutDown') return new ResponseError(-32600, 'The server is shut down.');
    if (token?.isCancellationRequested) return new ResponseError(-32800, 'Request cancelled');
    try {
      if (faults.has(name)) throw new Error(`Injected test fault in ${name}.`);
      return fn();
    } catch (e) {
      // A ResponseError is an answer for the user (e.g. "nothing to rename here"), not a failure.
      if (e instanceof ResponseError) return e;
      // Log the failure, never the document (see describeError).
      connection.console.error(`${name} failed: ${describeError(e)}`);
      return fallback;
    }
  }

  /** Client URIs as the index knows them (one file reached through a linked folder is one entry). */
  const canon = (uri: string) => workspace.canonicalUri(uri);
  const fileOf = (uri: string) => workspace.index.get(canon(uri));
  /** Index URIs back in the client's spelling, for the files it has open (it may have opened one through a link). */
  const toClient = (uri: string) => clientUris.get(uri) ?? uri;
  const editToClient = (edit: WorkspaceEdit): WorkspaceEdit =>
    ({ ...edit, changes: edit.changes && Object.fromEntries(Object.entries(edit.changes).map(([u, edits]) => [toClient(u), edits])) });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    lifecycle = 'running';
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!folders.length && params.rootUri) {
      const p = uriToPath(params.rootUri);
      if (p) folders = [p];
    }
    settings = sanitizeSettings(params.initializationOptions?.settings);
    reportSettings(params.initializationOptions?.settings);
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    supportsWatcherRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    supportsFolderEvents = !!params.capabilities.workspace?.workspaceFolders;
    snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    folding = { rangeLimit: params.capabilities.textDocument?.foldingRange?.rangeLimit, lineFoldingOnly: params.capabilities.textDocument?.foldingRange?.lineFoldingOnly };
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    changeAnnotations = !!workspaceEdit?.documentChanges && !!workspaceEdit.changeAnnotationSupport;
    // Pull only where the client pulls for the workspace too (it says so by supporting refresh); else push every file.
    diagnostics.pull = !!params.capabilities.textDocument?.diagnostic && !!params.capabilities.workspace?.diagnostics?.refreshSupport;
    diagnostics.scope = settings.diagnostics?.scope ?? 'workspace';
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        completionProvider: { triggerCharacters: ['<', '"', "'", '{', ':'], resolveProvider: false },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        executeCommandProvider: { commands: [RENUMBER_STEPS] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...(diagnostics.pull ? { diagnosticProvider: { identifier: 'b2c', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
      },
      serverInfo: { name: 'b2c-policy-tools' },
    };
  });

  connection.onInitialized(async () => {
    // The scan starts now, from the initialization options; settings pulled from the client follow (and rescan if they change what is read).
    applyIndexSettings();
    void scanWorkspace(false);
    if (supportsConfiguration) void onSettingsChanged();
    if (supportsWatcherRegistration) {
      // Editors report a deleted or renamed folder as one event for the folder, which '**/*.xml' never matches
      // (microsoft/vscode#109754): watch creations and deletions of anything; the workspace ignores what it does not read.
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.xml' }, { globPattern: '**/appsettings.json' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
      });
    }
    if (supportsFolderEvents) connection.workspace.onDidChangeWorkspaceFolders((e) => runSafe('folders', undefined, undefined, () => changeFolders(e.added, e.removed)));
  });

  function changeFolders(added: ReadonlyArray<{ uri: string }>, removed: ReadonlyArray<{ uri: string }>): void {
    const gone = removed.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    folders = folders.filter((f) => !gone.includes(f));
    workspace.forgetFolders(gone);
    for (const file of [...workspace.index.all()]) {
      const p = uriToPath(file.uri);
      if (p && gone.some((g) => p.startsWith(g + '/')) && !folders.some((f) => p.startsWith(f + '/'))) workspace.deleted(file.uri);
    }
    const fresh = added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    folders.push(...fresh);
    reloadAppSettings();
    workspace.scan(fresh, walkOptions());
    diagnostics.refreshAll();
  }

  async function pullSettings(): Promise<void> {
    try {
      const raw = await connection.workspace.getConfiguration('b2cPolicy');
      settings = sanitizeSettings(raw);
      reportSettings(raw);
    } catch {
      settings = sanitizeSettings({});
    }
    applyIndexSettings();
  }

  function applyIndexSettings(): void {
    workspace.index.setOptions(indexOptions(settings, folders));
    workspace.maxFileBytes = settings.maxFileSizeMB ? settings.maxFileSizeMB * 1024 * 1024 : DEFAULT_MAX_FILE_BYTES;
  }

  /** A work-done progress that starts reporting once the client has created it; the scan never waits for that. */
  function startProgress(title: string): { report(done: number, total: number): void; done(): void } {
    let reporter: WorkDoneProgressReporter | undefined;
    let finished = false;
    connection.window.createWorkDoneProgress().then((p) => {
      if (finished) return p.done();
      reporter = p;
      p.begin(title, 0, undefined, false);
    }, () => undefined);
    return {
      report: (done, total) => reporter?.report(Math.round((done / Math.max(total, 1)) * 100), `${done}/${total} XML files`),
      done: () => { finished = true; reporter?.done(); },
    };
  }

  /** Indexes the folders in slices (the open documents' folders first); `reset` forgets what was read from disk first. */
  async function scanWorkspace(reset: boolean): Promise<void> {
    scanPending = false;
    const progress = startProgress('Indexing B2C policies');
    const started = Date.now();
    reloadAppSettings();
    for (const d of documents.all()) scan.prioritise(canon(d.uri));
    const uris = await scan.run(folders, walkOptions(), reset, { progress: progress.report });
    progress.done();
    // A newer scan (settings changed meanwhile) reports for both.
    if (!uris) return;
    indexBaseFolders();
    log(`Indexed ${uris.length} policy files in ${Date.now() - started} ms.`);
    diagnostics.refreshAll();
    refreshCodeLens();
  }

  /** Indexes the b2cPolicy.baseFolders (for resolution and navigation only): after every scan and settings change. */
  function indexBaseFolders(): void {
    const bases = baseFolderPaths(settings, folders[0]);
    // A base folder inside a workspace folder was scanned with the exclude globs; one outside is read whole.
    const uris = workspace.setBaseFolders(bases);
    if (bases.length) log(`Base folders: ${uris.length} policy files indexed, not reported on.`);
  }

  /** Longest a request waits for the files it needs during the start-up scan. */
  const READY_BOUND_MS = 10_000;

  /**
   * Whether the index holds everything a request on `uri` can see: its folder and the folders of its chain are
   * read, and every link of the chain resolved in its own folder (a file read later cannot change such a link).
   */
  function chainSettled(uri: string): boolean {
    if (scan.pending(dirnameOf(uri))) return false;
    const chain = workspace.index.chain(uri);
    if (chain.status === 'incomplete' || chain.status === 'ambiguous') return false;
    for (const u of chain.uris) {
      if (scan.pending(dirnameOf(u))) return false;
      const base = workspace.index.resolveBase(u);
      if (base && base.chosen.some((c) => dirnameOf(c) !== dirnameOf(u))) return false;
    }
    return true;
  }

  /** The last diagnostics computed without a failure, per URI: shown again, under an error, if checking fails. */
  const lastGood = new Map<string, Diagnostic[]>();

  /**
   * Waits (bounded) until the start-up scan has read what a request needs: the chain of `uri`, or with no URI
   * the whole workspace. Resolves false on cancellation or at the bound, so that no handler answers from a partial index.
   */
  async function ready(uri: string | undefined, token?: CancellationToken): Promise<boolean> {
    const deadline = performance.now() + READY_BOUND_MS;
    if (uri) scan.prioritise(uri);
    while (scanPending || scan.running) {
      if (uri && !scanPending && chainSettled(uri)) return true;
      if (token?.isCancellationRequested || performance.now() > deadline) return false;
      if (scanPending) await new Promise<void>((resolve) => setTimeout(resolve, 5));
      else await scan.progressed();
    }
    return true;
  }

  /** A request handler that first waits for the index it needs; never answers from a partial index. */
  function whenReady<P, R>(name: string, fallback: R, need: 'chain' | 'workspace', uriOf: (p: P) => string | undefined, fn: (p: P) => R, flush = true) {
    return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      // Before initialize the scan has not started: answer at once (runSafe says why), never wait for it.
      if (lifecycle !== 'running') return runSafe(name, fallback, token, () => fn(params));
      diagnostics.touch();
      const clientUri = uriOf(params);
      const uri = clientUri === undefined ? undefined : canon(clientUri);
      if (!(await ready(need === 'chain' ? uri : undefined, token))) {
        return token.isCancellationRequested ? new ResponseError(-32800, 'Request cancelled') : new ResponseError(-32803, 'The workspace is still being indexed; try again in a moment.');
      }
      if (flush) flushEdits();
      return runSafe(name, fallback, token, () => fn(params));
    };
  }

  // Edits: each change is applied to the index at the latest when something reads it, and after a pause that
  // grows with the document's size, so that a burst of keystrokes in a large file is parsed and validated once.
  const pendingEdits = new Map<string, NodeJS.Timeout>();

  function editDelayMs(length: number): number {
    return length < 100_000 ? 0 : Math.min(300, Math.round(length / 20_000));
  }

  /** Changes handled so far (any document). */
  let changesSeen = 0;
  /** Longest a burst of queued changes holds back parsing and validation. */
  const QUEUE_WAIT_MS = 200;

  /**
   * Runs `fn` once the changes already received are handled, so that a burst queued behind the current change is
   * parsed and validated once, at its newest version. vscode-jsonrpc handles one message per turn of the event loop
   * (a setImmediate queued before ours), so a turn in which a change was handled means more may be queued: wait for
   * a turn without one, at most QUEUE_WAIT_MS, so that a change that never stops coming is still validated.
   */
  function afterQueuedChanges(fn: () => void): void {
    const started = performance.now();
    const wait = (seen: number) => setImmediate(() => {
      if (changesSeen !== seen && performance.now() - started < QUEUE_WAIT_MS) wait(changesSeen);
      else fn();
    });
    wait(changesSeen);
  }

  function queueEdit(clientUri: string): void {
    diagnostics.touch();
    changesSeen++;
    const uri = canon(clientUri);
    clientUris.set(uri, clientUri);
    const previous = pendingEdits.get(uri);
    if (previous) clearTimeout(previous);
    const doc = documents.get(clientUri);
    const timer: NodeJS.Timeout = setTimeout(() => afterQueuedChanges(() => { if (pendingEdits.get(uri) === timer) applyEdit(uri); }),
      editDelayMs(doc?.getText().length ?? 0));
    pendingEdits.set(uri, timer);
  }

  function applyEdit(uri: string): void {
    const timer = pendingEdits.get(uri);
    if (timer) clearTimeout(timer);
    pendingEdits.delete(uri);
    const doc = documents.get(clientUris.get(uri) ?? uri);
    if (!doc) return;
    editLogs.delete(uri);
    runSafe('update', undefined, undefined, () => {
      const before = affectedBy(uri);
      workspace.update(uri, doc.version, doc.getText());
      if (scan.running) scan.prioritise(uri);
      diagnostics.changed(uri, [...before, ...affectedBy(uri)]);
    });
  }

  function flushEdits(except?: string): void {
    for (const uri of [...pendingEdits.keys()]) if (uri !== except) applyEdit(uri);
  }

  /**
   * Hover and completion in a file whose last edits are not parsed yet (a large file, during its pause): answered
   * from the last parse when no pending edit is near the cursor, with the answer's ranges shifted to the newest
   * text; else the edits are applied first. Other files' edits are always applied.
   */
  function answerAtCursor<R>(clientUri: string, position: Position, compute: (doc: OpenDocument, position: Position) => R, shiftRanges: (r: R, shift: (range: Range) => Range | undefined) => R | undefined): R | undefined {
    const uri = canon(clientUri);
    flushEdits(uri);
    const parsed = workspace.getOpen(uri);
    const current = documents.get(clientUri);
    const log = editLogs.get(uri);
    if (pendingEdits.has(uri) && parsed && current && log && !parsed.problem) {
      const offset = current.offsetAt(position);
      const delta = log.shiftAt(offset);
      if (delta !== undefined) {
        const old = offset - delta;
        const near = (o: number) => Math.abs(o - old) <= CLEAR_RADIUS;
        const answer = compute(parsed, parsed.document.positionAt(old));
        const shifted = shiftRanges(answer, (range) => {
          const start = parsed.document.offsetAt(range.start), end = parsed.document.offsetAt(range.end);
          return near(start) && near(end) ? { start: current.positionAt(start + delta), end: current.positionAt(end + delta) } : undefined;
        });
        if (shifted !== undefined) return shifted;
      }
    }
    applyEdit(uri);
    const doc = workspace.getOpen(uri);
    return doc ? compute(doc, position) : undefined;
  }

  /**
   * The files whose diagnostics depend on `uri`: its chain and its dependents. Taken before and after a change,
   * the two cover every file whose chain the change can alter (a new or lost PolicyId, a new base).
   */
  function affectedBy(uri: string): string[] {
    if (!workspace.index.get(uri)) return [uri];
    return [...workspace.index.chain(uri).uris, ...workspace.index.dependentsOf(uri)];
  }

  const host: DiagnosticsHost = {
    compute: (uri) => {
      // Files under b2cPolicy.baseFolders are indexed for resolution only, never reported on.
      if (!workspace.isReported(uri)) return [];
      const failed: string[] = [];
      const found = runSafe<Diagnostic[] | null>('diagnostics', null, undefined, () => fileDiagnostics(workspace, uri, validationOptions(settings),
        (validator, e) => {
          failed.push(validator);
          connection.console.error(`validator ${validator} failed: ${describeError(e)}`);
        }, settingsContextFor(appSettingsFiles, uri)));
      // A failed check never publishes a clean file: an error says so, above the last good result.
      if (!Array.isArray(found)) return [makeCheckFailedDiagnostic('an internal error'), ...(lastGood.get(uri) ?? [])];
      if (failed.length) return [makeCheckFailedDiagnostic(`the ${failed.join(', ')} check${failed.length > 1 ? 's' : ''} failed`), ...found];
      lastGood.set(uri, found);
      return found;
    },
    openVersion: (uri) => workspace.getOpen(uri)?.version,
    clientUri: (uri) => clientUris.get(uri) ?? uri,
    files: () => {
      const out = new Set<string>();
      for (const f of workspace.index.all()) if (f.isPolicy) out.add(f.uri);
      for (const u of workspace.readProblems.keys()) out.add(u);
      for (const u of workspace.openUris()) out.add(u);
      return [...out];
    },
    ready: (token) => ready(undefined, token),
    settled: () => new Promise<void>((resolve) => afterQueuedChanges(resolve)),
    flushEdits,
    canonical: canon,
  };
  const diagnostics = new WorkspaceDiagnostics(connection, host, log);

  documents.onDidChangeContent(({ document }) => {
    queueEdit(document.uri);
  });

  documents.onDidClose(({ document }) => {
    runSafe('close', undefined, undefined, () => {
      const uri = canon(document.uri);
      lastGood.delete(uri);
      applyEdit(uri);
      editLogs.delete(uri);
      const before = affectedBy(uri);
      workspace.close(uri);
      diagnostics.closed(uri, document.uri);
      if (workspace.index.get(uri) === undefined) clientUris.delete(uri);
      diagnostics.affected([uri, ...before, ...affectedBy(uri)]);
    });
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    runSafe('watchedFiles', undefined, undefined, () => {
      flushEdits();
      const before = workspace.index.generation;
      const known = new Set(host.files());
      const affected = new Set<string>();
      let settingsChanged = false;
      for (const change of changes) {
        const uri = canon(change.uri);
        if (isAppSettingsUri(uri)) { settingsChanged = true; continue; }
        for (const u of affectedBy(uri)) affected.add(u);
        if (change.type === FileChangeType.Deleted) workspace.deleted(uri);
        else workspace.loadFromDisk(uri);
        for (const u of affectedBy(uri)) affected.add(u);
      }
      if (settingsChanged) {
        const outputs = outputFoldersKey(appSettingsFiles);
        reloadAppSettings();
        // A new EnvironmentsFolder changes which files are sources.
        if (outputFoldersKey(appSettingsFiles) !== outputs) { void scanWorkspace(true); return; }
      }
      const now = new Set(host.files());
      const gone = [...known].filter((u) => !now.has(u));
      diagnostics.removed(gone);
      // A deleted folder is one event, so its files' dependents are not known here: after a change of chains (or of
      // appsettings.json, which every {Settings:...} depends on), all files.
      diagnostics.affected(workspace.index.generation !== before || settingsChanged ? [...now] : [...affected].filter((u) => now.has(u)));
      if (workspace.index.generation !== before) log(`Policy chains updated after ${changes.length} file change(s).`);
    });
  });

  async function onSettingsChanged(): Promise<void> {
    const readSettings = () => JSON.stringify([settings.exclude, settings.maxFileSizeMB, settings.followSymlinks]);
    const before = readSettings();
    const basesBefore = JSON.stringify(settings.baseFolders);
    const lensesBefore = codeLensEnabled(settings);
    if (supportsConfiguration) await pullSettings();
    if (codeLensEnabled(settings) !== lensesBefore) refreshCodeLens();
    diagnostics.setScope(settings.diagnostics?.scope ?? 'workspace');
    // Settings that change which files are read need a fresh scan; the others only new diagnostics.
    if (readSettings() !== before) await scanWorkspace(true);
    else {
      if (JSON.stringify(settings.baseFolders) !== basesBefore) indexBaseFolders();
      diagnostics.refreshAll();
    }
  }

  connection.onDidChangeConfiguration(() => onSettingsChanged());

  const docUri = (p: { textDocument: { uri: string } }) => p.textDocument.uri;

  connection.onDefinition(whenReady('definition', [], 'chain', docUri, (params: DefinitionParams) => {
    const doc = workspace.getOpen(canon(params.textDocument.uri));
    const toSettings = doc ? service.findSettingsDefinition({ text: doc.xml.text, lines: doc.file.lines }, doc.document.offsetAt(params.position), settingsFor(doc)) : [];
    if (toSettings.length) return toSettings;
    const file = fileOf(params.textDocument.uri);
    return file ? service.findDefinition(file, params.position, workspace.index).map((l) => ({ ...l, targetUri: toClient(l.targetUri) })) : [];
  }));

  // References and rename reach dependents in any folder: they wait for the whole workspace.
  connection.onReferences(whenReady('references', [], 'workspace', docUri, (params: ReferenceParams) => {
    const file = fileOf(params.textDocument.uri);
    return file ? service.findReferences(file, params.position, workspace.index, params.context.includeDeclaration).map((l) => ({ ...l, uri: toClient(l.uri) })) : [];
  }));

  connection.onPrepareRename(whenReady('prepareRename', null, 'chain', docUri, (params: PrepareRenameParams) => {
    const file = fileOf(params.textDocument.uri);
    if (!file) return null;
    const r = service.prepareRename(file, params.position);
    if (r instanceof service.RenameError) throw new ResponseError(0, r.message);
    return r;
  }));

  connection.onRenameRequest(whenReady('rename', null, 'workspace', docUri, (params: RenameParams) => {
    let oldName = '';
    // A notification (window/showMessage): the rename answers at once, the note needs no reply.
    const onLeftOut = (uris: readonly string[]) => void connection.sendNotification('window/showMessage', { type: 2, message:
      `Rename left out ${uris.length} file(s) whose base policy is ambiguous (they may not use this definition): ${uris.map((u) => decodeURIComponent(u.split('/').slice(-2).join('/'))).join(', ')}.` });
    const rename = () => {
      const file = fileOf(params.textDocument.uri);
      const prepared = file && service.prepareRename(file, params.position);
      if (!file || !prepared) return null;
      if (!(prepared instanceof service.RenameError)) oldName = prepared.placeholder;
      return service.doRename(file, params.position, params.newName, workspace.index, { changeAnnotations, onLeftOut });
    };
    const r = checkedEdit(workspace, rename, coversName(() => oldName));
    if (r instanceof service.RenameError || r instanceof UncheckedEditError) throw new ResponseError(0, r.message);
    return r && editToClient(r);
  }));

  connection.onDocumentSymbol((params, token) => {
    flushEdits();
    return runSafe('documentSymbol', [], token, () => {
      const doc = workspace.getOpen(canon(params.textDocument.uri));
      return doc ? service.findDocumentSymbols(doc.xml, doc.file.lines) : [];
    });
  });

  const openDoc = (uri: string) => workspace.getOpen(canon(uri));

  connection.onCompletion(whenReady('completion', null, 'chain', docUri, (params: CompletionParams) => answerAtCursor(params.textDocument.uri, params.position,
    (doc, position) => service.doComplete(doc, position, workspace.index, { settingsNames, snippetSupport }), shiftCompletion) ?? null, false));

  connection.onHover(whenReady('hover', null, 'chain', docUri, (params: HoverParams) => {
    return answerAtCursor(params.textDocument.uri, params.position,
      (d, position) => service.hoverSettingsPlaceholder({ text: d.xml.text, lines: d.file.lines }, d.document.offsetAt(position), settingsFor(d), fileName(d.file.uri))
        ?? service.doHover(d, position, workspace.index),
      (hover, shift) => {
        if (!hover?.range) return hover ?? undefined;
        const range = shift(hover.range);
        return range && { ...hover, range };
      }) ?? null;
  }, false));

  connection.onCodeAction(whenReady('codeAction', [], 'chain', docUri, (params: CodeActionParams) => {
    const doc = openDoc(params.textDocument.uri);
    if (!doc) return [];
    // appsettings.json is not a file the index holds, so its fixes are computed on the file as just read, beside the
    // checked policy edits (checkedActions would drop them as unverifiable).
    reloadAppSettings();
    return [
      ...service.getSettingsCodeActions({ text: doc.xml.text, lines: doc.file.lines }, params.context.diagnostics, settingsFor(doc)),
      ...checkedActions(workspace, () => service.getCodeActions(doc, params.range, params.context.diagnostics, workspace.index,
        (name, e) => connection.console.error(`code actions ${name} failed: ${describeError(e)}`))),
    ];
  }));

  connection.onExecuteCommand(async (params) => {
    if (params.command !== RENUMBER_STEPS) return;
    flushEdits();
    const [uri, position] = (params.arguments ?? []) as [string | undefined, Position | undefined];
    const edit = runSafe('renumberSteps', null, undefined, (): WorkspaceEdit | null => {
      const doc = uri ? openDoc(uri) : undefined;
      if (!doc) return null;
      const changes = service.renumberSteps(doc, position ? doc.document.offsetAt(position) : undefined).changes ?? {};
      return { changes: Object.fromEntries(Object.entries(changes).map(([u, edits]) => [clientUris.get(u) ?? u, edits])) };
    });
    if (edit && !(edit instanceof ResponseError)) await connection.workspace.applyEdit(edit);
  });

  /** For the client's "Show inheritance chain" command and status item. */
  connection.onRequest('b2cPolicy/chain', whenReady('chain', null, 'chain', (p: { uri: string }) => p.uri, (params) => {
    const uri = canon(params.uri);
    const file = workspace.index.get(uri);
    if (!file?.isPolicy) return null;
    const chain = workspace.index.chain(uri);
    return {
      status: chain.status,
      files: chain.uris.map((u) => ({ uri: clientUris.get(u) ?? u, policyId: workspace.index.get(u)?.policyId?.value ?? '' })),
      missing: chain.missing?.policyId,
      candidates: chain.ambiguity?.candidates,
    };
  }));

  /**
   * Debug request for tests and bug reports: the index as data (URIs, PolicyIds, bases, counts, a digest per
   * file, chain statuses, read problems), never file text. Read-only; see Workspace.snapshot.
   */
  connection.onRequest('b2cPolicy/debugIndexSnapshot', whenReady('debugIndexSnapshot', null, 'workspace', () => undefined, () => workspace.snapshot()));

  connection.onCodeLens(whenReady('codeLens', [], 'chain', docUri, (params: CodeLensParams) => {
    const doc = openDoc(params.textDocument.uri);
    if (!doc || !codeLensEnabled(settings)) return [];
    return service.findCodeLenses({ doc, index: workspace.index, clientUri: params.textDocument.uri, toClient },
      (name, e) => connection.console.error(`code lens ${name} failed: ${describeError(e)}`));
  }));

  connection.onFoldingRanges((params, token) => {
    flushEdits();
    return runSafe('foldingRange', [], token, () => {
      const doc = openDoc(params.textDocument.uri);
      return doc ? service.findFoldingRanges(doc.xml, doc.file.lines, folding) : [];
    });
  });

  connection.onDocumentLinks(whenReady('documentLink', [], 'chain', docUri, (params: DocumentLinkParams) => {
    const doc = openDoc(params.textDocument.uri);
    return doc ? service.findDocumentLinks(doc.file, doc.xml, workspace.index, toClient) : [];
  }));

  /**
   * For "B2C: Show effective technical profile / journey": the merged element as XML. Either `kind` and `id`, or a
   * `position` (the reference under it, else the definition around it; `want` narrows the kind). `view` is the file
   * whose view of the chain is shown (the document itself by default).
   */
  connection.onRequest('b2cPolicy/effectiveXml', whenReady('effectiveXml', null, 'chain', (p: { uri: string }) => p.uri, (params: {
    uri: string; kind?: service.EffectiveKind; id?: string; position?: Position; want?: 'TechnicalProfile' | 'Journey'; view?: string;
  }) => {
    const uri = canon(params.uri);
    const file = workspace.index.get(uri);
    if (!file?.isPolicy) return null;
    const target = params.kind && params.id ? { kind: params.kind, id: params.id }
      : params.position ? service.effectiveTargetAt(workspace.index, uri, file.lines.offsetAt(params.position), params.want) : undefined;
    if (!target) return null;
    const view = params.view ? canon(params.view) : uri;
    const parsed = new Map<string, { text: string; xml: service.XmlDocument } | undefined>();
    const sourceOf = (u: string) => {
      if (!parsed.has(u)) { const p = workspace.parsed(u); parsed.set(u, p && { text: p.text, xml: p.xml }); }
      return parsed.get(u);
    };
    // The same cache key as the diagnostics' model, so that both share one model.
    const out = service.effectiveXml(effectiveModel(workspace.index, settings.defaultDeploymentMode ?? ''), view, target.kind, target.id, sourceOf);
    return out ? { ...out, view: toClient(out.view), redefinedIn: out.redefinedIn.map(toClient) } : null;
  }));

  /** For the client's "Show journey": which relying party, and its journey model with the claim flow (journey/journeyRequest.ts). */
  connection.onRequest('b2cPolicy/journey', whenReady('journey', null, 'workspace', (p: JourneyParams) => p.uri, (p: JourneyParams) => {
    const cacheKey = validationOptions(settings).defaultDeploymentMode ?? '';
    const answer = answerJourney(workspace.index, { ...p, uri: canon(p.uri), leaf: p.leaf && canon(p.leaf) }, (index, leaf) => claimFlow(index, leaf, { cacheKey })?.model, cacheKey);
    return answer ? mapAnswerUris(answer, toClient) : null;
  }));

  registerRunRequests({
    connection, workspace, folders: () => folders, validationOptions: () => validationOptions(settings),
    canonical: canon, clientUri: (u) => clientUris.get(u) ?? u,
    handler: (name, fallback, need, uriOf, fn) => whenReady(name, fallback, need, uriOf, fn),
  });

  connection.onWorkspaceSymbol(whenReady('workspaceSymbol', [], 'workspace', () => undefined, (params: WorkspaceSymbolParams) => service.findWorkspaceSymbols(params.query, workspace.index)));

  diagnostics.listen();
  documents.listen(connection);
  connection.listen();
}

/** A completion list with every edit range shifted, or undefined when one cannot be. */
function shiftCompletion(list: CompletionList, shift: (range: Range) => Range | undefined): CompletionList | undefined {
  const shiftEdit = (e: TextEdit) => { const range = shift(e.range); return range && { ...e, range }; };
  const items = [];
  for (const item of list.items) {
    let textEdit = item.textEdit;
    if (textEdit) {
      if ('range' in textEdit) textEdit = shiftEdit(textEdit);
      else {
        const insert = shift(textEdit.insert), replace = shift(textEdit.replace);
        textEdit = insert && replace ? { ...textEdit, insert, replace } : undefined;
      }
      if (!textEdit) return undefined;
    }
    const additionalTextEdits = item.additionalTextEdits?.map(shiftEdit);
    if (additionalTextEdits?.some((e) => !e)) return undefined;
    items.push({ ...item, ...(textEdit ? { textEdit } : {}), ...(additionalTextEdits ? { additionalTextEdits: additionalTextEdits as TextEdit[] } : {}) });
  }
  const defaults = list.itemDefaults?.editRange;
  if (defaults) return undefined;
  return { ...list, items };
}
