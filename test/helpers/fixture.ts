/**
 * Inline multi-file fixtures: one string, files separated by `<!-- file: /path.xml -->` headers,
 * with at most one `$0` cursor marker overall (stripped before use).
 */
import { PolicyIndex, parsePolicy } from '../../server/src/service/languageService';
import type { PolicyFile } from '../../server/src/service/model/policyFile';
import type { XmlDocument } from '../../server/src/service/xml/parser';
import type { Position } from 'vscode-languageserver-types';

export interface Fixture {
  readonly index: PolicyIndex;
  readonly files: Map<string, { text: string; file: PolicyFile; xml: XmlDocument }>;
  /** Where $0 was, if anywhere. */
  readonly cursor?: { uri: string; offset: number; position: Position };
  uri(path: string): string;
  text(path: string): string;
}

export const fixtureUri = (p: string) => 'file:///fixture' + (p.startsWith('/') ? p : '/' + p);

export function fixture(source: string): Fixture {
  const parts = source.split(/^[ \t]*<!-- file: (\S+) -->[ \t]*\r?\n/m);
  const index = new PolicyIndex();
  const files = new Map<string, { text: string; file: PolicyFile; xml: XmlDocument }>();
  let cursor: Fixture['cursor'];
  for (let i = 1; i < parts.length; i += 2) {
    const uri = fixtureUri(parts[i]);
    let text = parts[i + 1];
    const marker = text.indexOf('$0');
    if (marker >= 0) {
      if (cursor) throw new Error('fixture has more than one $0');
      text = text.slice(0, marker) + text.slice(marker + 2);
    }
    const { xml, file } = parsePolicy(uri, 1, text);
    if (marker >= 0) cursor = { uri, offset: marker, position: file.lines.positionAt(marker) };
    index.set(file);
    files.set(uri, { text, file, xml });
  }
  return {
    index, files, cursor,
    uri: fixtureUri,
    text: (p) => files.get(fixtureUri(p))!.text,
  };
}

/** A minimal policy wrapper for fixtures. */
export function policy(id: string, body: string, base?: string, extra = ''): string {
  const basePolicy = base ? `\n  <BasePolicy>\n    <TenantId>contoso.onmicrosoft.com</TenantId>\n    <PolicyId>${base}</PolicyId>\n  </BasePolicy>` : '';
  return `<?xml version="1.0" encoding="utf-8"?>
<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="${id}" PublicPolicyUri="http://contoso.onmicrosoft.com/${id}"${extra}>${basePolicy}
${body}
</TrustFrameworkPolicy>
`;
}

/** Renders a location as `path:line:col` (1-based) for readable assertions. */
export function where(uri: string, pos: Position): string {
  return `${uri.replace('file:///fixture', '')}:${pos.line + 1}:${pos.character + 1}`;
}
