/**
 * A local stand-in for Microsoft Graph and the login endpoint, on 127.0.0.1 with a port the system picks.
 * It records every request (method, path, headers, body) in order and answers with what the test scripts.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | object;
}

export type Script = (req: Recorded, index: number) => Answer;

export interface FakeGraph {
  readonly url: string;
  readonly requests: Recorded[];
  /** The PolicyIds of the PUTs, in order. */
  puts(): string[];
  close(): Promise<void>;
}

export async function startFakeGraph(script: Script): Promise<FakeGraph> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      let answer: Answer;
      try {
        answer = script(rec, requests.length - 1);
      } catch (e) {
        answer = { status: 500, body: String(e) };
      }
      const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'Content-Type': typeof answer.body === 'object' ? 'application/json' : 'text/plain', ...answer.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    puts: () => requests.filter((r) => r.method === 'PUT').map((r) => decodeURIComponent(/\/beta\/trustFramework\/policies\/([^/]+)\/\$value$/.exec(r.path)?.[1] ?? r.path)),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A Graph error body shaped like the service's (error.code, error.message, error.innerError). */
export function graphError(message: string): object {
  return {
    error: {
      code: 'AADB2C',
      message,
      innerError: { correlationId: '3f0c2d8e-1111-4a2b-9c3d-000000000000', date: '2026-12-01T00:00:00', 'request-id': '3f0c2d8e-2222-4a2b-9c3d-000000000000', 'client-request-id': '3f0c2d8e-2222-4a2b-9c3d-000000000000' },
    },
  };
}
