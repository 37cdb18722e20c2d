/**
 * Hover on a claim reference inside a technical profile that relying parties run: the reference hover, then
 * where the claim comes from in each relying party that runs the profile ("available from step 3 (X), also
 * produced by step 5; consumed by steps 4, 7; sent in the token"), relying parties with the same story
 * grouped. Read from the cached claim flow of each leaf (journey/claimFlow.ts): no walk per request.
 */
import { Hover, MarkupContent } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { effectiveModel } from '../../effective/effectiveModel';
import { claimFlow } from '../../journey/claimFlow';
import { summarizeTrace, traceClaim } from '../../journey/claimTrace';
import { Definition, idKey } from '../../model/policyFile';
import { DocumentContext } from '../../model/documentContext';
import { hoverReference } from './referenceHover';
import { symbolAt } from '../navigation/navigation';
import { reaches } from '../diagnostics/rules/leafJudge';

export function hoverClaimFlow(ctx: DocumentContext, offset: number, index: PolicyIndex): Hover | undefined {
  const sym = symbolAt(ctx.file, offset);
  if (!sym?.reference || sym.kind !== 'ClaimType' || !sym.value) return undefined;
  const profile = innermostProfile(ctx.file.definitions, offset);
  if (!profile) return undefined;
  const text = flowText(index, ctx.file.uri, profile, sym.value);
  if (!text) return undefined;
  const base = hoverReference(ctx, offset, index);
  if (!base) return undefined;
  const contents = base.contents as MarkupContent;
  return { ...base, contents: { kind: 'markdown', value: `${contents.value}\n\n---\n\n${text}` } };
}

function innermostProfile(defs: readonly Definition[], offset: number): Definition | undefined {
  let best: Definition | undefined;
  for (const d of defs) if (d.kind === 'TechnicalProfile' && d.start <= offset && offset <= d.end && (!best || d.start > best.start)) best = d;
  return best;
}

/** The claim's story per relying party that runs the profile, grouped; undefined when none runs it. */
export function flowText(index: PolicyIndex, uri: string, profile: Definition, claim: string): string | undefined {
  // The same key as diagnostics' default, so that the hover reads the model (and claim flows) they already built.
  const model = effectiveModel(index, '');
  const subject = 'TechnicalProfile/' + idKey(profile.id);
  const leaves = model.leavesSeeing(uri).filter((l) => reaches(model, l, subject));
  if (!leaves.length) return undefined;
  const groups = new Map<string, string[]>();
  for (const leaf of leaves) {
    const flow = claimFlow(index, leaf, { model });
    if (!flow?.model.journey) continue;
    const t = traceClaim(flow, claim, profile.id);
    const runs = t.runs.length ? `this profile runs in ${t.runs.length === 1 ? 'step' : 'steps'} ${t.runs.join(', ')}; ` : '';
    const line = runs + summarizeTrace(t);
    const names = groups.get(line) ?? [];
    names.push(t.policyId ?? leaf.slice(leaf.lastIndexOf('/') + 1));
    groups.set(line, names);
  }
  if (!groups.size) return undefined;
  const lines = [...groups].slice(0, 6).map(([line, names]) => {
    const who = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    return `- **${who}**: ${line}.`;
  });
  if (groups.size > 6) lines.push(`- ... and ${groups.size - 6} more stories`);
  return `**Claim flow of \`${claim}\`** (per relying party that runs this profile)\n\n${lines.join('\n')}`;
}
