/**
 * Document links: `<BasePolicy><PolicyId>` opens the parent file that the chain resolves to, and absolute http(s)
 * URLs in the elements that hold addresses (a content definition's LoadUri and DataUri, Metadata item values such
 * as ServiceUrl or METADATA) open in the browser when the user follows them. Nothing is fetched: a link is only a
 * target for the editor. A URL that still holds a placeholder (`{Settings:...}`, `{tenant}`, a claim resolver)
 * is not the address the service uses until a build or the service replaces it, so it gets no link.
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { PolicyFile } from '../../model/policyFile';
import { XmlDocument, XmlElement, decodeEntities, elementText, getAttribute } from '../../xml/parser';

/** Elements whose text is an address, by parent. */
const URL_ELEMENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['LoadUri', ['ContentDefinition']],
  ['DataUri', ['ContentDefinition', 'DataUris']],
  ['Item', ['Metadata']],
]);

/** An absolute http(s) URL with nothing left to substitute, else undefined. */
export function linkableUrl(raw: string): string | undefined {
  const value = decodeEntities(raw).trim();
  if (!/^https?:\/\//i.test(value) || /[{}\s]/.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.hostname ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

const fileName = (uri: string) => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));

export function findDocumentLinks(file: PolicyFile, xml: XmlDocument, index: PolicyIndex, toClient: (uri: string) => string = (u) => u): DocumentLink[] {
  const out: DocumentLink[] = [];
  const lines = file.lines;
  const base = file.basePolicy?.policyId;
  if (file.isPolicy && base?.value) {
    const parents = index.get(file.uri) ? index.chain(file.uri).parents : [];
    // One parent: a link. Several (an ambiguous base) or none: Go to Definition lists or explains them instead.
    if (parents.length === 1) {
      const parent = index.get(parents[0]);
      out.push({
        range: lines.range(base.start, base.end),
        target: toClient(parents[0]),
        tooltip: `Open the base policy ${parent?.policyId?.value ?? base.value} (${fileName(parents[0])})`,
      });
    }
  }
  const visit = (el: XmlElement) => {
    const parents = URL_ELEMENTS.get(el.name);
    if (parents && el.parent && parents.includes(el.parent.name)) {
      const t = elementText(el, xml.text);
      const url = t && linkableUrl(t.value);
      if (t && url) {
        const what = el.name === 'Item' ? `the ${getAttribute(el, 'Key')?.value ?? 'Metadata'} address` : el.name === 'LoadUri' ? 'the page template' : 'the page layout';
        out.push({ range: lines.range(t.start, t.end), target: url, tooltip: `Open ${what} in the browser` });
      }
    }
    for (const c of el.children) visit(c);
  };
  if (xml.root) visit(xml.root);
  return out;
}
