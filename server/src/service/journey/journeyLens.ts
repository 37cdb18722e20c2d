/**
 * The "Show journey" CodeLens: on the `<RelyingParty>` element and on every `<UserJourney>` of a policy file.
 * It only places the lens, from the file's summary (no merge, no walk); the client's `b2cPolicy.showJourney`
 * asks the server (`b2cPolicy/journey`) which relying party runs the journey when the command runs.
 */
import { CodeLens } from 'vscode-languageserver-types';
import { PolicyFile } from '../model/policyFile';

export const SHOW_JOURNEY_COMMAND = 'b2cPolicy.showJourney';

/** Arguments of `b2cPolicy.showJourney`: the document, and the UserJourney a lens sits on. */
export interface ShowJourneyArgs {
  readonly journey?: string;
}

export function findJourneyLenses(file: PolicyFile, clientUri = file.uri): CodeLens[] {
  if (!file.isPolicy) return [];
  const lenses: CodeLens[] = [];
  const rp = file.relyingParty;
  if (rp) {
    lenses.push({ range: file.lines.range(rp.start, rp.contentStart), command: { title: 'Show journey', command: SHOW_JOURNEY_COMMAND, arguments: [clientUri, {} satisfies ShowJourneyArgs] } });
  }
  for (const d of file.definitions) {
    if (d.kind !== 'UserJourney' || !d.id) continue;
    lenses.push({ range: file.lines.range(d.start, d.idEnd), command: { title: 'Show journey', command: SHOW_JOURNEY_COMMAND, arguments: [clientUri, { journey: d.id } satisfies ShowJourneyArgs] } });
  }
  return lenses;
}
