/**
 * Settings are checked against the schema that package.json contributes for `b2cPolicy.*` (one source of truth
 * for VS Code's settings editor, the server and the CLI's `.b2cpolicyrc.json`), with Ajv. sanitizeSettings still
 * keeps only the good values; this says which values were bad, so that a typo is reported instead of ignored.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { CODES } from '../service/messages/codes';
import { shortValue } from '../service/model/quoting';

type Schema = { type?: string; properties?: Record<string, Schema>; [k: string]: unknown };

const PREFIX = 'b2cPolicy.';
/** Keys of VS Code's configuration schema that are not JSON Schema validation keywords. */
const EDITOR_ONLY = new Set(['scope', 'description', 'markdownDescription', 'default', 'enumDescriptions', 'markdownEnumDescriptions', 'order', 'deprecationMessage', 'tags']);

/** The nested settings shape (`diagnostics.codes`, `exclude`, ...) from the flat `b2cPolicy.*` properties. */
export function settingsSchema(properties: Record<string, Record<string, unknown>>): Schema {
  const root: Schema = { type: 'object', properties: {} };
  for (const [name, prop] of Object.entries(properties)) {
    if (!name.startsWith(PREFIX)) continue;
    const parts = name.slice(PREFIX.length).split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node.properties![part] ??= { type: 'object', properties: {} });
    node.properties![parts[parts.length - 1]] = Object.fromEntries(Object.entries(prop).filter(([k]) => !EDITOR_ONLY.has(k)));
  }
  return root;
}

/** package.json beside the bundle (dist/..) or above the compiled sources. */
function manifestProperties(from: string = __dirname): Record<string, Record<string, unknown>> | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'b2c-policy-tools') return pkg.contributes?.configuration?.properties;
    } catch {
      // not here: look further up
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

let validator: ValidateFunction | null | undefined;

/** Compiled once: the schema is a fact about the installation. Null when package.json cannot be found. */
function compiled(): ValidateFunction | null {
  if (validator === undefined) {
    const properties = manifestProperties();
    validator = properties ? new Ajv({ allErrors: true, strict: false }).compile(settingsSchema(properties)) : null;
  }
  return validator;
}

/**
 * Every bad value in raw settings, as `diagnostics.codes.B401: must be one of error, warning, ... (got "of")`.
 * Unknown diagnostic codes are reported too (the schema cannot list them). Empty when all is well.
 */
export function settingsProblems(raw: unknown, validate: ValidateFunction | null = compiled(), options: ProblemOptions = {}): string[] {
  if (raw === undefined || raw === null) return [];
  const problems: string[] = [];
  if (validate && !validate(raw)) for (const e of validate.errors ?? []) problems.push(describe(e, raw, options.quoteValues ?? true));
  const codes = (raw as { diagnostics?: { codes?: unknown } }).diagnostics?.codes;
  if (codes && typeof codes === 'object' && !Array.isArray(codes)) {
    for (const code of Object.keys(codes)) if (!CODES[code.toUpperCase()]) problems.push(`diagnostics.codes.${shortValue(code, 20)}: not a diagnostic code`);
  }
  return [...new Set(problems)];
}

export interface ProblemOptions {
  /**
   * False: say what kind of value was there, not the value. For a settings file read by the CLI, which may be a link
   * to any JSON file (a token cache, a credentials file) and whose messages end up in CI logs.
   */
  readonly quoteValues?: boolean;
}

function describe(e: ErrorObject, raw: unknown, quoteValues: boolean): string {
  const where = e.instancePath.split('/').slice(1).map((s) => shortValue(s.replace(/~1/g, '/').replace(/~0/g, '~'), 40)).join('.') || '(settings)';
  const value = valueAt(raw, e.instancePath);
  const got = quoteValues ? shortValue(JSON.stringify(value) ?? 'nothing') : kindOf(value);
  const what = e.keyword === 'enum' ? `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : (e.message ?? 'is not valid');
  return `${where}: ${what} (got ${got})`;
}

function kindOf(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function valueAt(raw: unknown, pointer: string): unknown {
  let v = raw;
  for (const seg of pointer.split('/').slice(1)) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return v;
}
