import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { Workspace } from '../../server/src/node/workspace';
import { UncheckedEditError, checkedEdit, coversName } from '../../server/src/node/editGuard';

const URI_A = 'file:///ws/a.xml';
const TEXT = '<TrustFrameworkPolicy PolicyId="B2C_1A_A">\r\n  <ClaimType Id="email"/>\r\n</TrustFrameworkPolicy>';

function workspace(): Workspace {
  const ws = new Workspace();
  ws.update(URI_A, 1, TEXT);
  return ws;
}

const edit = (line: number, start: number, end: number): WorkspaceEdit => ({
  changes: { [URI_A]: [{ range: { start: { line, character: start }, end: { line, character: end } }, newText: 'mail' }] },
});

describe('checkedEdit', () => {
  it('passes an edit whose range covers exactly the old name, in any letter case', () => {
    const ws = workspace();
    assert.deepEqual(checkedEdit(ws, () => edit(1, 17, 22), coversName(() => 'EMAIL')), edit(1, 17, 22));
  });

  it('withholds an edit that covers anything else, or lies outside the file', () => {
    const ws = workspace();
    for (const e of [edit(1, 16, 21), edit(1, 17, 23), edit(0, 17, 22), edit(7, 0, 5), edit(1, 17, 99)]) {
      const r = checkedEdit(ws, () => e, coversName(() => 'email'));
      assert.ok(r instanceof UncheckedEditError, JSON.stringify(e));
    }
  });

  it('passes null and errors through untouched', () => {
    const ws = workspace();
    assert.equal(checkedEdit(ws, () => null), null);
    const err = new Error('x');
    assert.equal(checkedEdit(ws, () => err), err);
  });
});
