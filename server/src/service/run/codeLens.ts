/**
 * The "Run policy…" CodeLens on a relying party's `<RelyingParty>` start tag. The command is the client's
 * (`b2cPolicy.runPolicy`): it picks a run profile and opens or copies the URL; the server only places the lens.
 */
import { CodeLens } from 'vscode-languageserver-types';
import { DocumentContext } from '../model/documentContext';
import { findRelyingParty } from './relyingParty';

export const RUN_POLICY_COMMAND = 'b2cPolicy.runPolicy';

export function findRunLenses(doc: DocumentContext, clientUri = doc.file.uri): CodeLens[] {
  const rp = doc.file.isPolicy ? findRelyingParty(doc.file.uri, doc.xml) : undefined;
  if (!rp) return [];
  const range = { start: doc.document.positionAt(rp.start), end: doc.document.positionAt(rp.end) };
  return [{ range, command: { title: 'Run policy…', command: RUN_POLICY_COMMAND, arguments: [clientUri] } }];
}
