import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';

const START = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, source: 'b2c' } as const;

/** A file that could not be read as text (binary, too large, undecodable, unreadable) gets one diagnostic at its start. */
export function makeReadProblemDiagnostic(problem: string, unread = false): Diagnostic {
  // A file that could not be read at all may be a policy: an error, so that a check through it never passes.
  return { ...START, severity: unread ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, code: 'B111', message: problem };
}

/** Checking failed (a validator or the whole handler threw): the file must not look clean. */
export function makeCheckFailedDiagnostic(what: string): Diagnostic {
  return {
    ...START, severity: DiagnosticSeverity.Error, code: 'B111',
    message: `Checking this file failed (${what}; the server log has the details): the problems shown may be incomplete.`,
  };
}

/**
 * A chain that stops at a missing base is not checked (B103, information). When files or folders of the workspace
 * could not be read, the missing base may be one of them: the chain cannot pass as clean, so B103 becomes an error
 * that says so.
 */
export function judgeIncompleteChains(diagnostics: Diagnostic[], unread: ReadonlySet<string>): Diagnostic[] {
  if (!unread.size) return diagnostics;
  const first = [...unread].sort()[0];
  const name = decodeURIComponent(first.slice(first.lastIndexOf('/') + 1));
  const more = unread.size > 1 ? ` and ${unread.size - 1} more` : '';
  return diagnostics.map((d) => d.code !== 'B103' ? d : {
    ...d, severity: DiagnosticSeverity.Error,
    message: `${d.message} ${name}${more} could not be read and may hold that base: this chain is not checked.`,
  });
}
