/**
 * Terminal colours: on only when stdout is a terminal and NO_COLOR is not set, so pipes, files and CI logs
 * get plain text.
 */

export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly blue: (s: string) => string;
  readonly green: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export const PLAIN: Style = { bold: plain, dim: plain, red: plain, yellow: plain, blue: plain, green: plain };

const COLOUR: Style = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), green: wrap(32, 39) };

export function styleFor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): Style {
  return isTTY && env.NO_COLOR === undefined ? COLOUR : PLAIN;
}
