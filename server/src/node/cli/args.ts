import { RUN_HELP, RUN_OPTIONS, RunArgs } from './runArgs';

/**
 * Command-line arguments: the command, its positional arguments and options. A small hand-written parser
 * so that every message about bad usage is ours and names the option the user typed.
 */

export type Command = 'check' | 'chain' | 'refs' | 'journey' | 'flow' | 'url' | 'token' | 'help' | 'version';
export type Format = 'text' | 'json' | 'sarif' | 'github' | 'azure' | 'mermaid' | 'dot';

export interface CliArgs {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly format: Format;
  readonly maxWarnings?: number;
  readonly config?: string;
  readonly verbose: boolean;
  /** --base DIR (repeatable): folders indexed for resolution only, never reported on. */
  readonly bases?: readonly string[];
  /** Errors only, and no summary line. */
  readonly quiet: boolean;
  /** Options of the url and token commands. */
  readonly run?: RunArgs;
}

/** Bad usage: reported on stderr with exit code 2. */
export class UsageError extends Error {}

interface OptionSpec {
  readonly takesValue: boolean;
  readonly apply: (args: MutableArgs, value: string, name: string) => void;
}

type MutableArgs = { -readonly [K in keyof CliArgs]: CliArgs[K] };

const CHECK_FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github', 'azure'];
/** The journey command's; its default (text) is mermaid. */
export const JOURNEY_FORMATS: readonly Format[] = ['mermaid', 'dot', 'json'];
const FORMATS: readonly Format[] = [...CHECK_FORMATS, 'mermaid', 'dot'];

const OPTIONS: Record<string, OptionSpec> = {
  '--format': { takesValue: true, apply: (a, v, n) => { a.format = parseFormat(v, n); } },
  '-f': { takesValue: true, apply: (a, v, n) => { a.format = parseFormat(v, n); } },
  '--max-warnings': { takesValue: true, apply: (a, v, n) => { a.maxWarnings = parseCount(v, n); } },
  '--config': { takesValue: true, apply: (a, v) => { a.config = v; } },
  '-c': { takesValue: true, apply: (a, v) => { a.config = v; } },
  '--base': { takesValue: true, apply: (a, v) => { a.bases = [...(a.bases ?? []), v]; } },
  '--verbose': { takesValue: false, apply: (a) => { a.verbose = true; } },
  '--show-info': { takesValue: false, apply: (a) => { a.verbose = true; } },
  '--quiet': { takesValue: false, apply: (a) => { a.quiet = true; } },
  '-q': { takesValue: false, apply: (a) => { a.quiet = true; } },
  '--help': { takesValue: false, apply: (a) => { a.command = 'help'; } },
  '-h': { takesValue: false, apply: (a) => { a.command = 'help'; } },
  '--version': { takesValue: false, apply: (a) => { a.command = 'version'; } },
  '-v': { takesValue: false, apply: (a) => { a.command = 'version'; } },
  ...Object.fromEntries(Object.entries(RUN_OPTIONS).map(([name, [takesValue, set]]) => [name, { takesValue, apply: (a: MutableArgs, v: string) => set((a.run ??= {}), v) }])),
};

const COMMANDS = new Set(['check', 'chain', 'refs', 'journey', 'flow', 'url', 'token', 'help', 'version']);

/** Parses argv (without `node` and the script). Throws UsageError on anything it does not understand. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args: MutableArgs = { command: 'check', positionals: [], format: 'text', verbose: false, quiet: false };
  const runOptions: string[] = [];
  const positionals: string[] = [];
  let commandSeen = false;
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (onlyPositionals || !token.startsWith('-') || token === '-') {
      if (!commandSeen) {
        args.command = parseCommand(token);
        commandSeen = true;
      } else positionals.push(token);
      continue;
    }
    if (token === '--') { onlyPositionals = true; continue; }
    if (RUN_OPTIONS[token.split('=')[0]]) runOptions.push(token.split('=')[0]);
    i += applyOption(args, token, argv[i + 1]);
  }
  if (!commandSeen && args.command === 'check') throw new UsageError('Missing command: expected check, chain, refs, journey, flow, build, deploy, url or token.');
  args.positionals = positionals;
  checkArity(args);
  for (const name of runOptions) {
    if (!RUN_OPTIONS[name][2].includes(args.command)) throw new UsageError(`Option '${name}' applies to the ${RUN_OPTIONS[name][2].join(' and ')} command only.`);
  }
  return args;
}

/** Applies one option; returns how many extra tokens it consumed. */
function applyOption(args: MutableArgs, token: string, next: string | undefined): number {
  const eq = token.indexOf('=');
  const name = eq > 0 ? token.slice(0, eq) : token;
  const spec = OPTIONS[name];
  if (!spec) throw new UsageError(`Unknown option '${name}'. Run 'b2c-policy --help' for the list of options.`);
  if (!spec.takesValue) {
    if (eq > 0) throw new UsageError(`Option '${name}' takes no value.`);
    spec.apply(args, '', name);
    return 0;
  }
  const value = eq > 0 ? token.slice(eq + 1) : next;
  if (value === undefined || (eq < 0 && value.startsWith('-') && value !== '-')) throw new UsageError(`Option '${name}' needs a value.`);
  spec.apply(args, value, name);
  return eq > 0 ? 0 : 1;
}

