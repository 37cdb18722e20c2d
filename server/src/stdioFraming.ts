/**
 * A check of the stdio framing, in front of vscode-jsonrpc's reader. The reader accepts a negative Content-Length
 * (and then misreads the stream) and waits for any body however large, buffering what arrives: a 2 GB length leaves a
 * server that never answers again and may grow to 2 GB. The guard reads the same headers and fails at once when
 * a header block has no Content-Length, when the length is not a whole number of bytes, or when it is larger than any
 * message the server could read; bytes pass through unchanged otherwise.
 */
import { Transform, TransformCallback } from 'stream';

/** A JavaScript string holds at most about 2^29 UTF-16 code units: a body longer than this can never be decoded. */
export const MAX_CONTENT_LENGTH = 512 * 1024 * 1024;
/** Headers are a few dozen bytes; a header block this long without its blank line is not LSP. */
const MAX_HEADER_BYTES = 64 * 1024;
const END = Buffer.from('\r\n\r\n');

export class FramingGuard extends Transform {
  private header = Buffer.alloc(0);
  /** Body bytes of the current message still to pass. */
  private remaining = 0;
  private failed = false;

  constructor(private readonly fail: (why: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.failed) return done();
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - offset);
        this.remaining -= n;
        offset += n;
        continue;
      }
      const kept = this.header.length;
      const combined = kept ? Buffer.concat([this.header, chunk.subarray(offset)]) : chunk.subarray(offset);
      const end = combined.indexOf(END);
      if (end < 0) {
        if (combined.length > MAX_HEADER_BYTES) return this.reject('a header block with no end', done);
        this.header = Buffer.from(combined);
        break;
      }
      const problem = lengthProblem(combined.subarray(0, end).toString('ascii'));
      if (typeof problem === 'string') return this.reject(problem, done);
      this.remaining = problem;
      this.header = Buffer.alloc(0);
      offset += end + END.length - kept;
    }
    done(null, chunk);
  }

  private reject(why: string, done: TransformCallback): void {
    this.failed = true;
    done();
    this.fail(why);
  }
}

/** The body length a header block announces, or what is wrong with it. */
function lengthProblem(headers: string): number | string {
  const line = headers.split('\r\n').find((l) => /^content-length\s*:/i.test(l));
  if (line === undefined) return 'a message without a Content-Length header';
  const value = line.slice(line.indexOf(':') + 1).trim();
  if (!/^\d+$/.test(value)) return `a Content-Length that is not a whole number of bytes (${JSON.stringify(value.slice(0, 20))})`;
  const length = Number(value);
  if (length > MAX_CONTENT_LENGTH) return `a Content-Length of ${value.length > 15 ? 'more than 10^15' : value} bytes, more than any message the server can read`;
  return length;
}
