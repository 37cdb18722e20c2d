/**
 * `b2c-policy journey` driven as users drive it (`node dist/cli.js journey ...`, build first) on Woodgrove. The
 * expected steps are derived here independently of our index and journey model: @xmldom/xmldom over the
 * relying party's chain (BasePolicy/PolicyId, file by file), the UserJourney named by DefaultUserJourney merged
 * by Order from the base down (a derived file's step replaces the base's step of the same Order).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser, Element as XElement } from '@xmldom/xmldom';
import { REPO_ROOT, SHARED } from '../helpers/paths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const WOODGROVE = path.join(SHARED, 'corpus', 'woodgrove', 'Policies');
const LEAF = 'B2C_1A_sign_up_sign_in_personal_LocalEmail.xml';

function cli(args: string[], cwd = WOODGROVE): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const children = (el: XElement, name: string): XElement[] => {
  const out: XElement[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if ((c as XElement).localName === name) out.push(c as XElement);
  return out;
};

/** "order · type" of each step of the leaf's merged default journey, in order, from the XML alone. */
function expectedSteps(folder: string, leafFile: string): string[] {
  const docs = new Map<string, XElement>();
  for (const name of fs.readdirSync(folder).filter((n) => n.endsWith('.xml'))) {
    const root = new DOMParser().parseFromString(fs.readFileSync(path.join(folder, name), 'utf8').replace(/^\uFEFF/, ''), 'text/xml').documentElement as unknown as XElement;
    docs.set(root.getAttribute('PolicyId')!.toLowerCase(), root);
  }
  const leaf = new DOMParser().parseFromString(fs.readFileSync(path.join(folder, leafFile), 'utf8').replace(/^\uFEFF/, ''), 'text/xml').documentElement as unknown as XElement;
  const journeyId = children(children(leaf, 'RelyingParty')[0], 'DefaultUserJourney')[0].getAttribute('ReferenceId')!.toLowerCase();
  const chain: XElement[] = [];
  for (let at: XElement | undefined = leaf; at; ) {
    chain.unshift(at);
    const base: XElement | undefined = children(at, 'BasePolicy')[0];
    at = base ? docs.get(children(base, 'PolicyId')[0].textContent!.trim().toLowerCase()) : undefined;
  }
  const byOrder = new Map<number, string>();
  for (const file of chain) {
    for (const journeys of children(file, 'UserJourneys')) {
      for (const j of children(journeys, 'UserJourney')) {
        if (j.getAttribute('Id')!.toLowerCase() !== journeyId) continue;
        for (const steps of children(j, 'OrchestrationSteps')) {
          for (const s of children(steps, 'OrchestrationStep')) byOrder.set(Number(s.getAttribute('Order')), `${s.getAttribute('Order')} · ${s.getAttribute('Type')}`);
        }
      }
    }
  }
  assert.ok(chain.length >= 3, 'the leaf has a chain of at least three files');
  return [...byOrder.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

const decode = (s: string) => s.replace(/#(\w+);/g, (_, n: string) => (/^\d+$/.test(n) ? String.fromCodePoint(Number(n)) : ({ quot: '"', lt: '<', gt: '>', amp: '&' } as Record<string, string>)[n]));

describe('b2c-policy journey on Woodgrove', () => {
  const expected = expectedSteps(WOODGROVE, LEAF);

  it('prints a Mermaid flowchart whose top-level steps are exactly the merged journey\'s, in order', () => {
    const r = cli(['journey', LEAF, '.']);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout.split('\n')[0], 'graph TD');
    const steps = [...r.stdout.matchAll(/^ {2}s(\d+)\["([^"<]*)/gm)].map((m) => decode(m[2]));
    assert.ok(expected.length >= 5, `the journey has ${expected.length} steps`);
    assert.deepEqual(steps, expected);
    // The steps are joined in order from the start node (a step's own sub-journey may sit between two of them).
    assert.match(r.stdout, /^ {2}start --> s1$/m);
  });

  it('--format dot prints the same steps as DOT nodes, in order', () => {
    const r = cli(['journey', LEAF, '--format', 'dot', '.']);
    assert.equal(r.status, 0);
    const steps = [...r.stdout.matchAll(/^ {2}s(\d+) \[label="([^"\\]*)/gm)].map((m) => m[2].replace(/&amp;/g, '&'));
    assert.deepEqual(steps, expected);
  });

  it('--format json prints the journey model: the leaf, its journey and the steps in order', () => {
    const r = cli(['journey', LEAF, '--format', 'json', '.']);
    assert.equal(r.status, 0);
    const model = JSON.parse(r.stdout);
    assert.ok(model.leaf.endsWith('/' + LEAF), model.leaf);
    const policyId = /PolicyId="([^"]+)"/.exec(fs.readFileSync(path.join(WOODGROVE, LEAF), 'utf8'))![1];
    assert.equal(model.policyId, policyId);
    assert.deepEqual(model.journey.steps.map((s: { order: number; type: string }) => `${s.order} · ${s.type}`), expected);
    assert.ok(Array.isArray(model.findings));
  });

  it('refuses a file without a RelyingParty (exit 2) and says why it cannot draw a leaf whose chain is not whole (exit 1)', () => {
    const base = cli(['journey', 'B2C_1A_base.xml', '.']);
    assert.equal(base.status, 2);
    assert.match(base.stderr, /^b2c-policy: B2C_1A_base.xml has no RelyingParty element/);
    // Only the leaf itself is indexed: its base is missing.
    const alone = cli(['journey', LEAF, LEAF]);
    assert.equal(alone.status, 1);
    assert.equal(alone.stdout, '');
    assert.match(alone.stderr, /^b2c-policy: the merged journey of .* cannot be known: its chain is incomplete: no file declares PolicyId B2C_1A_ext/);
  });
});
