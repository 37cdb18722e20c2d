/**
 * The check command's engine: every diagnostic the server would publish, for every policy file found,
 * through the facade's doValidation (which composes all validators). Nothing here decides what is wrong.
 */
import * as path from 'path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { ValidationOptions } from '../../service/languageService';
import { fileDiagnostics } from '../fileDiagnostics';
import { settingsContextFor } from '../appSettings';
import { uriToPath } from '../files';
import { Project, toPosix } from './project';
import { Progress } from './progress';

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

/** One diagnostic as the checker reports it: 1-based positions, path relative to the current folder. */
export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: SeverityName;
  readonly code: string;
  readonly message: string;
}

export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly information: number;
  readonly hints: number;
  /** Files not checked, or checked only in part, by reason: the summary line always says so. */
  readonly notChecked: NotChecked;
}

export interface NotChecked {
  /** Policy files under base folders: indexed for resolution, never reported on. */
  readonly baseFolders: number;
  /** Checked files whose chain is incomplete: their references are not checked (B103). */
  readonly incompleteChains: number;
  /** Checked files that could not be analysed: binary, too large, undecodable or unreadable (B111). */
  readonly notAnalysed: number;
}

export interface CheckResult {
  /** Every finding, sorted by file then position. */
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** Validators that threw, as `validator: message (file)`; the other validators still ran. */
  readonly internalErrors: readonly string[];
}

const SEVERITY_NAMES: Record<DiagnosticSeverity, SeverityName> = {
  [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint',
};

export function runCheck(project: Project, options: ValidationOptions, cwd: string, progress?: Progress): CheckResult {
  const files = filesToCheck(project);
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  files.forEach((uri, i) => {
    const shown = displayPath(uri, cwd);
    const onError = (validator: string, e: unknown) => internalErrors.push(`${validator}: ${e instanceof Error ? e.message : String(e)} (${shown})`);
    for (const d of diagnosticsOf(project, uri, options, onError)) findings.push(toFinding(shown, d));
    if (progress && (i % 50 === 0 || i === files.length - 1)) progress.update('Checking', i + 1, files.length);
  });
  const notChecked: NotChecked = {
    baseFolders: project.baseFiles,
    incompleteChains: project.uris.filter((u) => project.workspace.index.chain(u).status === 'incomplete').length,
    notAnalysed: files.filter((u) => project.workspace.readProblems.has(u)).length,
  };
  return { findings: sortFindings(findings), summary: summarise(findings, files.length, notChecked), internalErrors };
}

/** The indexed policy files plus any file that could not be read (it might be a policy: say so). */
function filesToCheck(project: Project): string[] {
  const set = new Set(project.uris);
  for (const uri of project.workspace.readProblems.keys()) if (project.workspace.isReported(uri)) set.add(uri);
  return [...set].sort();
}

/** What the server publishes for the file (the same function): the read problem alone, else every validator's diagnostics. */
function diagnosticsOf(project: Project, uri: string, options: ValidationOptions, onError: (v: string, e: unknown) => void): Diagnostic[] {
  // {Settings:...} placeholders are checked against the appsettings.json that governs the file (B701/B702), as
  // in the editor.
  return fileDiagnostics(project.workspace, uri, options, onError, settingsContextFor(project.appSettings, uri));
}

export function displayPath(uri: string, cwd: string): string {
  const p = uriToPath(uri);
  return p === undefined ? uri : toPosix(path.relative(cwd, p));
}

function toFinding(file: string, d: Diagnostic): Finding {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY_NAMES[d.severity ?? DiagnosticSeverity.Error] ?? 'error',
    code: d.code === undefined ? '' : String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
  };
}

function sortFindings(findings: Finding[]): Finding[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => cmp(a.f.file, b.f.file) || a.f.line - b.f.line || a.f.column - b.f.column || a.i - b.i)
    .map(({ f }) => f);
}

function summarise(findings: readonly Finding[], files: number, notChecked: NotChecked): Summary {
  const count = (s: SeverityName) => findings.filter((f) => f.severity === s).length;
  return { files, errors: count('error'), warnings: count('warning'), information: count('info'), hints: count('hint'), notChecked };
}

/** Findings shown by default: errors and warnings; --verbose adds information and hints. */
export function visibleFindings(findings: readonly Finding[], verbose: boolean): Finding[] {
  return verbose ? [...findings] : findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
}
