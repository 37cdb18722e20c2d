/**
 * `b2c-policy url` (the authorize URL that runs a relying party, with PKCE and the token request) and
 * `b2c-policy token` (offline inspection of a token). Neither makes a request: they print text.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validationOptions } from '../settings';
import { pathToUri, readSmallText } from '../files';
import { EnvironmentModel, findEnvironment, parseAppSettings } from '../../service/environments/appSettingsModel';
import { JwtError } from '../../service/run/jwt';
import { RUN_PROFILE_FILE, RunProfile, findProfile, parseRunProfiles } from '../../service/run/runProfile';
import { buildRun, chainErrors, formatInspection, inspect, relyingPartyOf } from '../run/runPolicy';
import { UsageError, CliArgs } from './args';
import { LoadedConfig } from './config';
import { displayPath } from './check';
import { loadProject } from './project';
import { RunArgs } from './runArgs';

interface Io {
  readonly cwd: string;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

export const EXIT_REJECTED = 2;

export function runUrl(args: CliArgs, io: Io, config: LoadedConfig): number {
  const run = args.run ?? {};
  const [file, ...rest] = args.positionals;
  const project = loadProject([file, ...(rest.length ? rest : [path.dirname(file)])], config, io.cwd);
  const uri = pathToUri(path.resolve(io.cwd, file));
  const rp = project.workspace.index.get(uri)?.isPolicy ? relyingPartyOf(project.workspace, uri) : undefined;
  if (!rp) throw new UsageError(`${file} is not a relying-party policy (no RelyingParty element).`);
  const profile = profileFrom(run, io.cwd, file);
  const environment = run.env ? environmentFrom(run.env, io.cwd, file) : undefined;
  const result = buildRun(rp, profile, { environment, tenant: run.tenant, codeVerifier: run.codeVerifier });
  for (const p of result.problems) {
    const prefix = p.severity === 'error' ? '' : 'warning: ';
    io.stderr.write(`b2c-policy: ${prefix}${p.code}${p.serviceCode ? ` ${p.serviceCode}` : ''}: ${p.message}\n`);
  }
  if (!result.ok) {
    io.stderr.write(`b2c-policy: ${result.error}\n`);
    return EXIT_REJECTED;
  }
  for (const w of result.warnings) io.stderr.write(`b2c-policy: warning: ${w}\n`);
  for (const e of chainErrors(project.workspace, uri, validationOptions(config.settings))) {
    io.stderr.write(`b2c-policy: warning: ${displayPath(e.uri, io.cwd)} has ${e.errors} error${e.errors === 1 ? '' : 's'} from the checker; the upload would fail (run b2c-policy check).\n`);
  }
  io.stdout.write(result.url + '\n');
  if (result.pkce) io.stdout.write(`\ncode_verifier: ${result.pkce.verifier}\ncode_challenge: ${result.pkce.challenge} (S256)\n`);
  if (run.tokenRequest) {
    if (!result.tokenRequest) io.stderr.write('b2c-policy: warning: --token-request: this response_type returns no code, so there is no token request.\n');
    else io.stdout.write(`\n# Token request (curl); fill in the code from the redirect${result.pkce ? '' : ' and your client secret'}:\n${result.tokenRequest.curl}\n# Token request (.http file):\n${result.tokenRequest.http}`);
  }
  return 0;
}

/** The named profile from the run-profile file, with command-line values on top; or a profile from options alone. */
function profileFrom(run: RunArgs, cwd: string, file: string): RunProfile {
  let base: RunProfile | undefined;
  if (run.profile !== undefined) {
    const source = run.profiles ? path.resolve(cwd, run.profiles) : findUp([cwd, path.dirname(path.resolve(cwd, file))], RUN_PROFILE_FILE);
    if (!source || !fs.existsSync(source)) throw new UsageError(`--profile needs a run-profile file: ${run.profiles ?? RUN_PROFILE_FILE} not found.`);
    const parsed = parseRunProfiles(readOrFail(source, cwd));
    base = findProfile(parsed.profiles.map((p) => p.profile), run.profile);
    if (!base) {
      const names = parsed.profiles.map((p) => p.profile.name);
      throw new UsageError(`No run profile named '${run.profile}' in ${path.relative(cwd, source)}${names.length ? ` (profiles: ${names.join(', ')})` : ''}.`);
    }
  }
  const clientId = run.clientId ?? base?.clientId;
  if (clientId === undefined) throw new UsageError('The url command needs --client-id or --profile.');
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...base, name: base?.name ?? 'command line', clientId,
    ...defined({ scopes: run.scopes, responseType: run.responseType, responseMode: run.responseMode, redirectUri: run.redirectUri, prompt: run.prompt,
      pkce: run.pkce, spa: run.spa, customDomain: run.customDomain, nonce: run.nonce, state: run.state }),
  };
}

function environmentFrom(name: string, cwd: string, file: string): EnvironmentModel {
  const source = findUp([cwd, path.dirname(path.resolve(cwd, file))], 'appsettings.json');
  if (!source) throw new UsageError(`--env ${name}: no appsettings.json in the current folder or beside ${file}.`);
  const model = parseAppSettings(readOrFail(source, cwd));
  const env = findEnvironment(model, name);
  if (!env) throw new UsageError(`--env ${name}: ${path.relative(cwd, source)} has no such environment (has: ${model.environments.map((e) => e.name).join(', ') || 'none'}).`);
  return env;
}

/** A small file the command needs, read without blocking (a FIFO or a link to /dev/zero is refused). */
function readOrFail(file: string, cwd: string): string {
  const r = readSmallText(file);
  if ('text' in r) return r.text;
  throw new UsageError(`${path.relative(cwd, file) || file} ${'problem' in r ? r.problem : 'does not exist'}.`);
}

function findUp(folders: readonly string[], relative: string): string | undefined {
  return folders.map((f) => path.join(f, relative)).find((p) => fs.existsSync(p));
}

export function runToken(args: CliArgs, io: Io, config: LoadedConfig): number {
  const run = args.run ?? {};
  const [given, ...rest] = args.positionals;
  const input = isFile(path.resolve(io.cwd, given)) ? readOrFail(path.resolve(io.cwd, given), io.cwd) : given;
  const now = run.now !== undefined ? parseNow(run.now) : new Date();
  const policy = run.policy;
  const project = policy !== undefined ? loadProject([policy, ...(rest.length ? rest : [path.dirname(policy)])], config, io.cwd) : undefined;
  const rp = project && policy !== undefined ? relyingPartyOf(project.workspace, pathToUri(path.resolve(io.cwd, policy))) : undefined;
  if (policy !== undefined && !rp) throw new UsageError(`${policy} is not a relying-party policy (no RelyingParty element).`);
  try {
    const report = inspect(input, now, project?.workspace, rp);
    io.stdout.write(formatInspection(report, project?.workspace, (u) => displayPath(u, io.cwd)).text);
    return report.validity === 'expired' || report.validity === 'not-yet-valid' ? 1 : 0;
  } catch (e) {
    if (!(e instanceof JwtError)) throw e;
    io.stderr.write(`b2c-policy: cannot read the token: ${e.message}\n`);
    return EXIT_REJECTED;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function parseNow(value: string): Date {
  const d = new Date(value);
  if (isNaN(d.getTime())) throw new UsageError(`--now needs a date such as 2026-01-15T10:00:00Z; got '${value}'.`);
  return d;
}
