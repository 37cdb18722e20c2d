/**
 * Folding ranges from the tolerant parser's tree: every element that spans lines (the policy's sections —
 * BuildingBlocks, ClaimsProviders, UserJourneys, RelyingParty — and everything inside them), comments that span
 * lines, and `<!-- #region name -->` … `<!-- #endregion -->` pairs. The closing tag's line stays visible. Works on
 * a half-typed file: what the parser recovered folds, an element never closed folds to the end of its content.
 */
import type { FoldingRange } from 'vscode-languageserver-types';
import { LineIndex } from '../../model/lineIndex';
import { XmlDocument, XmlElement } from '../../xml/parser';

export interface FoldingOptions {
  /** The most ranges the client wants (a hint): beyond it, the most deeply nested ranges are left out first. */
  readonly rangeLimit?: number;
  /** The client folds whole lines only (VS Code's default): no start or end characters are sent. */
  readonly lineFoldingOnly?: boolean;
}

interface Candidate {
  readonly range: FoldingRange;
  /** Offsets, for nesting. */
  readonly start: number;
  readonly end: number;
}

const REGION_START = /^\s*#region\b/i;
const REGION_END = /^\s*#endregion\b/i;

export function findFoldingRanges(xml: XmlDocument, lines: LineIndex, options: FoldingOptions = {}): FoldingRange[] {
  const text = xml.text;
  const found: Candidate[] = [];
  const lineOf = (offset: number) => lines.positionAt(offset).line;

  const visit = (el: XmlElement) => {
    const startLine = lineOf(el.start);
    // Up to the line before the end tag; for an element never closed, to its last content line.
    const closed = el.closeStart >= 0 && !el.selfClosing;
    const endLine = closed ? lineOf(el.closeStart) - 1 : lineOf(Math.max(el.start, el.end - 1));
    if (endLine > startLine) {
      const range: FoldingRange = { startLine, endLine };
      if (!options.lineFoldingOnly && closed) {
        // Keep the start tag visible up to its '>' when folding by character.
        const tagEnd = lines.positionAt(el.startTagEnd);
        if (tagEnd.line === startLine) range.startCharacter = tagEnd.character;
      }
      found.push({ range, start: el.start, end: el.end });
    }
    for (const child of el.children) visit(child);
  };
  if (xml.root) visit(xml.root);

  // Comments (the tree keeps none): a scan that skips CDATA sections; '<' cannot occur unescaped elsewhere in XML.
  const regions: number[] = [];
  for (let i = text.indexOf('<!'); i >= 0; i = text.indexOf('<!', i + 2)) {
    if (text.startsWith('<![CDATA[', i)) {
      const close = text.indexOf(']]>', i + 9);
      if (close < 0) break;
      i = close;
      continue;
    }
    if (!text.startsWith('<!--', i)) continue;
    const close = text.indexOf('-->', i + 4);
    const end = close < 0 ? text.length : close + 3;
    const body = text.slice(i + 4, close < 0 ? text.length : close);
    if (REGION_START.test(body)) regions.push(i);
    else if (REGION_END.test(body) && regions.length) {
      const open = regions.pop()!;
      const startLine = lineOf(open), endLine = lineOf(i) - 1;
      if (endLine > startLine) found.push({ range: { startLine, endLine, kind: 'region' }, start: open, end });
    } else {
      const startLine = lineOf(i), endLine = lineOf(end - 1);
      if (endLine > startLine) found.push({ range: { startLine, endLine, kind: 'comment' }, start: i, end });
    }
    if (close < 0) break;
    i = close;
  }

  // One range per start line (editors keep only one): the outermost.
  found.sort((a, b) => a.range.startLine - b.range.startLine || b.range.endLine - a.range.endLine || a.start - b.start);
  const unique: Candidate[] = [];
  for (const c of found) if (!unique.length || unique[unique.length - 1].range.startLine !== c.range.startLine) unique.push(c);
  return limit(unique, options.rangeLimit).map((c) => c.range);
}

/** Keeps at most `max` ranges, dropping the most deeply nested first; the result stays in document order. */
function limit(sorted: Candidate[], max: number | undefined): Candidate[] {
  if (max === undefined || max < 0 || sorted.length <= max) return sorted;
  const depth: number[] = [];
  const open: number[] = [];
  for (const c of sorted) {
    while (open.length && open[open.length - 1] < c.range.startLine) open.pop();
    depth.push(open.length);
    open.push(c.range.endLine);
  }
  const order = sorted.map((_, i) => i).sort((a, b) => depth[a] - depth[b] || a - b);
  const keep = new Set(order.slice(0, max));
  return sorted.filter((_, i) => keep.has(i));
}
