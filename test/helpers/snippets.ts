// Helpers that turn the contributed snippets into whole policies, so tests can
// check that what a user gets by pressing Tab through the defaults is valid.
// The expander follows VS Code's snippet syntax closely enough for our own
// snippets: tab stops, placeholders (nested), choices, $0 and the escapes.
import * as fs from 'fs';
import * as path from 'path';

export interface SnippetEntry {
  name: string;
  prefix: string;
  description: string;
  body: string;
}

type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children: SnippetNode[]; choices?: string[] };

/** Values to put at given tab stops instead of their defaults (or first choice). */
export type TabStopValues = Record<number, string>;

/** Expands a snippet body as if the user accepted every default and the first choice. */
export function expandSnippet(body: string, values: TabStopValues = {}): string {
  const nodes = parseSnippet(body);
  const defaults = collectDefaults(nodes, values);
  return render(nodes, defaults);
}

/** The tab stops that offer choices, with their options, in order of index. */
export function snippetChoices(body: string): { index: number; choices: string[] }[] {
  const found = new Map<number, string[]>();
  const visit = (nodes: SnippetNode[]): void => {
    for (const node of nodes) {
      if (node.kind !== 'tabstop') continue;
      if (node.choices && !found.has(node.index)) found.set(node.index, node.choices);
      visit(node.children);
    }
  };
  visit(parseSnippet(body));
  return [...found].sort((a, b) => a[0] - b[0]).map(([index, choices]) => ({ index, choices }));
}

/** The tab-stop indexes a body uses, sorted, without duplicates. */
export function snippetTabStops(body: string): number[] {
  const found = new Set<number>();
  const visit = (nodes: SnippetNode[]): void => {
    for (const node of nodes) {
      if (node.kind !== 'tabstop') continue;
      found.add(node.index);
      visit(node.children);
    }
  };
  visit(parseSnippet(body));
  return [...found].sort((a, b) => a - b);
}

function collectDefaults(nodes: SnippetNode[], values: TabStopValues): Map<number, string> {
  const defaults = new Map<number, string>();
  for (const [index, value] of Object.entries(values)) defaults.set(Number(index), value);
  // VS Code mirrors every occurrence of an index from the first one that has content.
  const visit = (list: SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind !== 'tabstop') continue;
      if (!defaults.has(node.index)) {
        if (node.choices) defaults.set(node.index, node.choices[0]);
        else if (node.children.length > 0) defaults.set(node.index, render(node.children, defaults));
      }
      visit(node.children);
    }
  };
  visit(nodes);
  return defaults;
}

function render(nodes: SnippetNode[], defaults: Map<number, string>): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.value;
    else out += defaults.get(node.index) ?? render(node.children, defaults);
  }
  return out;
}

/** Parses snippet syntax; throws on anything our snippets should not contain. */
export function parseSnippet(body: string): SnippetNode[] {
  const parser = new SnippetParser(body);
  const nodes = parser.parseUntil(false);
  if (!parser.atEnd()) throw new Error(`unbalanced '}' at ${parser.pos} in snippet`);
  return nodes;
}

class SnippetParser {
  pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Reads nodes until the end, or until an unescaped '}' when nested. */
  parseUntil(nested: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (!this.atEnd()) {
      const ch = this.text[this.pos];
      if (ch === '\\' && '$}\\'.includes(this.text[this.pos + 1] ?? '')) {
        text += this.text[this.pos + 1];
        this.pos += 2;
      } else if (nested && ch === '}') {
        break;
      } else if (ch === '$') {
        const node = this.parseDollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += ch;
          this.pos++;
        }
      } else {
        text += ch;
        this.pos++;
      }
    }
    flush();
    return nodes;
  }

  private parseDollar(): SnippetNode | undefined {
    const rest = this.text.slice(this.pos);
    const simple = /^\$(\d+)/.exec(rest);
    if (simple) {
      this.pos += simple[0].length;
      return { kind: 'tabstop', index: Number(simple[1]), children: [] };
    }
    if (/^\$[A-Za-z_]/.test(rest) || /^\$\{[A-Za-z_]/.test(rest)) {
      throw new Error(`snippet variables are not used by our snippets (at ${this.pos})`);
    }
    const open = /^\$\{(\d+)([:|}])/.exec(rest);
    if (!open) return undefined;
    const index = Number(open[1]);
    this.pos += open[0].length;
    if (open[2] === '}') return { kind: 'tabstop', index, children: [] };
    if (open[2] === '|') return { kind: 'tabstop', index, children: [], choices: this.parseChoices() };
    const children = this.parseUntil(true);
    if (this.text[this.pos] !== '}') throw new Error(`placeholder \${${index}:...} is not closed`);
    this.pos++;
    return { kind: 'tabstop', index, children };
  }

  private parseChoices(): string[] {
    const choices: string[] = [];
    let current = '';
    while (!this.atEnd()) {
      const ch = this.text[this.pos];
      if (ch === '\\' && ',|\\$}'.includes(this.text[this.pos + 1] ?? '')) {
        current += this.text[this.pos + 1];
        this.pos += 2;
      } else if (ch === ',') {
        choices.push(current);
        current = '';
        this.pos++;
      } else if (ch === '|' && this.text[this.pos + 1] === '}') {
        choices.push(current);
        this.pos += 2;
        return choices;
      } else {
        current += ch;
        this.pos++;
      }
    }
    throw new Error('choice is not closed with |}');
  }
}

