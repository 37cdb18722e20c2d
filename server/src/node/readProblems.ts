import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';

/** A file that could not be read as text (binary, too large, undecodable) gets one diagnostic at its start. */
export function makeReadProblemDiagnostic(problem: string): Diagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Warning, code: 'B111', source: 'b2c', message: problem };
}
