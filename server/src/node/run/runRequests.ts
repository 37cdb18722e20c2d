/**
 * The server's requests for running a policy and inspecting a token from the editor. Each one reads what it needs
 * (the run-profile file, appsettings.json, the policy chain) and returns data; the client opens or copies it.
 * No request here sends anything anywhere.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CancellationToken, Connection, ResponseError } from 'vscode-languageserver/node';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ValidationOptions } from '../../service/languageService';
import { findEnvironment, parseAppSettings } from '../../service/environments/appSettingsModel';
import { JwtError } from '../../service/run/jwt';
import { RUN_PROFILE_FILE, RunProfile, checkRunProfileFile, parseRunProfiles } from '../../service/run/runProfile';
import { pathToUri, readSmallText, uriToPath } from '../files';
import { Workspace } from '../workspace';
import { buildRun, chainErrors, formatInspection, inspect, relyingPartyOf } from './runPolicy';
import { modify, applyEdits } from 'jsonc-parser';

export interface RunRequestContext {
  readonly connection: Connection;
  readonly workspace: Workspace;
  readonly folders: () => readonly string[];
  readonly validationOptions: () => ValidationOptions;
  /** The canonical URI the index uses, and back to the client's spelling. */
  readonly canonical: (uri: string) => string;
  readonly clientUri: (uri: string) => string;
  /**
   * Wraps a handler as the server wraps its own: it waits until the index holds what the request needs (the chain of
   * `uriOf`'s file, or the whole workspace) and runs inside runSafe.
   */
  readonly handler: <P, R>(name: string, fallback: R, need: 'chain' | 'workspace', uriOf: (p: P) => string | undefined, fn: (p: P) => R) =>
    (params: P, token: CancellationToken) => Promise<R | ResponseError<void>>;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning };

export function registerRunRequests(c: RunRequestContext): void {
  type Uri = { uri?: string; policyUri?: string };
  const on = <P extends Uri, R>(method: string, fallback: R, fn: (p: P) => R, need: 'chain' | 'workspace' = 'chain') =>
    c.connection.onRequest(method, c.handler(method, fallback, need, (p: P) => p?.uri ?? p?.policyUri, fn));

  on('b2cPolicy/runProfileDiagnostics', [] as Diagnostic[], (p: Uri & { text: string }) => {
    const doc = TextDocument.create('file:///b2c-run.json', 'json', 0, p.text);
    return checkRunProfileFile(p.text).map((x): Diagnostic => ({
      range: Range.create(doc.positionAt(x.start), doc.positionAt(x.end)), severity: SEVERITY[x.severity], code: x.code, source: 'b2c-policy', message: x.message,
    }));
  });

  on('b2cPolicy/runProfiles', null, (p: { uri: string }) => {
    const file = profileFileFor(c, p.uri);
    const text = file ? readText(file) : undefined;
    const parsed = text === undefined ? undefined : parseRunProfiles(text);
    return { fileUri: file && pathToUri(file), exists: text !== undefined, profiles: parsed?.profiles.map((x) => x.profile) ?? [], problems: parsed?.problems.length ?? 0 };
  });

  on('b2cPolicy/addRunProfile', null, (p: { uri: string; profile: RunProfile }) => {
    const file = profileFileFor(c, p.uri);
    if (!file) return null;
    // A file that is there but cannot be read (a FIFO, too large) is never replaced by a new one.
    const current = readSmallText(file);
    if ('problem' in current) return null;
    const text = 'text' in current ? current.text : '{\n  "profiles": []\n}\n';
    const count = parseRunProfiles(text).profiles.length;
    const edits = modify(text, ['profiles', count], p.profile, { isArrayInsertion: true, formattingOptions: { insertSpaces: true, tabSize: 2 } });
    return { fileUri: pathToUri(file), text: applyEdits(text, edits) };
  });

  on('b2cPolicy/authorize', null, (p: { uri: string; profile: RunProfile }) => {
    const uri = c.canonical(p.uri);
    const rp = relyingPartyOf(c.workspace, uri);
    if (!rp) return { ok: false, error: 'This file has no RelyingParty element.', problems: [] };
    let environment;
    if (p.profile.environment) {
      const settings = c.folders().map((f) => path.join(f, 'appsettings.json')).find((f) => fs.existsSync(f));
      const model = settings && parseAppSettings(readText(settings) ?? '');
      environment = model ? findEnvironment(model, p.profile.environment) : undefined;
      if (!environment) return { ok: false, error: `No environment named ${p.profile.environment} in the workspace's appsettings.json.`, problems: [] };
    }
    const result = buildRun(rp, p.profile, { environment });
    if (!result.ok) return result;
    const errors = chainErrors(c.workspace, uri, c.validationOptions())
      .map((e) => `${path.basename(uriToPath(e.uri) ?? e.uri)} has ${e.errors} error${e.errors === 1 ? '' : 's'} from the checker: the upload would fail.`);
    return { ...result, warnings: [...result.warnings, ...errors] };
  });

  on('b2cPolicy/relyingParties', [] as Array<{ uri: string; policyId: string }>, (_p: Uri) => {
    const out: Array<{ uri: string; policyId: string }> = [];
    for (const f of c.workspace.index.all()) {
      // Leaves only: a relying party is nobody's base, which spares parsing every base file.
      if (!f.isPolicy || c.workspace.index.dependentsOf(f.uri).length) continue;
      const rp = relyingPartyOf(c.workspace, f.uri);
      if (rp) out.push({ uri: c.clientUri(f.uri), policyId: rp.policyId ?? '' });
    }
    return out.sort((a, b) => (a.uri < b.uri ? -1 : 1));
  }, 'workspace');

  on('b2cPolicy/inspectToken', null, (p: { token: string; policyUri?: string; now?: string }) => {
    const rp = p.policyUri ? relyingPartyOf(c.workspace, c.canonical(p.policyUri)) : undefined;
    try {
      const report = inspect(p.token, p.now ? new Date(p.now) : new Date(), rp && c.workspace, rp);
      const label = (u: string) => path.basename(uriToPath(u) ?? u);
      const { text, links } = formatInspection(report, c.workspace, label);
      const doc = TextDocument.create('b2c-token:report', 'plaintext', 0, text);
      return {
        text,
        links: links.map((l) => {
          const target = c.workspace.index.get(l.targetUri)?.lines;
          return {
            range: Range.create(doc.positionAt(l.start), doc.positionAt(l.end)),
            targetUri: c.clientUri(l.targetUri),
            targetRange: target ? Range.create(target.positionAt(l.targetStart), target.positionAt(l.targetEnd)) : Range.create(0, 0, 0, 0),
          };
        }),
      };
    } catch (e) {
      if (e instanceof JwtError) return { error: e.message };
      throw e;
    }
  });
}

/** `.vscode/b2c-run.json` of the workspace folder that holds the file (else of the first folder). */
function profileFileFor(c: RunRequestContext, uri: string): string | undefined {
  const p = uriToPath(c.canonical(uri));
  const folders = c.folders();
  const folder = (p && folders.filter((f) => p.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0]) ?? folders[0];
  return folder && path.join(folder, RUN_PROFILE_FILE);
}

/** The text of a small file, undefined when it is missing or cannot be read safely (never blocks: readSmallText). */
function readText(file: string): string | undefined {
  const r = readSmallText(file);
  return 'text' in r ? r.text : undefined;
}