// ---------------------------------------------------------------------------
// Where the snippets go in a policy

/** The places in TrustFrameworkExtensions.xml that snippets are written for. */
export type PolicySlot =
  | 'ClaimsSchema'
  | 'ClaimsTransformations'
  | 'ClaimsProviders'
  | 'TechnicalProfiles'
  | 'OrchestrationSteps'
  | 'Preconditions'
  | 'ValidationTechnicalProfiles';

export interface SnippetPlacement {
  slot: PolicySlot;
  /** Tab-stop values other than the defaults, when a snippet needs them. */
  values?: TabStopValues;
  /** Other snippets a user is told (in the description) to insert as well. */
  companions?: { prefix: string; slot: PolicySlot; values?: TabStopValues }[];
}

/** Where each snippet is inserted by the tests. Every snippet must be listed. */
export const SNIPPET_PLACEMENTS: Record<string, SnippetPlacement> = {
  'b2c-rest-basic': { slot: 'TechnicalProfiles' },
  'b2c-rest-clientcertificate': { slot: 'TechnicalProfiles' },
  'b2c-rest-bearer': { slot: 'TechnicalProfiles' },
  'b2c-rest-apikey': { slot: 'TechnicalProfiles' },
  'b2c-rest-bearer-clientcredentials': {
    slot: 'TechnicalProfiles',
    companions: [{ prefix: 'b2c-claimtype', slot: 'ClaimsSchema', values: { 1: 'bearerToken', 2: 'Bearer token' } }],
  },
  'b2c-idp-oidc': { slot: 'ClaimsProviders' },
  'b2c-claimtype': { slot: 'ClaimsSchema' },
  'b2c-claimtype-textbox': { slot: 'ClaimsSchema' },
  'b2c-claimstransformation': { slot: 'ClaimsTransformations' },
  'b2c-step-claimsexchange': { slot: 'OrchestrationSteps' },
  'b2c-step-claimsexchange-precondition': { slot: 'OrchestrationSteps' },
  'b2c-precondition-claimsexist': { slot: 'Preconditions' },
  'b2c-precondition-claimequals': { slot: 'Preconditions' },
  'b2c-validationtechnicalprofile': { slot: 'ValidationTechnicalProfiles' },
};

/** The starter-pack folder whose TrustFrameworkExtensions.xml hosts the snippets. */
export const SNIPPET_HOST_PACK = 'SocialAndLocalAccounts';

export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** The shared starter pack, which lives beside the repository checkout. */
export function starterPackDir(pack = SNIPPET_HOST_PACK): string {
  return path.join(repoRoot(), '..', 'shared', 'corpus', 'starterpack', pack);
}

export function loadSnippets(): SnippetEntry[] {
  const file = path.join(repoRoot(), 'snippets', 'b2c-policy.code-snippets');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { prefix: string; description: string; body: string | string[] }>;
  return Object.entries(json).map(([name, s]) => ({
    name,
    prefix: s.prefix,
    description: s.description,
    body: Array.isArray(s.body) ? s.body.join('\n') : s.body,
  }));
}

/** Inserts XML fragments into a TrustFrameworkExtensions.xml, each at its slot. */
export function insertIntoPolicy(policy: string, fragments: Partial<Record<PolicySlot, string[]>>): string {
  const get = (slot: PolicySlot): string[] => fragments[slot] ?? [];
  let text = policy;
  const schema = get('ClaimsSchema');
  const transformations = get('ClaimsTransformations');
  if (schema.length + transformations.length > 0) {
    let blocks = '';
    if (schema.length) blocks += wrap('ClaimsSchema', schema, 4);
    if (transformations.length) blocks += wrap('ClaimsTransformations', transformations, 4);
    text = replaceOnce(text, /<BuildingBlocks>\s*<\/BuildingBlocks>/, `<BuildingBlocks>\n${blocks}  </BuildingBlocks>`);
  }
  const providers: string[] = [...get('ClaimsProviders')];
  const profiles = get('TechnicalProfiles');
  if (profiles.length) {
    providers.push(claimsProvider('Snippet technical profiles', wrap('TechnicalProfiles', profiles, 2)));
  }
  const validations = get('ValidationTechnicalProfiles');
  if (validations.length) {
    const profile =
      '    <TechnicalProfile Id="SelfAsserted-ProfileUpdate">\n' +
      wrap('ValidationTechnicalProfiles', validations, 6) +
      '    </TechnicalProfile>\n';
    providers.push(claimsProvider('Snippet validation', `  <TechnicalProfiles>\n${profile}  </TechnicalProfiles>\n`));
  }
  if (providers.length) {
    text = replaceOnce(text, /<ClaimsProviders>\n?/, `<ClaimsProviders>\n${providers.map((p) => indent(p, 4)).join('')}`);
  }
  const steps = get('OrchestrationSteps');
  const preconditions = get('Preconditions');
  if (steps.length + preconditions.length > 0) {
    text = replaceOnce(text, /<\/ClaimsProviders>\n?/, `</ClaimsProviders>\n\n${userJourney(steps, preconditions)}`);
  }
  return text;
}

