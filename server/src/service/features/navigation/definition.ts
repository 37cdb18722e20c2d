import type { LocationLink, Position } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { PolicyFile } from '../../model/policyFile';
import { symbolAt, targetsOf } from './navigation';

/** Go to definition: every definition along the chain (base first, then overrides), as LocationLinks on the Id. */
export function findDefinition(file: PolicyFile, position: Position, index: PolicyIndex): LocationLink[] {
  const sym = symbolAt(file, file.lines.offsetAt(position));
  if (!sym) return [];
  const origin = file.lines.range(sym.start, sym.end);
  if (sym.kind === 'Policy') {
    if (!sym.reference) return [];
    return index.chain(file.uri).parents.flatMap((u) => {
      const target = index.get(u);
      if (!target?.policyId) return [];
      const sel = target.lines.range(target.policyId.start, target.policyId.end);
      // The target range must contain the selection range: the whole base file does.
      return [{ originSelectionRange: origin, targetUri: u, targetRange: target.lines.range(0, target.length), targetSelectionRange: sel }];
    });
  }
  const links: LocationLink[] = [];
  for (const { uri, item } of targetsOf(index, file.uri, sym)) {
    if (uri === file.uri && item === sym.definition) continue;
    const target = index.get(uri);
    if (!target) continue;
    links.push({
      originSelectionRange: origin,
      targetUri: uri,
      targetRange: target.lines.range(item.start, item.end),
      targetSelectionRange: target.lines.range(item.idStart, item.idEnd),
    });
  }
  return links;
}
