/**
 * The stdio framing guard (issue 16, also-fix list): well-framed streams pass byte for byte however they are cut into
 * chunks; a bad header fails at once.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { FramingGuard, MAX_CONTENT_LENGTH } from '../../server/src/stdioFraming';
import { Random } from '../protocol/fuzz';

function run(chunks: Buffer[]): { out: Buffer; failures: string[] } {
  const failures: string[] = [];
  const guard = new FramingGuard((why) => failures.push(why));
  const out: Buffer[] = [];
  guard.on('data', (d: Buffer) => out.push(d));
  for (const c of chunks) guard.write(c);
  return { out: Buffer.concat(out), failures };
}

/** A message; `header` may use {n} for the body's length in bytes. */
function frame(body: string, header = 'Content-Length: {n}'): Buffer {
  return Buffer.from(`${header.replace('{n}', String(Buffer.byteLength(body)))}\r\n\r\n${body}`);
}

describe('stdio framing guard', () => {
  it('passes well-framed messages unchanged, however the stream is cut', async () => {
    const stream = Buffer.concat([
      frame('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}'),
      frame('{"text":"\\r\\n\\r\\nContent-Length: -1\\r\\n\\r\\n é 😀"}', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: {n}'),
      frame(''.padEnd(70_000, 'x')),
      frame('{}', 'Content-Length:{n}'),
    ]);
    const rnd = new Random(16);
    for (let trial = 0; trial < 100; trial++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < stream.length;) {
        const n = trial === 0 ? 1 : 1 + rnd.int(trial % 2 ? 8 : 5000);
        chunks.push(stream.subarray(i, i + n));
        i += n;
      }
      const r = run(chunks);
      assert.deepEqual(r.failures, [], `trial ${trial}`);
      assert.ok(r.out.equals(stream), `trial ${trial}`);
    }
  });

  it('fails at once on a missing, negative, non-numeric or too large Content-Length, and passes nothing after', () => {
    const good = frame('{"a":1}');
    for (const [header, why] of [
      ['Content-Type: x', /without a Content-Length/], ['Content-Length: -5', /"-5"/], ['Content-Length: 1e3', /"1e3"/],
      ['Content-Length: 12abc', /"12abc"/], [`Content-Length: ${MAX_CONTENT_LENGTH + 1}`, /more than any message/],
      ['Content-Length: 2147483648', /2147483648 bytes/], ['Content-Length: 99999999999999999999999', /more than 10\^15/],
    ] as const) {
      const r = run([good, frame('{}', header), good]);
      assert.equal(r.failures.length, 1, header);
      assert.match(r.failures[0], why);
      assert.ok(r.out.equals(good), `${header}: only the message before it passes`);
    }
    assert.match(run([Buffer.alloc(70_000, 'a')]).failures[0] ?? '', /header block with no end/);
  });
});
