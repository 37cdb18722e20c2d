/**
 * Wires the language service to an LSP connection. Each handler looks up the document, calls the service
 * and returns; everything runs inside runSafe so a bug in one feature never takes the server down.
 */
import {
  CancellationToken, Connection, DidChangeWatchedFilesNotification, WatchKind, FileChangeType, InitializeParams, InitializeResult,
  ResponseError, TextDocumentSyncKind, TextDocuments, WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as service from './service/languageService';
import { Workspace } from './node/workspace';
import { PolicySettings, excludeMatcher, indexOptions, sanitizeSettings, validationOptions } from './node/settings';
import { DEFAULT_MAX_FILE_BYTES, uriToPath } from './node/files';
import { judgeIncompleteChains, makeCheckFailedDiagnostic, makeReadProblemDiagnostic } from './node/readProblems';
import { injectTestFaults } from './node/testFaults';
import { UncheckedEditError, checkedActions, checkedEdit, coversName } from './node/editGuard';
import type { Diagnostic, Position, WorkspaceEdit } from 'vscode-languageserver-types';

/** Arguments: the document URI and, optionally, a position inside the journey (all journeys of the file without one). */
const RENUMBER_STEPS = 'b2cPolicy.renumberSteps';
import { isAppSettingsUri, readSettingsNames } from './node/appSettings';

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
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  let folders: string[] = [];
  let settings: PolicySettings = sanitizeSettings({});
  /** PolicySettings names from the folders' appsettings.json, for {Settings:...} completion. */
  let settingsNames: string[] = [];
  let supportsConfiguration = false;
  let supportsWatcherRegistration = false;
  let supportsFolderEvents = false;
  /** The client's spelling of each open URI, for publishing. */
  const clientUris = new Map<string, string>();

  const log = (message: string) => connection.console.log(message);

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
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!folders.length && params.rootUri) {
      const p = uriToPath(params.rootUri);
      if (p) folders = [p];
    }
    settings = sanitizeSettings(params.initializationOptions?.settings);
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    supportsWatcherRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    supportsFolderEvents = !!params.capabilities.workspace?.workspaceFolders;
    lifecycle = 'running';
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
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        executeCommandProvider: { commands: [RENUMBER_STEPS] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'b2c-policy-tools' },
    };
  });

  connection.onInitialized(async () => {
    if (supportsConfiguration) await pullSettings();
    if (supportsWatcherRegistration) {
      // Editors report a deleted or renamed folder as one event for the folder, which '**/*.xml' never matches
      // (microsoft/vscode#109754): watch creations and deletions of anything; the workspace ignores what it does not read.
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.xml' }, { globPattern: '**/appsettings.json' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
      });
    }
    if (supportsFolderEvents) connection.workspace.onDidChangeWorkspaceFolders((e) => runSafe('folders', undefined, undefined, () => changeFolders(e.added, e.removed)));
    await scanWorkspace();
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
    settingsNames = readSettingsNames(folders);
    workspace.scan(fresh, walkOptions());
    validateOpen(workspace.openUris());
  }

  async function pullSettings(): Promise<void> {
    try {
      settings = sanitizeSettings(await connection.workspace.getConfiguration('b2cPolicy'));
    } catch {
      settings = sanitizeSettings({});
    }
    workspace.index.setOptions(indexOptions(settings, folders));
    workspace.maxFileBytes = settings.maxFileSizeMB ? settings.maxFileSizeMB * 1024 * 1024 : DEFAULT_MAX_FILE_BYTES;
  }

  const walkOptions = () => ({ exclude: excludeMatcher(settings), symlinks: settings.followSymlinks });

  async function scanWorkspace(): Promise<void> {
    let progress: WorkDoneProgressReporter | undefined;
    try {
      progress = await connection.window.createWorkDoneProgress();
      progress.begin('Indexing B2C policies', 0, undefined, false);
    } catch {
      progress = undefined;
    }
    const started = Date.now();
    const uris = workspace.rescan(folders, walkOptions(), (done, total) => progress?.report(Math.round((done / total) * 100), `${done}/${total} XML files`));
    progress?.done();
    log(`Indexed ${uris.length} policy files in ${Date.now() - started} ms.`);
    settingsNames = readSettingsNames(folders);
    validateOpen(documents.all().map((d) => canon(d.uri)));
  }

  // Validation: the edited document at once (coalesced per tick), its open dependents after a short pause.
  const pending = new Set<string>();
  let immediate: NodeJS.Immediate | undefined;
  let dependentsTimer: NodeJS.Timeout | undefined;
  const pendingDependents = new Set<string>();

  function scheduleValidation(uri: string, structural: boolean): void {
    pending.add(uri);
    immediate ??= setImmediate(() => {
      immediate = undefined;
      const batch = [...pending];
      pending.clear();
      validateOpen(batch);
    });
    const dependents = structural ? workspace.openUris() : workspace.index.dependentsOf(uri).filter((u) => workspace.getOpen(u));
    for (const d of dependents) if (d !== uri) pendingDependents.add(d);
    if (pendingDependents.size) {
      if (dependentsTimer) clearTimeout(dependentsTimer);
      dependentsTimer = setTimeout(() => {
        dependentsTimer = undefined;
        const batch = [...pendingDependents];
        pendingDependents.clear();
        validateOpen(batch);
      }, 200);
    }
  }

  /** The last diagnostics computed without a failure, per URI: shown again, under an error, if checking fails. */
  const lastGood = new Map<string, Diagnostic[]>();

  function validateOpen(uris: readonly string[]): void {
    for (const uri of uris) {
      const doc = workspace.getOpen(uri);
      if (!doc) continue;
      const failed: string[] = [];
      const diagnostics = runSafe<Diagnostic[] | null>('diagnostics', null, undefined, () => {
        // A buffer that is not analysed (too large, binary) gets one diagnostic; a disk problem (say, invalid UTF-8) comes first.
        if (doc.problem) return [makeReadProblemDiagnostic(doc.problem)];
        const diskProblem = workspace.readProblems.get(uri);
        const found = judgeIncompleteChains(service.doValidation(
          { file: doc.file, xml: doc.xml, document: doc.document, index: workspace.index, options: validationOptions(settings) },
          (validator, e) => {
            failed.push(validator);
            connection.console.error(`validator ${validator} failed: ${describeError(e)}`);
          },
        ), workspace.unread);
        return diskProblem ? [makeReadProblemDiagnostic(diskProblem, workspace.unread.has(uri)), ...found] : found;
      });
      if (diagnostics instanceof ResponseError) continue;
      // A failed check never publishes a clean file: an error says so, above the last good result.
      const published = diagnostics === null
        ? [makeCheckFailedDiagnostic('an internal error'), ...(lastGood.get(uri) ?? [])]
        : failed.length ? [makeCheckFailedDiagnostic(`the ${failed.join(', ')} check${failed.length > 1 ? 's' : ''} failed`), ...diagnostics] : diagnostics;
      if (diagnostics !== null && !failed.length) lastGood.set(uri, diagnostics);
      // Publish only for the version we validated; a newer edit schedules its own run.
      if (workspace.getOpen(uri)?.version === doc.version) {
        void connection.sendDiagnostics({ uri: clientUris.get(uri) ?? uri, version: doc.version, diagnostics: published });
      }
    }
  }

  documents.onDidChangeContent(({ document }) => {
    runSafe('update', undefined, undefined, () => {
      const uri = canon(document.uri);
      clientUris.set(uri, document.uri);
      const before = workspace.index.generation;
      workspace.update(uri, document.version, document.getText());
      scheduleValidation(uri, workspace.index.generation !== before);
    });
  });

  documents.onDidClose(({ document }) => {
    runSafe('close', undefined, undefined, () => {
      const uri = canon(document.uri);
      lastGood.delete(uri);
      workspace.close(uri);
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
      clientUris.delete(uri);
      for (const d of workspace.index.dependentsOf(uri)) if (workspace.getOpen(d)) scheduleValidation(d, false);
    });
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    runSafe('watchedFiles', undefined, undefined, () => {
      const before = workspace.index.generation;
      for (const change of changes) {
        const uri = canon(change.uri);
        if (isAppSettingsUri(uri)) { settingsNames = readSettingsNames(folders); continue; }
        if (change.type === FileChangeType.Deleted) workspace.deleted(uri);
        else workspace.loadFromDisk(uri);
      }
      // Creations and deletions of any file are watched (for folders); only XML files and chain changes matter here.
      if (workspace.index.generation !== before || changes.some((c) => /\.xml$/i.test(c.uri))) validateOpen(workspace.openUris());
      if (workspace.index.generation !== before) log(`Policy chains updated after ${changes.length} file change(s).`);
    });
  });

  connection.onDidChangeConfiguration(async () => {
    const readSettings = () => JSON.stringify([settings.exclude, settings.maxFileSizeMB, settings.followSymlinks]);
    const before = readSettings();
    if (supportsConfiguration) await pullSettings();
    // Settings that change which files are read need a fresh scan; the others only new diagnostics.
    if (readSettings() !== before) await scanWorkspace();
    else validateOpen(workspace.openUris());
  });

  connection.onDefinition((params, token) => runSafe('definition', [], token, () => {
    const file = fileOf(params.textDocument.uri);
    return file ? service.findDefinition(file, params.position, workspace.index).map((l) => ({ ...l, targetUri: toClient(l.targetUri) })) : [];
  }));

  connection.onReferences((params, token) => runSafe('references', [], token, () => {
    const file = fileOf(params.textDocument.uri);
    return file ? service.findReferences(file, params.position, workspace.index, params.context.includeDeclaration).map((l) => ({ ...l, uri: toClient(l.uri) })) : [];
  }));

  connection.onPrepareRename((params, token) => runSafe('prepareRename', null, token, () => {
    const file = fileOf(params.textDocument.uri);
    if (!file) return null;
    const r = service.prepareRename(file, params.position);
    if (r instanceof service.RenameError) throw new ResponseError(0, r.message);
    return r;
  }));

  connection.onRenameRequest((params, token) => {
    let oldName = '';
    const rename = () => {
      const file = fileOf(params.textDocument.uri);
      const prepared = file && service.prepareRename(file, params.position);
      if (!file || !prepared) return null;
      if (!(prepared instanceof service.RenameError)) oldName = prepared.placeholder;
      return service.doRename(file, params.position, params.newName, workspace.index);
    };
    const r = runSafe('rename', null, token, () => checkedEdit(workspace, rename, coversName(() => oldName)));
    if (r instanceof service.RenameError || r instanceof UncheckedEditError) return new ResponseError(0, r.message);
    return r && !(r instanceof ResponseError) ? editToClient(r) : r;
  });

  connection.onDocumentSymbol((params, token) => runSafe('documentSymbol', [], token, () => {
    const doc = workspace.getOpen(canon(params.textDocument.uri));
    return doc ? service.findDocumentSymbols(doc.xml, doc.file.lines) : [];
  }));

  const openDoc = (uri: string) => workspace.getOpen(canon(uri));

  connection.onCompletion((params, token) => runSafe('completion', null, token, () => {
    const doc = openDoc(params.textDocument.uri);
    return doc ? service.doComplete(doc, params.position, workspace.index, { settingsNames }) : null;
  }));

  connection.onHover((params, token) => runSafe('hover', null, token, () => {
    const doc = openDoc(params.textDocument.uri);
    return doc ? service.doHover(doc, params.position, workspace.index) : null;
  }));

  connection.onCodeAction((params, token) => runSafe('codeAction', [], token, () => {
    const doc = openDoc(params.textDocument.uri);
    return doc ? checkedActions(workspace, () => service.getCodeActions(doc, params.range, params.context.diagnostics, workspace.index,
      (name, e) => connection.console.error(`code actions ${name} failed: ${describeError(e)}`))).map((a) => (a.edit ? { ...a, edit: editToClient(a.edit) } : a)) : [];
  }));

  connection.onExecuteCommand(async (params) => {
    if (params.command !== RENUMBER_STEPS) return;
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
  connection.onRequest('b2cPolicy/chain', (params: { uri: string }) => runSafe('chain', null, undefined, () => {
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
  connection.onRequest('b2cPolicy/debugIndexSnapshot', (_params: unknown, token: CancellationToken) => runSafe('debugIndexSnapshot', null, token, () => workspace.snapshot()));

  connection.onWorkspaceSymbol((params, token) => runSafe('workspaceSymbol', [], token, () => service.findWorkspaceSymbols(params.query, workspace.index)));

  documents.listen(connection);
  connection.listen();
}
