/**
 * Quick fixes for broken chains: on B104 (several candidate bases) pin one of them; on B103 (a base not in the
 * workspace) add a folder that holds it as a base folder. Both change settings, which only the client can write,
 * so each action carries a command for the client to run; the service stays pure and edits no text.
 */
import { CodeAction, CodeActionKind, Diagnostic } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { PolicyFile } from '../../model/policyFile';
import { relativePath } from '../diagnostics/referenceDiagnostics';

/** Arguments: the PolicyId (as the BasePolicy spells it) and the URI of the file to use for it. */
export const PIN_BASE_POLICY = 'b2cPolicy.pinBasePolicy';
/** Arguments: optionally the PolicyId that is missing (for the folder picker's title). */
export const ADD_BASE_FOLDER = 'b2cPolicy.addBaseFolder';

export function getChainCodeActions(file: PolicyFile, diagnostics: readonly Diagnostic[], index: PolicyIndex): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.code === 'B104') out.push(...pinActions(file, d, index));
    else if (d.code === 'B103') out.push(...baseFolderActions(file, d, index));
  }
  return out;
}

function pinActions(file: PolicyFile, d: Diagnostic, index: PolicyIndex): CodeAction[] {
  const ambiguity = index.chain(file.uri).ambiguity;
  if (!ambiguity) return [];
  return ambiguity.candidates.map((candidate) => {
    const title = `Use ${relativePath(file.uri, candidate)} for ${ambiguity.policyId} (pin it in b2cPolicy.basePolicyPins)`;
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: PIN_BASE_POLICY, arguments: [ambiguity.policyId, candidate] } };
  });
}

function baseFolderActions(file: PolicyFile, d: Diagnostic, index: PolicyIndex): CodeAction[] {
  const missing = index.chain(file.uri).missing;
  if (!missing) return [];
  const title = `Add a base folder that holds ${missing.policyId}...`;
  return [{ title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: ADD_BASE_FOLDER, arguments: [missing.policyId] } }];
}
