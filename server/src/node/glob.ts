/**
 * Exclude globs, matched as VS Code matches `files.exclude`: `**` for any number of folders, `*` and `?` within a
 * name, `{a,b}` alternatives, `[...]` and `[!...]` classes, dot files matched like any other, letter case ignored
 * on Windows. picomatch does the matching; a leading `!` keeps a path that another glob excludes.
 *
 * picomatch compiles globs to backtracking regular expressions, so a hostile glob from a `.b2cpolicyrc.json` in a
 * pull request (`*a*a*a*a*a*a*a*a*b`) would take minutes on one 64-character name. Every test is therefore
 * bounded: patterns and paths have a maximum length, and a glob is tried on a path only when its worst-case work,
 * the product of what each wildcard can span on that path, stays under a budget; otherwise it does not match.
 */
import picomatch from 'picomatch';

/** Longer globs are ignored: no exclude a person writes is this long. */
export const MAX_GLOB_LENGTH = 256;
/** Longer relative paths are not matched (nothing excludes them). */
export const MAX_PATH_LENGTH = 1024;
/** The most backtracking steps one glob may cost on one path, estimated from above. */
const BUDGET = 1_000_000;

export interface GlobOptions {
  /** Ignore letter case (VS Code does on Windows). */
  readonly nocase?: boolean;
}

interface Compiled {
  readonly test: (path: string) => boolean;
  /** Single `*` wildcards, each spanning at most one name. */
  readonly stars: number;
  /** `**` wildcards, each spanning any number of folders. */
  readonly globstars: number;
}

/** A matcher for relative paths ('/'-separated) against the globs, or undefined when there is nothing to match. */
export function globMatcher(globs: readonly string[], options: GlobOptions = {}): ((relativePath: string) => boolean) | undefined {
  const usable = globs.filter((g) => g.length > 0 && g.length <= MAX_GLOB_LENGTH);
  const include = usable.filter((g) => !g.startsWith('!')).map((g) => compile(g, options));
  const keep = usable.filter((g) => g.startsWith('!')).map((g) => compile(g.slice(1), options));
  if (!include.length) return undefined;
  return (rel) => {
    if (rel.length > MAX_PATH_LENGTH) return false;
    const cost = pathCost(rel);
    // A folder is also tried with a trailing '/', so that 'archive/' excludes the folder archive.
    const hit = (c: Compiled) => cost(c) <= BUDGET && (c.test(rel) || c.test(rel + '/'));
    return include.some(hit) && !keep.some(hit);
  };
}

function compile(glob: string, options: GlobOptions): Compiled {
  // noextglob: VS Code has no extglobs, and +(a|aa) patterns are the classic exponential regular expressions.
  // VS Code writes a negated class [!...]; picomatch reads '!' there as a literal unless it is spelled [^...].
  const test = picomatch(glob.replace(/(^|[^\\])\[!/g, '$1[^'), { dot: true, nocase: !!options.nocase, noextglob: true, windows: false });
  let stars = 0, globstars = 0;
  for (const run of glob.match(/\*+/g) ?? []) {
    if (run.length >= 2) globstars++;
    else stars++;
  }
  return { test, stars, globstars };
}

/** Worst-case steps of a glob on `rel`: each `*` can span the longest name, each `**` any number of its folders. */
function pathCost(rel: string): (c: Compiled) => number {
  const names = rel.split('/');
  const longest = Math.max(...names.map((n) => n.length)) + 1;
  const depth = names.length + 1;
  return (c) => longest ** c.stars * depth ** c.globstars * Math.max(1, rel.length / 64);
}
