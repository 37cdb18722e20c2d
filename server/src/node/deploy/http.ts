/**
 * The deploy's HTTP plumbing: endpoints (settable for national clouds and tests), reading answers, and the
 * Redactor that keeps tokens and secrets out of every message. This folder holds the project's only network code,
 * and it runs only from an explicit deploy command.
 */

export type HttpFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Node's own fetch: the one place the project opens a connection (test/unit/network.test.ts keeps it that way). */
export const defaultFetch: HttpFetch = (url, init) => fetch(url, init);

export interface Endpoints {
  /** Microsoft Graph root, without a trailing slash, e.g. https://graph.microsoft.com. */
  readonly graph: string;
  /** Login host, without a trailing slash, e.g. https://login.microsoftonline.com. */
  readonly authority: string;
}

export const DEFAULT_GRAPH = 'https://graph.microsoft.com';
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';

export class EndpointError extends Error {}

/** Endpoints from options, else environment variables, else the public cloud. Plain http only on loopback (tests). */
export function resolveEndpoints(graph: string | undefined, authority: string | undefined): Endpoints {
  return { graph: checkEndpoint(graph || DEFAULT_GRAPH, '--graph-endpoint'), authority: checkEndpoint(authority || DEFAULT_AUTHORITY, '--authority-host') };
}

function checkEndpoint(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EndpointError(`${option} must be a URL such as https://graph.microsoft.us; got '${value}'.`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new EndpointError(`${option} must use https (plain http is accepted only on 127.0.0.1 or localhost); got '${value}'.`);
  }
  if (url.search || url.hash || url.username || url.password) throw new EndpointError(`${option} must be a plain URL, without query, fragment or user name.`);
  return url.toString().replace(/\/+$/, '');
}

export interface Body {
  readonly text: string;
  readonly json?: unknown;
}

export async function readBody(res: Response): Promise<Body> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    text = '';
  }
  try {
    return { text, json: text ? JSON.parse(text) : undefined };
  } catch {
    return { text };
  }
}

/** Replaces every registered secret (and its URL-encoded form) by `***` in any text that may be printed. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short values would blank out ordinary words; real tokens and secrets are long.
    if (secret && secret.length >= 6) {
      this.secrets.add(secret);
      this.secrets.add(encodeURIComponent(secret));
    }
  }

  /** Registers the secret and returns the value, for use in expressions. */
  secret<T>(value: T, secret: string): T {
    this.add(secret);
    return value;
  }

  clean(text: string): string {
    let out = text;
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
    return out;
  }
}
