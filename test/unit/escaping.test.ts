/**
 * Edits never write XML that is not well formed (issue 16 item 5): rename accepts only characters valid in an XML
 * attribute value and in an Id, and the text it writes leaves the file without a B100.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { doRename, RenameError } from '../../server/src/service/languageService';
import { parseXml } from '../../server/src/service/xml/parser';
import { fixture, policy } from '../helpers/fixture';

const SOURCE = `<!-- file: /set/Base.xml -->
${policy('B2C_1A_Base', '  <BuildingBlocks><ClaimsSchema>\n    <ClaimType Id="email"><DataType>string</DataType></ClaimType>\n  </ClaimsSchema></BuildingBlocks>')}
<!-- file: /set/RP.xml -->
${policy('B2C_1A_RP', '  <RelyingParty><TechnicalProfile Id="PolicyProfile"><OutputClaims><OutputClaim ClaimTypeReferenceId="em$0ail" /></OutputClaims></TechnicalProfile></RelyingParty>', 'B2C_1A_Base')}`;

describe('rename writes only valid Ids', () => {
  const f = fixture(SOURCE);
  const rp = f.index.get(f.cursor!.uri)!;

  it('refuses characters XML 1.0 forbids or that an Id cannot hold', () => {
    for (const bad of ['a\u0000b', 'a\u0001', '\uFFFE', 'x\uFFFF', 'a\uD800', '\uDC00b', 'a\u0085b', 'a\u2028b', 'a\u001Fb', '', 'a b', 'a"b', "a'b", 'a<b', 'a>b', 'a&b', 'a\tb']) {
      const r = doRename(rp, f.cursor!.position, bad, f.index);
      assert.ok(r instanceof RenameError, JSON.stringify(bad));
      assert.doesNotMatch(r.message, /[\u0000-\u001F\uFFFE\uFFFF]/, 'the message shows no raw control character');
    }
  });

  it('accepts the Ids real policies use, and the result is well formed', () => {
    for (const good of ['emailAddress', 'extension_loyaltyId', 'api.localaccount-signup', 'B2C_1A_x:y', 'correo_electrónico', 'emoji\uD83D\uDE00', 'straße{0}']) {
      const r = doRename(rp, f.cursor!.position, good, f.index);
      assert.ok(!(r instanceof RenameError), `${good}: ${r instanceof RenameError ? r.message : ''}`);
      for (const [uri, edits] of Object.entries(r.changes!)) {
        const text = TextDocument.applyEdits(TextDocument.create(uri, 'xml', 1, f.files.get(uri)!.text), edits);
        assert.deepEqual(parseXml(text).problems, [], `${good} in ${uri}`);
      }
    }
  });
});
