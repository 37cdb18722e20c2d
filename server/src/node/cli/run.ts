/**
 * The command-line entry: parses arguments, runs one command, returns the exit code
 * (0 clean, 1 problems found, 2 bad usage, 3 the check itself failed). All output goes through `io` so the process stays thin.
 */
import * as path from 'path';
import { validationOptions } from '../settings';
import { pathToUri } from '../files';
import { CliArgs, HELP, UsageError, parseArgs } from './args';
import { LoadedConfig, loadConfig } from './config';
import { loadProject } from './project';
import { Progress, ProgressStream } from './progress';
import { runCheck } from './check';
import { formatFinding, formatText, plural } from './textReport';
import { formatJson } from './jsonReport';
import { formatSarif } from './sarifReport';
import { formatAzure, formatGithub } from './pipelineReport';
import { formatFlow } from './flow';
import { formatChain } from './chain';
import { findOccurrences, formatOccurrences } from './refs';
import { styleFor } from './style';
import { packageRepository, packageVersion } from './version';
import { repositoryDocsUrl } from '../codeDocs';
import { runBuildCommand } from './buildCommand';
import { runDeployCommand } from './deployCommand';
import { runToken, runUrl } from './runCommands';
import { JourneyFormat, formatJourney } from './journey';
import { claimFlow } from '../../service/journey/claimFlow';

export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;
/** A validator or the checker itself threw: the result is incomplete, so it must never pass as clean. */
export const EXIT_INTERNAL = 3;

export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    if (argv[0] === 'build') return runBuildCommand(argv.slice(1), io);
    return dispatch(parseArgs(argv), io);
  } catch (e) {
    if (!(e instanceof UsageError)) {
      io.stderr.write(`b2c-policy: internal error, the check did not finish: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_INTERNAL;
    }
    io.stderr.write(`b2c-policy: ${e.message}\n`);
    if (argv.length === 0) io.stderr.write('\n' + HELP);
    return EXIT_USAGE;
  }
}

/** runCli, plus deploy (the only command that waits on the network, so the only asynchronous one). */
export async function runCliAsync(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] !== 'deploy') return runCli(argv, io);
  try {
    return await runDeployCommand(argv.slice(1), io);
  } catch (e) {
    if (!(e instanceof UsageError)) {
      // The upload stopped somewhere unknown: never exit 0 or 1 (a deploy that "found problems"), so that a
      // pipeline tells a crash from a rejected policy.
      io.stderr.write(`b2c-policy: internal error, the deploy did not finish: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_INTERNAL;
    }
    io.stderr.write(`b2c-policy: ${e.message}\n`);
    return EXIT_USAGE;
  }
}

function dispatch(args: CliArgs, io: CliIo): number {
  switch (args.command) {
    case 'help': io.stdout.write(HELP); return EXIT_OK;
    case 'version': io.stdout.write(packageVersion() + '\n'); return EXIT_OK;
    case 'chain': return runChain(args, io);
    case 'refs': return runRefs(args, io);
    case 'journey': return runJourney(args, io);
    case 'flow': return runFlow(args, io);
    case 'url': return runUrl(args, io, configFor(args, io, args.positionals[0]));
    case 'token': return runToken(args, io, configFor(args, io, args.run?.policy));
    default: return runCheckCommand(args, io);
  }
}

function configFor(args: CliArgs, io: CliIo, firstPath: string | undefined): LoadedConfig {
  const config = loadConfig(args.config, io.cwd, firstPath);
  if (config.unknownKeys.length) {
    io.stderr.write(`b2c-policy: ignoring unknown settings in ${path.relative(io.cwd, config.source!) || config.source}: ${config.unknownKeys.slice(0, 10).join(', ')}${config.unknownKeys.length > 10 ? `, and ${config.unknownKeys.length - 10} more` : ''}\n`);
  }
  for (const problem of config.problems) {
    io.stderr.write(`b2c-policy: ignoring a bad value in ${path.relative(io.cwd, config.source!) || config.source}: ${problem}\n`);
  }
  return config;
}

