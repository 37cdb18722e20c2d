/**
 * Options of the url and token commands. Each one fills a field of `RunArgs`; args.ts adds them to its option
 * table and refuses them on other commands.
 */

export interface RunArgs {
  env?: string;
  profile?: string;
  profiles?: string;
  clientId?: string;
  scopes?: string[];
  responseType?: string;
  responseMode?: string;
  redirectUri?: string;
  prompt?: string;
  pkce?: boolean;
  spa?: boolean;
  codeVerifier?: string;
  customDomain?: string;
  tenant?: string;
  nonce?: string;
  state?: string;
  tokenRequest?: boolean;
  policy?: string;
  now?: string;
}

type Setter = (run: RunArgs, value: string) => void;

/** option → [takes a value, setter, commands it applies to]. */
export const RUN_OPTIONS: Record<string, readonly [boolean, Setter, readonly string[]]> = {
  '--env': [true, (r, v) => { r.env = v; }, ['url']],
  '--profile': [true, (r, v) => { r.profile = v; }, ['url']],
  '--profiles': [true, (r, v) => { r.profiles = v; }, ['url']],
  '--client-id': [true, (r, v) => { r.clientId = v; }, ['url']],
  // Repeatable, and each value may itself hold several scopes separated by spaces.
  '--scope': [true, (r, v) => { r.scopes = [...(r.scopes ?? []), ...v.split(/\s+/).filter(Boolean)]; }, ['url']],
  '--response-type': [true, (r, v) => { r.responseType = v; }, ['url']],
  '--response-mode': [true, (r, v) => { r.responseMode = v; }, ['url']],
  '--redirect-uri': [true, (r, v) => { r.redirectUri = v; }, ['url']],
  '--prompt': [true, (r, v) => { r.prompt = v; }, ['url']],
  '--pkce': [false, (r) => { r.pkce = true; }, ['url']],
  '--spa': [false, (r) => { r.spa = true; }, ['url']],
  '--code-verifier': [true, (r, v) => { r.codeVerifier = v; r.pkce = true; }, ['url']],
  '--custom-domain': [true, (r, v) => { r.customDomain = v; }, ['url']],
  '--tenant': [true, (r, v) => { r.tenant = v; }, ['url']],
  '--nonce': [true, (r, v) => { r.nonce = v; }, ['url']],
  '--state': [true, (r, v) => { r.state = v; }, ['url']],
  '--token-request': [false, (r) => { r.tokenRequest = true; }, ['url']],
  '--policy': [true, (r, v) => { r.policy = v; }, ['token']],
  '--now': [true, (r, v) => { r.now = v; }, ['token']],
};

export const RUN_HELP = `  url <relying-party file> [paths...]
                          Print the authorize URL that runs the policy (nothing is requested).
                          --profile NAME (from .vscode/b2c-run.json, or --profiles FILE) or
                          --client-id ID [--scope S]... [--response-type T] [--redirect-uri U]
                          [--response-mode M] [--prompt P] [--pkce] [--spa] [--custom-domain HOST]
                          [--tenant T] [--nonce N] [--state S] [--env NAME] [--token-request]
                          [--code-verifier V] (a given PKCE verifier, for reproducible output)
  token <jwt or file> [--policy <relying-party file>] [paths...]
                          Decode a token offline (no signature check) and, with --policy, map each
                          claim to the relying party's OutputClaim. --now ISO-DATE fixes "now".
`;
