/**
 * The refs command: every definition and reference of an Id, of any kind, across the indexed files.
 * Ids compare case-insensitively, as B2C compares them.
 */
import { PolicyFile, PolicyIndex } from '../../service/languageService';
import { displayPath } from './check';

export interface Occurrence {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly role: 'definition' | 'reference';
  readonly kind: string;
  /** For references: where the value sits (attribute name, Item Key, element). */
  readonly source?: string;
}

export function findOccurrences(index: PolicyIndex, id: string, cwd: string): Occurrence[] {
  const key = id.toLowerCase();
  const out: Occurrence[] = [];
  for (const file of index.all()) if (file.isPolicy) collect(file, key, cwd, out);
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

function collect(file: PolicyFile, key: string, cwd: string, out: Occurrence[]): void {
  const shown = displayPath(file.uri, cwd);
  const at = (offset: number) => {
    const p = file.lines.positionAt(offset);
    return { file: shown, line: p.line + 1, column: p.character + 1 };
  };
  if (file.policyId && file.policyId.value.toLowerCase() === key) out.push({ ...at(file.policyId.start), role: 'definition', kind: 'Policy' });
  for (const d of file.definitions) if (d.id.toLowerCase() === key) out.push({ ...at(d.idStart), role: 'definition', kind: d.kind });
  for (const r of file.references) if (r.value.toLowerCase() === key) out.push({ ...at(r.start), role: 'reference', kind: r.target, source: r.source });
}

export function formatOccurrences(id: string, found: readonly Occurrence[], files: number): string {
  const lines = found.map((o) => `${o.file}:${o.line}:${o.column} ${o.role} ${o.kind}${o.source ? ` (${o.source})` : ''}`);
  const defs = found.filter((o) => o.role === 'definition').length;
  const refs = found.length - defs;
  lines.push(found.length
    ? `${defs} ${defs === 1 ? 'definition' : 'definitions'} and ${refs} ${refs === 1 ? 'reference' : 'references'} of '${id}' in ${files} policy files`
    : `No definition or reference of '${id}' in ${files} policy files`);
  return lines.join('\n') + '\n';
}