function parseCommand(token: string): Command {
  if (!COMMANDS.has(token)) throw new UsageError(`Unknown command '${token}': expected check, chain, refs, journey, flow, build, deploy, url or token.`);
  return token as Command;
}

function parseFormat(value: string, name: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`Option '${name}' must be one of ${FORMATS.join(', ')}; got '${value}'.`);
  return value as Format;
}

function parseCount(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`Option '${name}' needs a whole number of 0 or more; got '${value}'.`);
  return Number(value);
}

function checkArity(args: CliArgs): void {
  if (args.command === 'chain' && args.positionals.length < 1) throw new UsageError("The chain command needs a policy file: b2c-policy chain <file> [paths...]");
  if (args.command === 'refs' && args.positionals.length < 1) throw new UsageError('The refs command needs an Id: b2c-policy refs <Id> [paths...]');
  if (args.command === 'flow' && args.positionals.length < 2) throw new UsageError('The flow command needs a claim and a relying-party file: b2c-policy flow <claim> <file> [paths...]');
  if (args.command === 'url' && args.positionals.length < 1) throw new UsageError('The url command needs a relying-party file: b2c-policy url <file> [paths...]');
  if (args.command === 'token' && args.positionals.length < 1) throw new UsageError('The token command needs a token or a file holding one: b2c-policy token <jwt or file>');
  if (args.command === 'journey' && args.positionals.length < 1) throw new UsageError('The journey command needs a relying-party file: b2c-policy journey <file> [--format mermaid|dot|json] [paths...]');
  if (args.command === 'journey' && args.format !== 'text' && !JOURNEY_FORMATS.includes(args.format)) throw new UsageError(`Option '--format' of the journey command must be one of ${JOURNEY_FORMATS.join(', ')}; got '${args.format}'.`);
  if (args.command === 'check' && !CHECK_FORMATS.includes(args.format)) throw new UsageError(`Option '--format' of the check command must be one of ${CHECK_FORMATS.join(', ')}; got '${args.format}'.`);
  if (args.command !== 'check' && args.command !== 'journey' && args.format !== 'text') throw new UsageError(`Option '--format' applies to the check and journey commands only.`);
  if (args.command !== 'check' && args.maxWarnings !== undefined) throw new UsageError(`Option '--max-warnings' applies to the check command only.`);
  if (args.quiet && args.verbose) throw new UsageError(`Options '--quiet' and '--verbose' contradict each other: choose one.`);
}

export const HELP = `Usage: b2c-policy <command> [options]

Commands:
  check [paths...]        Check the policy files under the paths (default: the current folder).
  chain <file> [paths...] Show the inheritance chain of a policy file; the index holds the files
                          under the paths (default: the current folder) and the file itself.
  refs <Id> [paths...]    List the definitions and references of an Id, of any kind.
  journey <file> [paths...]
                          Print a relying party's merged journey: steps in order, exchanges,
                          preconditions, sub-journeys, claims in and out, claim-flow findings.
                          --format mermaid (default), dot (Graphviz) or json (the journey model).
  flow <claim> <file> [paths...]
                          Trace a claim along a relying party's merged journey: the steps that
                          produce and consume it, and whether it reaches the token.
  build [paths...]        Build the policies for each environment of appsettings.json into
                          <EnvironmentsFolder>/<Name>/, check the output, list the policy keys.
                          Options: --env NAME (repeatable), --out DIR, --settings FILE.
  deploy --env NAME       Upload one built environment through Microsoft Graph, base policies first.
                          Options: --dry-run, --only FILE, --all, --token, --graph-endpoint URL,
                          --authority-host URL. The only command that uses the network.

${RUN_HELP}
Options:
  -f, --format <text|json|sarif|github|azure>
                                  Output format of check (default: text); journey takes
                                  mermaid, dot or json (default: mermaid). github: workflow
                                  commands (::error file=...) that GitHub Actions shows as
                                  annotations; azure: Azure Pipelines ##vso[task.logissue] lines.
      --max-warnings <N>          Fail (exit 1) when there are more than N warnings.
  -c, --config <file>             Settings file; by default .b2cpolicyrc.json in the current folder,
                                  else in the folder of the first path.
      --base <folder>             A folder of base policies (repeatable): indexed so that references
                                  resolve, but never checked or reported on.
      --verbose, --show-info      Also print information and hint diagnostics.
  -q, --quiet                     Print errors only, without the summary line (the exit code
                                  and --max-warnings still count warnings).
  -h, --help                      Show this help.
  -v, --version                   Show the version.

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 bad usage, an unreadable path,
or paths that hold no policy file.
Colour is used only when stdout is a terminal and NO_COLOR is not set.
`;
