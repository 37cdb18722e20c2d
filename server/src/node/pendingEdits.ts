/**
 * The edits a buffer received since its text was last parsed. A large file is parsed after a pause (so that a
 * burst of keystrokes costs one parse, not one each), and meanwhile a hover or completion well away from every
 * pending edit is answered from the last parse: near the cursor the two texts then differ only by a shift.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { TextDocument } from 'vscode-languageserver-textdocument';

interface Splice {
  /** Offsets in the text just before this edit. */
  readonly start: number;
  readonly end: number;
  /** Length of the inserted text. */
  readonly inserted: number;
}

/** How far from the cursor no edit may be for an answer from the last parse (any token or tag around it is shorter). */
export const CLEAR_RADIUS = 4096;
const MAX_SPLICES = 500;

export class EditLog {
  private readonly splices: Splice[] = [];
  private broken = false;

  /** Records changes as applied to `before`, the document as it was before them. */
  record(before: TextDocument, changes: readonly TextDocumentContentChangeEvent[]): void {
    let doc = before;
    changes.forEach((c, i) => {
      if (this.broken || !('range' in c) || this.splices.length >= MAX_SPLICES) { this.broken = true; return; }
      this.splices.push({ start: doc.offsetAt(c.range.start), end: doc.offsetAt(c.range.end), inserted: c.text.length });
      // Later changes of one notification are relative to the text after the earlier ones (rare: copy then).
      if (i < changes.length - 1) doc = TextDocument.update(TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText()), [c], doc.version + 1);
    });
  }

  /**
   * How much the parsed text is shifted at `offset` of the newest text (newest = parsed + shift), when no pending
   * edit lies within CLEAR_RADIUS of it; undefined otherwise.
   */
  shiftAt(offset: number): number | undefined {
    if (this.broken) return undefined;
    // The edited stretches, in the newest text's offsets.
    let touched: Array<[number, number]> = [];
    for (const s of this.splices) {
      const delta = s.inserted - (s.end - s.start);
      let from = s.start, to = s.start + s.inserted;
      const next: Array<[number, number]> = [];
      for (const [a, b] of touched) {
        if (a >= s.end) next.push([a + delta, b + delta]);
        else if (b <= s.start) next.push([a, b]);
        else { from = Math.min(from, a); to = Math.max(to, b + delta); }
      }
      next.push([from, to]);
      touched = next;
    }
    if (touched.some(([a, b]) => b >= offset - CLEAR_RADIUS && a <= offset + CLEAR_RADIUS)) return undefined;
    // Every edit is far away: the shift is the sum of the size changes of the edits before the offset.
    let o = offset;
    for (let i = this.splices.length - 1; i >= 0; i--) {
      const s = this.splices[i];
      if (o > s.start + s.inserted) o = o - s.inserted + (s.end - s.start);
    }
    return offset - o;
  }
}