function runCheckCommand(args: CliArgs, io: CliIo): number {
  const paths = args.positionals.length ? args.positionals : ['.'];
  const config = configFor(args, io, paths[0]);
  const progress = new Progress(io.stderr);
  const project = loadProject(paths, config, io.cwd, progress, args.bases);
  if (project.uris.length === 0 && project.workspace.readProblems.size === 0) {
    progress.end();
    // A mistyped or empty path must not pass a pipeline as "0 files, 0 errors".
    throw new UsageError(`No policy file (XML with a TrustFrameworkPolicy root) under ${paths.join(', ')}.`);
  }
  const result = runCheck(project, validationOptions(config.settings), io.cwd, progress);
  progress.end();
  io.stdout.write(render(args, result, io));
  for (const e of result.internalErrors) io.stderr.write(`b2c-policy: internal error in the ${e}\n`);
  if (result.internalErrors.length) {
    io.stderr.write(`b2c-policy: the check is incomplete (exit code ${EXIT_INTERNAL}).\n`);
    return EXIT_INTERNAL;
  }
  const { errors, warnings } = result.summary;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    io.stderr.write(`b2c-policy: ${plural(warnings, 'warning')}, more than --max-warnings ${args.maxWarnings} allows.\n`);
    return EXIT_PROBLEMS;
  }
  return errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

function render(args: CliArgs, checked: ReturnType<typeof runCheck>, io: CliIo): string {
  // --quiet shows errors only; the summary (where a format has one) still counts everything.
  const result = args.quiet ? { ...checked, findings: checked.findings.filter((f) => f.severity === 'error') } : checked;
  switch (args.format) {
    case 'json': return formatJson(result, args.verbose);
    case 'sarif': return formatSarif(result, args.verbose, packageVersion(), docsUrl());
    case 'github': return formatGithub(result, args.verbose, !args.quiet);
    case 'azure': return formatAzure(result, args.verbose, !args.quiet);
    default: return args.quiet ? formatErrors(result, io) : formatText(result, args.verbose, styleFor(io.stdout.isTTY, io.env));
  }
}

function formatErrors(result: ReturnType<typeof runCheck>, io: CliIo): string {
  const style = styleFor(io.stdout.isTTY, io.env);
  return result.findings.map((f) => formatFinding(f, style) + '\n').join('');
}

function runChain(args: CliArgs, io: CliIo): number {
  const [file, ...rest] = args.positionals;
  const roots = rest.length ? rest : ['.'];
  const config = configFor(args, io, file);
  const project = loadProject([file, ...roots], config, io.cwd, undefined, args.bases);
  const uri = pathToUri(path.resolve(io.cwd, file));
  if (!project.workspace.index.get(uri)?.isPolicy) throw new UsageError(`${file} is not a policy file (no TrustFrameworkPolicy root element).`);
  const report = formatChain(project.workspace.index, uri, io.cwd);
  io.stdout.write(report.text);
  return report.status === 'complete' || report.status === 'root' ? EXIT_OK : EXIT_PROBLEMS;
}

function runJourney(args: CliArgs, io: CliIo): number {
  const [file, ...rest] = args.positionals;
  const config = configFor(args, io, file);
  const project = loadProject([file, ...(rest.length ? rest : ['.'])], config, io.cwd, undefined, args.bases);
  const format: JourneyFormat = args.format === 'text' ? 'mermaid' : (args.format as JourneyFormat);
  const cacheKey = validationOptions(config.settings).defaultDeploymentMode ?? '';
  const out = formatJourney(project.workspace.index, pathToUri(path.resolve(io.cwd, file)), file, format, io.cwd, (index, leaf) => claimFlow(index, leaf, { cacheKey })?.model);
  io.stdout.write(out.stdout);
  if (out.problem) io.stderr.write(`b2c-policy: ${out.problem}\n`);
  return out.problem ? EXIT_PROBLEMS : EXIT_OK;
}

function runFlow(args: CliArgs, io: CliIo): number {
  const [claim, file, ...rest] = args.positionals;
  const roots = rest.length ? rest : ['.'];
  const project = loadProject([file, ...roots], configFor(args, io, file), io.cwd, undefined, args.bases);
  const uri = pathToUri(path.resolve(io.cwd, file));
  if (!project.workspace.index.get(uri)?.isPolicy) throw new UsageError(`${file} is not a policy file (no TrustFrameworkPolicy root element).`);
  const report = formatFlow(project.workspace.index, uri, claim, io.cwd);
  io.stdout.write(report.text);
  return report.ok ? EXIT_OK : EXIT_PROBLEMS;
}

function runRefs(args: CliArgs, io: CliIo): number {
  const [id, ...rest] = args.positionals;
  const roots = rest.length ? rest : ['.'];
  const config = configFor(args, io, roots[0]);
  const project = loadProject(roots, config, io.cwd, undefined, args.bases);
  const found = findOccurrences(project.workspace.index, id, io.cwd);
  io.stdout.write(formatOccurrences(id, found, project.uris.length));
  return found.length ? EXIT_OK : EXIT_PROBLEMS;
}

function docsUrl(): string | undefined {
  const repository = packageRepository();
  return repository ? repositoryDocsUrl(repository) : undefined;
}
