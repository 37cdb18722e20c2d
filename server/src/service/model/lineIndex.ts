import type { Position, Range } from 'vscode-languageserver-types';

/**
 * Offset <-> LSP position conversion for any indexed file, open or not, without keeping its text.
 * Line breaks are \n, \r\n and \r, as in TextDocument; offsets and characters are UTF-16 code units.
 */
export class LineIndex {
  private constructor(private readonly starts: Uint32Array, private readonly length: number, readonly eol: '\n' | '\r\n' | '\r' = '\n') {}

  static of(text: string): LineIndex {
    const starts: number[] = [0];
    let i = text.indexOf('\n');
    let cr = text.indexOf('\r');
    if (cr < 0) {
      // Fast path: LF-only text.
      while (i >= 0) { starts.push(i + 1); i = text.indexOf('\n', i + 1); }
    } else {
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (c === 13) {
          if (text.charCodeAt(k + 1) === 10) k++;
          starts.push(k + 1);
        } else if (c === 10) starts.push(k + 1);
      }
    }
    return new LineIndex(Uint32Array.from(starts), text.length, cr < 0 ? '\n' : lineEnd(text));
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.length));
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** The line end text inserted into this file should use: the one its first line break uses. */
export function lineEnd(text: string): '\n' | '\r\n' | '\r' {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr < 0) return '\n';
  if (lf >= 0 && lf < cr) return '\n';
  return text[cr + 1] === '\n' ? '\r\n' : '\r';
}
