/**
 * A progress line on stderr for long runs: shown only on a terminal, and only once the run has taken more
 * than a second or has more than 500 files, so short runs and pipes stay quiet.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const DELAY_MS = 1000;
const MANY_FILES = 500;
const REDRAW_MS = 100;

export class Progress {
  private readonly started: number;
  private lastDraw = 0;
  private shown = false;

  constructor(private readonly stream: ProgressStream, private readonly now: () => number = Date.now) {
    this.started = now();
  }

  update(phase: string, done: number, total: number): void {
    if (!this.stream.isTTY) return;
    const t = this.now();
    if (t - this.started < DELAY_MS && total <= MANY_FILES) return;
    if (t - this.lastDraw < REDRAW_MS && done < total) return;
    this.lastDraw = t;
    this.shown = true;
    this.stream.write(`\r\x1b[K${phase} ${done}/${total} files...`);
  }

  /** Clears the line so that the report starts on a clean line. */
  end(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
