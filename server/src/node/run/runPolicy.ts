/**
 * Running a relying party and reading its token, over a Workspace: shared by `b2c-policy url|token` and the
 * server's requests for the editor. Nothing here makes a request: it builds text for the user to open or run.
 */
import * as path from 'path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ValidationOptions } from '../../service/languageService';
import { EnvironmentModel } from '../../service/environments/appSettingsModel';
import { RequestProblem, buildAuthorizeUrl, checkAuthorizeRequest } from '../../service/run/authorizeRequest';
import { resolveEndpoint } from '../../service/run/endpoint';
import { decodeJwt } from '../../service/run/jwt';
import { RelyingPartyInfo, TextOf, findRelyingParty, tokenClaimSources } from '../../service/run/relyingParty';
import { RunProfile, requestOf } from '../../service/run/runProfile';
import { TokenRequestText, buildTokenRequest } from '../../service/run/tokenRequest';
import { FormattedReport, TokenReport, formatTokenReport, inspectToken } from '../../service/run/tokenReport';
import { uriToPath } from '../files';
import { Workspace } from '../workspace';
import { fileDiagnostics } from '../fileDiagnostics';
import { Pkce, newPkce } from './pkce';

export function relyingPartyOf(workspace: Workspace, uri: string): RelyingPartyInfo | undefined {
  const parsed = workspace.parsed(uri);
  return parsed && findRelyingParty(uri, parsed.xml);
}

export function textOf(workspace: Workspace): TextOf {
  return (uri) => workspace.parsed(uri)?.text;
}

export interface RunOptions {
  readonly environment?: EnvironmentModel;
  readonly tenant?: string;
  /** A given PKCE verifier (for reproducible output); otherwise a fresh one when the profile asks for PKCE. */
  readonly codeVerifier?: string;
}

export type RunResult =
  | { readonly ok: true; readonly url: string; readonly warnings: readonly string[]; readonly problems: readonly RequestProblem[];
      readonly pkce?: Pkce; readonly tokenRequest?: TokenRequestText }
  | { readonly ok: false; readonly error: string; readonly problems: readonly RequestProblem[] };

/** The authorize URL of a profile on a relying party, or the rules it breaks (errors stop it; warnings do not). */
export function buildRun(rp: RelyingPartyInfo, profile: RunProfile, o: RunOptions): RunResult {
  const target = resolveEndpoint(rp, { environment: o.environment, fileName: fileName(rp.uri), customDomain: profile.customDomain, tenant: o.tenant });
  const problems = checkAuthorizeRequest(requestOf(profile));
  if ('error' in target) return { ok: false, error: target.error, problems };
  if (problems.some((p) => p.severity === 'error')) return { ok: false, error: 'The service would refuse this request.', problems };
  const pkce = profile.pkce || o.codeVerifier ? newPkce(o.codeVerifier) : undefined;
  const request = requestOf(profile, pkce?.challenge);
  const wantsCode = request.responseType.split(/\s+/).includes('code');
  return {
    ok: true, url: buildAuthorizeUrl(target.endpoint, request), warnings: target.warnings, problems, pkce,
    tokenRequest: wantsCode ? buildTokenRequest(target.endpoint, request, pkce?.verifier) : undefined,
  };
}

/** Errors the checker finds in the relying party's chain: a policy with any would be refused on upload. */
export function chainErrors(workspace: Workspace, uri: string, options: ValidationOptions): Array<{ uri: string; errors: number }> {
  const out: Array<{ uri: string; errors: number }> = [];
  for (const u of workspace.index.chain(uri).uris) {
    const errors = fileDiagnostics(workspace, u, options).filter((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error).length;
    if (errors) out.push({ uri: u, errors });
  }
  return out;
}

/** Decodes and inspects a token, mapped to a relying party when one is given. Throws JwtError on a bad token. */
export function inspect(input: string, now: Date, workspace?: Workspace, rp?: RelyingPartyInfo): TokenReport {
  const jwt = decodeJwt(input);
  const sources = workspace && rp ? tokenClaimSources(workspace.index, rp, textOf(workspace)).claims : [];
  return inspectToken(jwt, now, rp, sources);
}

/** The report as text, locations written as `path:line` by `label`. */
export function formatInspection(report: TokenReport, workspace: Workspace | undefined, label: (uri: string) => string): FormattedReport {
  return formatTokenReport(report, (uri, offset) => {
    const line = workspace?.index.get(uri)?.lines.positionAt(offset).line;
    return line === undefined ? label(uri) : `${label(uri)}:${line + 1}`;
  });
}

function fileName(uri: string): string {
  const p = uriToPath(uri);
  return p ? path.basename(p) : uri.slice(uri.lastIndexOf('/') + 1);
}
