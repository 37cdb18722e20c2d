/**
 * The journey command: a relying party's merged journey as a Mermaid flowchart (default), Graphviz DOT, or the
 * journey model as JSON. `b2c-policy journey <relying-party file> [--format mermaid|dot|json] [paths...]`; the
 * index holds the files under the paths (default: the current folder) and the file itself, as for `chain`.
 * Exit 0 when the journey is printed, 1 when it cannot be (the chain is not whole, no DefaultUserJourney, or
 * the journey is not found), 2 for bad usage. Findings are drawn, not counted: `check` judges them.
 */
import { PolicyIndex } from '../../service/languageService';
import { JourneyModel } from '../../service/journey/types';
import { renderMermaid } from '../../service/journey/mermaid';
import { renderDot } from '../../service/journey/dot';
import { UsageError } from './args';
import { describeStatus } from './chain';

export type JourneyFormat = 'mermaid' | 'dot' | 'json';

export interface JourneyOutput {
  readonly stdout: string;
  /** Why nothing (or not the whole journey) could be drawn. */
  readonly problem?: string;
}

export function formatJourney(index: PolicyIndex, uri: string, file: string, format: JourneyFormat, cwd: string, build: (index: PolicyIndex, leaf: string) => JourneyModel | undefined): JourneyOutput {
  const policy = index.get(uri);
  if (!policy?.isPolicy) throw new UsageError(`${file} is not a policy file (no TrustFrameworkPolicy root element).`);
  if (!policy.relyingParty) throw new UsageError(`${file} has no RelyingParty element: the journey command takes a relying-party file.`);
  const chain = index.chain(uri);
  if (chain.status !== 'root' && chain.status !== 'complete') {
    return { stdout: '', problem: `the merged journey of ${file} cannot be known: its chain is ${describeStatus(chain, cwd)}.` };
  }
  const model = build(index, uri);
  if (!model) return { stdout: '', problem: `no journey model for ${file}.` };
  const stdout = format === 'json' ? JSON.stringify(model, null, 2) + '\n' : format === 'dot' ? renderDot(model) : renderMermaid(model);
  if (!model.defaultJourneyId) return { stdout, problem: `${file} names no DefaultUserJourney.` };
  if (!model.journey) return { stdout, problem: `UserJourney ${model.defaultJourneyId} is not defined in the chain of ${file}.` };
  return { stdout };
}
