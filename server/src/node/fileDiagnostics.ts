/**
 * Every diagnostic of one indexed file, the same for the CLI and the editor: the read problem alone for a file
 * that is not analysed, else every validator's findings (after a disk read problem, for an open buffer whose
 * file on disk could not be read). Open buffers use their cached parse; disk files are parsed on demand.
 */
import { Diagnostic } from 'vscode-languageserver-types';
import { doValidation, ValidationOptions } from '../service/languageService';
import { judgeIncompleteChains, makeReadProblemDiagnostic } from './readProblems';
import { Workspace } from './workspace';

export function fileDiagnostics(workspace: Workspace, uri: string, options: ValidationOptions, onError?: (validator: string, e: unknown) => void): Diagnostic[] {
  const open = workspace.getOpen(uri);
  if (open?.problem) return [makeReadProblemDiagnostic(open.problem)];
  const diskProblem = workspace.readProblems.get(uri);
  if (!open && diskProblem) return [makeReadProblemDiagnostic(diskProblem, workspace.unread.has(uri))];
  const parsed = open ?? workspace.parsed(uri);
  if (!parsed) return [];
  // A chain through an unreadable file must not pass as clean (judgeIncompleteChains).
  const found = judgeIncompleteChains(doValidation({ file: parsed.file, xml: parsed.xml, document: open?.document, index: workspace.index, options }, onError), workspace.unread);
  return diskProblem ? [makeReadProblemDiagnostic(diskProblem), ...found] : found;
}
