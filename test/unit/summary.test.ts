/**
 * The summary built from the parser's events without a tree (disk files) is the summary of the tree, on every
 * starter-pack file and on cut, half-typed versions of them.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { findXmlFiles } from '../../server/src/node/files';
import { PolicyFile, parsePolicy, summarize, summarizeText } from '../../server/src/service/model/policyFile';
import { parseXml } from '../../server/src/service/xml/parser';
import { STARTERPACK } from '../helpers/paths';

function comparable(f: PolicyFile): string {
  return JSON.stringify({ ...f, lines: f.lines.lineCount, defsByKey: [...f.defsByKey], refsByKey: [...f.refsByKey] });
}

describe('tree-free summary', () => {
  it('equals the summary of the parse tree, whole and cut', () => {
    let checked = 0;
    for (const p of findXmlFiles([STARTERPACK]).slice(0, 30)) {
      const text = fs.readFileSync(p, 'utf8');
      for (const cut of [text, text.slice(0, text.length >> 1), text.slice(0, text.length / 3) + text.slice(text.length / 3 + 41)]) {
        const fromTree = comparable(summarize('file:///t.xml', null, parseXml(cut)));
        assert.equal(comparable(summarizeText('file:///t.xml', null, cut)), fromTree, p);
        assert.equal(comparable(parsePolicy('file:///t.xml', null, cut).file), fromTree, p);
        checked++;
      }
    }
    assert.equal(checked, 90);
  });
});
