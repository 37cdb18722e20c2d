/**
 * `b2c-policy deploy --env NAME [--dry-run] [--all] [--only FILE]... [--token T] [--graph-endpoint URL]
 * [--authority-host URL] [--settings FILE] [--out DIR]`: uploads one built environment in chain order.
 * The only command that uses the network; `--dry-run` does not.
 */
import * as path from 'path';
import { UsageError } from './args';
import { lastValue, listValue, parseOptions } from './buildCommand';
import { APP_SETTINGS_FILE, findSettingsFile } from '../build/build';
import { findEnvironment, parseAppSettings } from '../../service/environments/appSettingsModel';
import { DeployPlan, DeployPlanError, PlanEntry, planDeploy, uploadPlan } from '../deploy/deploy';
import { Credential, CredentialError, acquireToken, chooseCredential, describeCredential } from '../deploy/credentials';
import { EndpointError, HttpFetch, Redactor, defaultFetch, resolveEndpoints } from '../deploy/http';
import { toPosix } from './project';
import { readSmallText } from '../files';

export interface DeployIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  /** For tests; the global fetch otherwise. */
  readonly fetch?: HttpFetch;
}

export async function runDeployCommand(argv: readonly string[], io: DeployIo): Promise<number> {
  const o = parseOptions(argv, ['--env', '--only', '--token', '--graph-endpoint', '--authority-host', '--settings', '--out'], ['--dry-run', '--all']);
  const envName = lastValue(o, '--env');
  if (!envName) throw new UsageError('deploy needs --env NAME: the environment of appsettings.json to upload.');
  if (o.positionals.length > 1) throw new UsageError('deploy takes at most one path: the folder that holds appsettings.json.');
  const settingsFile = findSettingsFile(io.cwd, lastValue(o, '--settings'), o.positionals[0]);
  if (!settingsFile) throw new UsageError(`No ${APP_SETTINGS_FILE} in the current folder or above the path; give one with --settings FILE.`);
  const root = path.dirname(settingsFile);
  const read = readSmallText(settingsFile);
  if (!('text' in read)) throw new UsageError(`${path.relative(io.cwd, settingsFile) || settingsFile} ${'problem' in read ? read.problem : 'does not exist'}.`);
  const model = parseAppSettings(read.text);
  const env = findEnvironment(model, envName);
  if (!env) throw new UsageError(`No environment named '${envName}' in ${APP_SETTINGS_FILE}; it defines ${model.environments.map((e) => e.name).join(', ') || 'none'}.`);
  const out = lastValue(o, '--out');
  const folder = path.join(out ? path.resolve(io.cwd, out) : path.join(root, model.environmentsFolder), env.name);
  const rel = (p: string) => toPosix(path.relative(io.cwd, p)) || '.';
  let plan: DeployPlan;
  try {
    plan = planDeploy(folder, { all: o.flags.has('--all'), only: listValue(o, '--only').map((f) => path.resolve(io.cwd, f)), root });
  } catch (e) {
    if (e instanceof DeployPlanError) { io.stderr.write(`b2c-policy: ${e.message}\n`); return 1; }
    throw e;
  }
  io.stdout.write(formatPlan(plan, env.name, env.tenant, env.production, rel));
  if (o.flags.has('--dry-run') || !plan.uploads.length) return 0;

  const redactor = new Redactor();
  let credential: Credential;
  let endpoints;
  try {
    endpoints = resolveEndpoints(lastValue(o, '--graph-endpoint') ?? io.env.B2C_GRAPH_ENDPOINT, lastValue(o, '--authority-host') ?? io.env.B2C_AUTHORITY_HOST);
    credential = chooseCredential(lastValue(o, '--token'), io.env, env.tenant, redactor);
  } catch (e) {
    if (e instanceof CredentialError || e instanceof EndpointError) throw new UsageError(e.message);
    throw e;
  }
  const fetchFn = io.fetch ?? defaultFetch;
  let token: string;
  try {
    io.stdout.write(`Signing in with ${describeCredential(credential)}.\n`);
    token = await acquireToken(credential, endpoints, fetchFn, redactor);
  } catch (e) {
    if (!(e instanceof CredentialError)) throw e;
    io.stderr.write(`b2c-policy: ${redactor.clean(e.message)}\n`);
    return 1;
  }
  const outcome = await uploadPlan(plan, {
    endpoints, token, fetch: fetchFn, redactor,
    onProgress: (entry, i, total, status) => {
      if (status) io.stdout.write(`[${i + 1}/${total}] ${entry.policyId}: ${status}\n`);
    },
  });
  if (!outcome.failure) {
    io.stdout.write(`Deployed ${outcome.done.length} ${outcome.done.length === 1 ? 'policy' : 'policies'} to ${env.name}.\n`);
    return 0;
  }
  const f = outcome.failure;
  const where = f.line ? `${rel(f.entry.file)}:${f.line}` : rel(f.entry.file);
  const source = f.entry.source ? ` (built from ${toPosix(path.relative(io.cwd, path.resolve(root, f.entry.source)))}${f.line ? `:${f.line}` : ''})` : '';
  io.stderr.write(redactor.clean(`b2c-policy: the upload of ${f.entry.policyId} failed: ${f.message}\n  ${where}${source}\n`));
  const left = plan.uploads.length - outcome.done.length - 1;
  io.stderr.write(`Stopped at the first failure: ${outcome.done.length} uploaded, ${left} not attempted.\n`);
  return 1;
}

export function formatPlan(plan: DeployPlan, name: string, tenant: string, production: boolean, rel: (p: string) => string): string {
  const lines = [`Deploy ${name} (${tenant || 'no Tenant'}${production ? ', Production' : ''}) from ${rel(plan.folder)}: ${plan.uploads.length} to upload, base first.`];
  const width = Math.max(0, ...plan.uploads.map((u) => u.policyId.length));
  plan.uploads.forEach((u, i) => lines.push(`  ${String(i + 1).padStart(2)}. ${u.policyId.padEnd(width)}  ${rel(u.file)}  ${reasonText(u)}`));
  if (plan.unchanged.length) lines.push(`  unchanged since the last deploy, not uploaded (--all uploads them): ${plan.unchanged.map((u) => u.policyId).join(', ')}`);
  if (plan.externalBases.length) lines.push(`  bases not in this build, expected in the tenant already: ${plan.externalBases.join(', ')}`);
  return lines.join('\n') + '\n';
}

function reasonText(u: PlanEntry): string {
  switch (u.reason) {
    case 'new': return 'new (never deployed from here)';
    case 'changed': return 'changed';
    case 'dependent': return `derives from ${u.because}`;
    case 'selected': return 'selected with --only';
    case 'all': return '--all';
  }
}
