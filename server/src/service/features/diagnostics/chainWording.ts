/**
 * What a broken chain note says. An incomplete chain is reported on the file's own BasePolicy, so the note must
 * not read as "your base is absent" when only a further ancestor is: it names the missing PolicyId and the file
 * that asks for it, and says that the file's own base was found.
 */
import type { Chain, PolicyIndex } from '../../index/policyIndex';
import { quoteValue, shortValue } from '../../model/quoting';

export function incompleteChainMessage(uri: string, chain: Chain, index: PolicyIndex, name: (u: string) => string): string {
  const missing = chain.missing!;
  if (missing.from === uri) return `No file in the workspace declares PolicyId ${quoteValue(missing.policyId)}, so references that the base may define are not checked.`;
  const parents = chain.parents.map((u) => `${name(u)} (${shortValue(index.get(u)?.policyId?.value ?? '?')})`);
  const found = parents.length === 1 ? `This policy's base is ${parents[0]}` : `This policy's base is declared by ${parents.join(', ')}`;
  return `${found}, but the chain stops further up: ${name(missing.from)} extends PolicyId ${quoteValue(missing.policyId)}, which no file in the workspace declares, so references that it may define are not checked.`;
}
