import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CLEAR_RADIUS, EditLog } from '../../server/src/node/pendingEdits';

/** Applies edits (offset, deleted length, inserted text) to a document and records them; returns the newest text. */
function edit(log: EditLog, doc: TextDocument, edits: Array<[number, number, string]>): TextDocument {
  for (const [at, del, text] of edits) {
    const change = { range: { start: doc.positionAt(at), end: doc.positionAt(at + del) }, text };
    log.record(doc, [change]);
    doc = TextDocument.update(doc, [change], doc.version + 1);
  }
  return doc;
}

describe('edit log (answers from the last parse)', () => {
  const parsed = 'a'.repeat(20_000) + 'NEEDLE' + 'b'.repeat(20_000);
  const needle = parsed.indexOf('NEEDLE');

  it('shifts offsets far from every edit by the size change of the edits before them', () => {
    const log = new EditLog();
    const doc = edit(log, TextDocument.create('file:///x.xml', 'xml', 1, parsed), [[100, 0, 'xyz'], [101, 0, 'q'], [500, 10, ''], [39_000, 0, 'tail']]);
    const newest = doc.getText();
    const at = newest.indexOf('NEEDLE');
    const shift = log.shiftAt(at)!;
    assert.equal(shift, 3 + 1 - 10);
    assert.equal(parsed.slice(at - shift, at - shift + 6), 'NEEDLE');
    assert.equal(newest.slice(at - CLEAR_RADIUS, at + CLEAR_RADIUS), parsed.slice(at - shift - CLEAR_RADIUS, at - shift + CLEAR_RADIUS));
  });

  it('refuses an offset near an edit, and follows edits that move others', () => {
    const near = new EditLog();
    edit(near, TextDocument.create('file:///x.xml', 'xml', 1, parsed), [[needle - 10, 0, 'x']]);
    assert.equal(near.shiftAt(needle + 1), undefined);
    // An insertion just beyond the radius, then 150 characters inserted before it: both still beyond it.
    const far = new EditLog();
    const doc = edit(far, TextDocument.create('file:///x.xml', 'xml', 1, parsed), [[needle - CLEAR_RADIUS - 100, 0, 'x'], [needle - CLEAR_RADIUS - 200, 0, 'y'.repeat(150)]]);
    assert.equal(far.shiftAt(doc.getText().indexOf('NEEDLE')), 151);
    // A deletion that brings a far edit within the radius of the cursor.
    const pulled = new EditLog();
    const doc2 = edit(pulled, TextDocument.create('file:///x.xml', 'xml', 1, parsed), [[needle - CLEAR_RADIUS - 100, 0, 'x'], [needle - CLEAR_RADIUS + 50, 200, '']]);
    assert.equal(pulled.shiftAt(doc2.getText().indexOf('NEEDLE')), undefined);
  });

  it('refuses everything after a full-text change', () => {
    const log = new EditLog();
    const doc = TextDocument.create('file:///x.xml', 'xml', 1, parsed);
    log.record(doc, [{ text: 'whole' }]);
    assert.equal(log.shiftAt(0), undefined);
  });
});