function claimsProvider(displayName: string, inner: string): string {
  return `<ClaimsProvider>\n  <DisplayName>${displayName}</DisplayName>\n${inner}</ClaimsProvider>\n`;
}

/**
 * A journey that signs the user in, runs the snippet step(s) as step 2 and
 * sends claims last. Preconditions are put on the step that reads the profile.
 */
function userJourney(steps: string[], preconditions: string[]): string {
  const middle =
    steps.length > 0
      ? steps.map((s) => indent(reindent(s), 8)).join('')
      : '        <OrchestrationStep Order="2" Type="ClaimsExchange">\n' +
        wrap('Preconditions', preconditions, 10) +
        '          <ClaimsExchanges>\n' +
        '            <ClaimsExchange Id="ReadUserProfile" TechnicalProfileReferenceId="AAD-UserReadUsingObjectId" />\n' +
        '          </ClaimsExchanges>\n' +
        '        </OrchestrationStep>\n';
  return (
    '  <UserJourneys>\n' +
    '    <UserJourney Id="SnippetJourney">\n' +
    '      <OrchestrationSteps>\n' +
    '        <OrchestrationStep Order="1" Type="ClaimsExchange">\n' +
    '          <ClaimsExchanges>\n' +
    '            <ClaimsExchange Id="LocalAccountSignin" TechnicalProfileReferenceId="SelfAsserted-LocalAccountSignin-Email" />\n' +
    '          </ClaimsExchanges>\n' +
    '        </OrchestrationStep>\n' +
    middle +
    `        <OrchestrationStep Order="${2 + Math.max(steps.length, 1)}" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />\n` +
    '      </OrchestrationSteps>\n' +
    '    </UserJourney>\n' +
    '  </UserJourneys>\n'
  );
}

function wrap(element: string, fragments: string[], spaces: number): string {
  const pad = ' '.repeat(spaces);
  return `${pad}<${element}>\n${fragments.map((f) => indent(reindent(f), spaces + 2)).join('')}${pad}</${element}>\n`;
}

/** Snippet bodies indent with tabs, which VS Code turns into the editor's indentation. */
function reindent(fragment: string): string {
  return fragment.replace(/^\t+/gm, (tabs) => '  '.repeat(tabs.length));
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  const body = text.endsWith('\n') ? text : text + '\n';
  return body.replace(/^(?=.)/gm, pad);
}

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`insertion point ${pattern} not found in the host policy`);
  return text.replace(pattern, () => replacement);
}

/** Expands a snippet (and its companions) with defaults and places it in the host policy. */
export function policyWithSnippet(prefix: string, values?: TabStopValues, snippets = loadSnippets()): string {
  const byPrefix = new Map(snippets.map((s) => [s.prefix, s]));
  const placement = SNIPPET_PLACEMENTS[prefix];
  if (!placement) throw new Error(`no placement for snippet ${prefix}`);
  const fragments: Partial<Record<PolicySlot, string[]>> = {};
  const add = (p: string, slot: PolicySlot, v?: TabStopValues): void => {
    const snippet = byPrefix.get(p);
    if (!snippet) throw new Error(`unknown snippet ${p}`);
    (fragments[slot] ??= []).push(expandSnippet(snippet.body, v));
  };
  for (const c of placement.companions ?? []) add(c.prefix, c.slot, c.values);
  add(prefix, placement.slot, { ...placement.values, ...values });
  const host = fs.readFileSync(path.join(starterPackDir(), 'TrustFrameworkExtensions.xml'), 'utf8');
  return insertIntoPolicy(host, fragments);
}

/**
 * One TrustFrameworkExtensions.xml per snippet, expanded with its defaults and
 * inserted where it belongs. The rest of the chain (TrustFrameworkLocalization,
 * TrustFrameworkBase) is the unchanged starter pack in starterPackDir().
 * The text keeps the starter pack's byte-order mark.
 */
export function expandedSnippetPolicies(): { name: string; text: string }[] {
  const snippets = loadSnippets();
  return snippets.map((s) => ({ name: s.prefix, text: policyWithSnippet(s.prefix, undefined, snippets) }));
}
