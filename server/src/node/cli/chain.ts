/**
 * The chain command: the inheritance chain of one policy file as an indented tree (each file under the file
 * that extends it), then the chain's status with the reason when it is not complete.
 */
import { Chain, PolicyIndex } from '../../service/languageService';
import { displayPath } from './check';

export interface ChainReport {
  readonly text: string;
  readonly status: Chain['status'];
}

export function formatChain(index: PolicyIndex, uri: string, cwd: string): ChainReport {
  const chain = index.chain(uri);
  const lines: string[] = [];
  drawTree(index, uri, 0, new Set(), lines, cwd);
  lines.push(`status: ${describeStatus(chain, cwd)}`);
  return { text: lines.join('\n') + '\n', status: chain.status };
}

function drawTree(index: PolicyIndex, uri: string, depth: number, path: Set<string>, lines: string[], cwd: string): void {
  const indent = '  '.repeat(depth);
  if (path.has(uri)) {
    lines.push(`${indent}${label(index, uri, cwd)}  (cycle: already in this chain)`);
    return;
  }
  lines.push(indent + label(index, uri, cwd));
  const base = index.resolveBase(uri);
  if (!base) return;
  const { parents, ignored } = index.chain(uri);
  if (base.chosen.length === 0) lines.push(`${indent}  (missing) no file declares PolicyId ${base.policyId}`);
  if (parents.length > 1) lines.push(`${indent}  (ambiguous) ${parents.length} files declare PolicyId ${base.policyId}:`);
  for (const u of ignored ?? []) lines.push(`${indent}  (ignored) ${displayPath(u, cwd)} also declares PolicyId ${base.policyId}, but its own chain is broken`);
  path.add(uri);
  for (const parent of parents) drawTree(index, parent, depth + 1, path, lines, cwd);
  path.delete(uri);
}

function label(index: PolicyIndex, uri: string, cwd: string): string {
  const policyId = index.get(uri)?.policyId?.value;
  return `${displayPath(uri, cwd)}  ${policyId ?? '(no PolicyId)'}`;
}

export function describeStatus(chain: Chain, cwd: string): string {
  const name = (u: string) => displayPath(u, cwd);
  switch (chain.status) {
    case 'root':
    case 'complete':
      return `complete (${chain.uris.length} ${chain.uris.length === 1 ? 'file' : 'files'})`;
    case 'ambiguous': {
      const a = chain.ambiguity!;
      return `ambiguous: several files declare PolicyId ${a.policyId} (the base of ${name(a.from)}): ${a.candidates.map(name).join(', ')}`;
    }
    case 'incomplete': {
      const m = chain.missing!;
      return `incomplete: no file declares PolicyId ${m.policyId} (the base of ${name(m.from)})`;
    }
    case 'cycle':
      return `cycle: the chain loops back at ${name(chain.cycleAt ?? chain.uris[0])}`;
    default:
      return 'not a policy file';
  }
}
