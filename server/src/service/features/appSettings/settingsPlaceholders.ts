/**
 * `{Settings:<name>}` in the editor, against the workspace's appsettings.json (handed in as data, never read here):
 * B701 when no environment defines the name, B702 when some environments that build the file lack it; a quick fix
 * that adds it to appsettings.json; hover with the value per environment; go-to-definition into appsettings.json.
 * Without an appsettings.json nothing is reported: the placeholders may belong to another build tool.
 */
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, Hover, LocationLink, MarkupKind, Range, TextEdit } from 'vscode-languageserver-types';
import { applyEdits, modify, parseTree, findNodeAtLocation, Node, FormattingOptions } from 'jsonc-parser';
import { LineIndex } from '../../model/lineIndex';
import { CODES } from '../../messages/codes';
import {
  AppSettingsModel, EnvironmentModel, SettingsToken, findSettingsTokens, isBuiltInToken, isPolicyIncluded, isTokenDefined, resolveToken,
} from '../../environments/appSettingsModel';

/** The appsettings.json that builds a policy, and where the policy sits for its Include/Exclude globs. */
export interface SettingsContext {
  readonly uri: string;
  readonly text: string;
  readonly model: AppSettingsModel;
  /** The policy's path relative to the policies folder, with '/'. */
  readonly policyPath: string;
}

/** What the placeholder features need of a policy document: its text and line index. */
export interface PlaceholderDocument {
  readonly text: string;
  readonly lines: LineIndex;
}

function environmentsFor(settings: SettingsContext): EnvironmentModel[] {
  return settings.model.environments.filter((e) => isPolicyIncluded(e, settings.policyPath));
}

export function validateSettingsPlaceholders(doc: PlaceholderDocument, settings: SettingsContext | undefined): Diagnostic[] {
  if (!settings) return [];
  const envs = environmentsFor(settings);
  if (!envs.length) return [];
  const out: Diagnostic[] = [];
  for (const t of findSettingsTokens(doc.text)) {
    if (isBuiltInToken(t.name)) continue;
    const missing = envs.filter((e) => !isTokenDefined(e, t.name)).map((e) => e.name);
    if (!missing.length) continue;
    const nowhere = !settings.model.environments.some((e) => isTokenDefined(e, t.name));
    const code = nowhere ? 'B701' : 'B702';
    const message = nowhere
      ? `{Settings:${t.name}} is not defined in appsettings.json: no environment has a PolicySettings entry ${t.name}, so the build fails.`
      : `{Settings:${t.name}} has no value in ${missing.join(', ')}: building ${missing.length === 1 ? 'that environment' : 'those environments'} fails.`;
    out.push({ range: doc.lines.range(t.offset, t.offset + t.length), severity: CODES[code].severity ?? DiagnosticSeverity.Error, code, source: 'b2c', message, data: { name: t.name } });
  }
  return out;
}

/** The token under the cursor, found in a window around it (tokens are short; no scan of the whole file). */
export function tokenAt(text: string, offset: number): SettingsToken | undefined {
  const from = Math.max(0, offset - 300);
  for (const t of findSettingsTokens(text.slice(from, Math.min(text.length, offset + 300)))) {
    const start = t.offset + from;
    if (start <= offset && offset <= start + t.length) return { ...t, offset: start };
  }
  return undefined;
}

