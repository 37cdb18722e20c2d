/**
 * `b2c-policy build [--env NAME]... [--out DIR] [--settings FILE] [paths...]`: the text report of a build.
 * Arguments are parsed here (not in args.ts) because build and deploy share options the checker has no use for.
 */
import * as path from 'path';
import { UsageError } from './args';
import { loadConfig } from './config';
import { validationOptions } from '../settings';
import { BuildResult, BuildSetupError, buildPolicies, findSettingsFile, APP_SETTINGS_FILE } from '../build/build';
import { toPosix } from './project';

export interface ParsedOptions {
  readonly positionals: string[];
  readonly values: Map<string, string[]>;
  readonly flags: Set<string>;
}

/** A small parser shared by build and deploy: `--name value`, `--name=value`, repeatable values, flags. */
export function parseOptions(argv: readonly string[], valued: readonly string[], flags: readonly string[]): ParsedOptions {
  const out: ParsedOptions = { positionals: [], values: new Map(), flags: new Set() };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (onlyPositionals || !token.startsWith('-') || token === '-') { out.positionals.push(token); continue; }
    if (token === '--') { onlyPositionals = true; continue; }
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    if (flags.includes(name)) {
      if (eq > 0) throw new UsageError(`Option '${name}' takes no value.`);
      out.flags.add(name);
      continue;
    }
    if (!valued.includes(name)) throw new UsageError(`Unknown option '${name}'. Run 'b2c-policy --help' for the list of options.`);
    const value = eq > 0 ? token.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('-'))) throw new UsageError(`Option '${name}' needs a value.`);
    out.values.set(name, [...(out.values.get(name) ?? []), value]);
  }
  return out;
}

/** Repeated and comma-separated values of an option, e.g. `--env Test,Prod --env Dev`. */
export function listValue(o: ParsedOptions, name: string): string[] {
  return (o.values.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function lastValue(o: ParsedOptions, name: string): string | undefined {
  const v = o.values.get(name);
  return v?.[v.length - 1];
}

export interface BuildIo {
  readonly cwd: string;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

export function runBuildCommand(argv: readonly string[], io: BuildIo): number {
  const o = parseOptions(argv, ['--env', '--out', '--settings', '--config', '-c'], ['--verbose']);
  const settingsFile = findSettingsFile(io.cwd, lastValue(o, '--settings'), o.positionals[0]);
  if (!settingsFile) throw new UsageError(`No ${APP_SETTINGS_FILE} in the current folder or above the first path; give one with --settings FILE.`);
  const config = loadConfig(lastValue(o, '--config') ?? lastValue(o, '-c'), io.cwd, path.dirname(settingsFile));
  let result: BuildResult;
  try {
    const out = lastValue(o, '--out');
    result = buildPolicies({
      settingsFile,
      environments: listValue(o, '--env'),
      outDir: out ? path.resolve(io.cwd, out) : undefined,
      only: o.positionals.map((p) => path.resolve(io.cwd, p)),
      validation: validationOptions(config.settings),
      verbose: o.flags.has('--verbose'),
    });
  } catch (e) {
    if (e instanceof BuildSetupError) throw new UsageError(e.message);
    throw e;
  }
  io.stdout.write(formatBuild(result, io.cwd));
  return result.errors > 0 ? 1 : 0;
}

export function formatBuild(r: BuildResult, cwd: string): string {
  const rel = (p: string) => toPosix(path.relative(cwd, p)) || '.';
  const lines: string[] = [];
  for (const f of r.findings) {
    lines.push(`${rel(f.file)}:${f.line}:${f.column} ${f.severity} ${f.code}${f.environment ? ` [${f.environment}]` : ''} ${f.message}`);
  }
  if (r.findings.length) lines.push('');
  for (const b of r.environments) {
    const prod = b.env.production ? ', Production' : '';
    lines.push(`${b.env.name} (${b.env.tenant || 'no Tenant'}${prod}): ${b.files.length} ${b.files.length === 1 ? 'policy' : 'policies'} ${r.written ? '→' : 'not written to'} ${rel(b.folder)}`);
    if (b.keys.length) {
      lines.push('  policy keys to create in the tenant before the upload:');
      for (const k of b.keys) lines.push(`    ${k.id}  (${k.files.join(', ')})`);
    }
  }
  lines.push('');
  const counts = `${r.errors} ${r.errors === 1 ? 'error' : 'errors'}, ${r.warnings} ${r.warnings === 1 ? 'warning' : 'warnings'}`;
  if (!r.written) lines.push(`Build failed (${counts}): nothing was written, because a placeholder has no value or two files share an output name.`);
  else if (r.errors) lines.push(`Built with ${counts}: fix the errors before deploying.`);
  else lines.push(`Built ${r.environments.length} ${r.environments.length === 1 ? 'environment' : 'environments'} (${counts}).`);
  return lines.join('\n') + '\n';
}