export function hoverSettingsPlaceholder(doc: PlaceholderDocument, offset: number, settings: SettingsContext | undefined, fileName: string): Hover | null {
  if (!settings) return null;
  const t = tokenAt(doc.text, offset);
  if (!t) return null;
  const envs = environmentsFor(settings);
  const rows = envs.map((e) => {
    const v = resolveToken(e, t.name, { fileName });
    return `| ${cell(e.name)}${e.production ? ' (Production)' : ''} | ${v === undefined ? '*missing*' : v === '' ? '*empty*' : '`' + cell(v) + '`'} |`;
  });
  const what = isBuiltInToken(t.name) ? 'built in: filled from the environment or the file name' : 'from PolicySettings in appsettings.json';
  const body = envs.length ? ['| Environment | Value |', '|---|---|', ...rows].join('\n') : 'No environment of appsettings.json builds this file.';
  return { contents: { kind: MarkupKind.Markdown, value: `**{Settings:${t.name}}** (${what})\n\n${body}` }, range: doc.lines.range(t.offset, t.offset + t.length) };
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

/** Every PolicySettings key that defines the token: the environments' own and the shared default. */
export function findSettingsDefinition(doc: PlaceholderDocument, offset: number, settings: SettingsContext | undefined): LocationLink[] {
  if (!settings) return [];
  const t = tokenAt(doc.text, offset);
  if (!t) return [];
  const jsonLines = LineIndex.of(settings.text);
  const origin = doc.lines.range(t.offset, t.offset + t.length);
  const spans = new Map<number, { offset: number; length: number }>();
  const key = t.name.toLowerCase();
  const d = settings.model.defaults.get(key);
  if (d) spans.set(d.keySpan.offset, d.keySpan);
  for (const e of settings.model.environments) {
    const s = e.settings.get(key);
    if (s) spans.set(s.keySpan.offset, s.keySpan);
    else if (key === 'tenant' || key === 'environment') {
      const span = key === 'environment' ? e.nameSpan : undefined;
      if (span) spans.set(span.offset, span);
    }
  }
  return [...spans.values()].sort((a, b) => a.offset - b.offset).map((s) => {
    const range = jsonLines.range(s.offset, s.offset + s.length);
    return { originSelectionRange: origin, targetUri: settings.uri, targetRange: range, targetSelectionRange: range };
  });
}

/** Quick fixes for B701/B702: add the name, with an empty value to fill in, where it is missing. */
export function getSettingsCodeActions(doc: PlaceholderDocument, diagnostics: readonly Diagnostic[], settings: SettingsContext | undefined): CodeAction[] {
  if (!settings) return [];
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.code !== 'B701' && d.code !== 'B702') continue;
    const t = tokenAt(doc.text, doc.lines.offsetAt(d.range.start));
    if (!t) continue;
    const missing = environmentsFor(settings).filter((e) => !isTokenDefined(e, t.name));
    if (!missing.length) continue;
    const perEnv = addSettingEdit(settings.text, t.name, missing);
    if (perEnv) {
      out.push(action(`Add ${t.name} to ${missing.length === settings.model.environments.length ? 'every environment' : missing.map((e) => e.name).join(', ')} in appsettings.json`, d, settings.uri, perEnv, true));
    }
    if (d.code === 'B701') {
      const shared = addSharedSettingEdit(settings.text, t.name);
      if (shared) out.push(action(`Add ${t.name} to the shared PolicySettings of appsettings.json (all environments)`, d, settings.uri, shared, false));
    }
  }
  return out;
}

function action(title: string, d: Diagnostic, uri: string, edit: TextEdit, preferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit: { changes: { [uri]: [edit] } } };
}

/** One TextEdit that adds `"name": ""` to each environment's PolicySettings (created when absent). */
export function addSettingEdit(text: string, name: string, envs: readonly EnvironmentModel[]): TextEdit | undefined {
  let next = text;
  for (const e of envs) {
    const root = parseTree(next);
    const envNode = root && findNodeAtLocation(root, [...e.path]);
    if (!envNode || envNode.type !== 'object') return undefined;
    const settingsKey = keyOf(envNode, 'PolicySettings') ?? 'PolicySettings';
    next = applyEdits(next, modify(next, [...e.path, settingsKey, name], '', { formattingOptions: formatting(next) }));
  }
  return singleEdit(text, next);
}

export function addSharedSettingEdit(text: string, name: string): TextEdit | undefined {
  const root = parseTree(text);
  if (!root || root.type !== 'object') return undefined;
  const settingsKey = keyOf(root, 'PolicySettings') ?? 'PolicySettings';
  return singleEdit(text, applyEdits(text, modify(text, [settingsKey, name], '', { formattingOptions: formatting(text) })));
}

/** The key of a property as written, matched case-insensitively. */
function keyOf(obj: Node, name: string): string | undefined {
  for (const p of obj.children ?? []) {
    const k = p.children?.[0];
    if (k && String(k.value).toLowerCase() === name.toLowerCase()) return String(k.value);
  }
  return undefined;
}

/** The file's own indentation and line ends, so the edit looks hand-written. */
function formatting(text: string): FormattingOptions {
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((m) => m[1]);
  const tabs = indents.length > 0 && indents[0].startsWith('\t');
  const size = tabs ? 1 : Math.min(...indents.map((s) => s.length).filter((n) => n > 0), 8);
  return { insertSpaces: !tabs, tabSize: Number.isFinite(size) && size > 0 ? size : 2, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** The change from `before` to `after` as one TextEdit over the common prefix and suffix. */
function singleEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length, endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) { endB--; endA--; }
  const lines = LineIndex.of(before);
  const range: Range = lines.range(start, endB);
  return { range, newText: after.slice(start, endA) };
}
