/**
 * Coexistence with general XML extensions (Red Hat's XML, for one): on XML that is not a policy, our server offers
 * nothing, so completion never doubles up there and their features stay theirs. (README: "Other XML extensions".)
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { doComplete, doHover, doValidation, documentContext, findDocumentSymbols } from '../../server/src/service/languageService';
import { fixture } from '../helpers/fixture';

describe('XML that is not a policy', () => {
  const files = {
    '/pom.xml': '<project>\n  <modelVersion>4.0.0</modelVersion>\n  <$0\n</project>',
    '/web.config': '<configuration><appSettings><add key="$0" value="x" /></appSettings></configuration>',
    '/almost.xml': '<TrustFrameworkPolicyX PolicyId="B2C_1A_x"><BasePolicy><PolicyId>$0</PolicyId></BasePolicy></TrustFrameworkPolicyX>',
  };
  for (const [name, text] of Object.entries(files)) {
    it(`${name}: no completion, hover or diagnostics from us`, () => {
      const f = fixture(`<!-- file: ${name} -->\n${text}`);
      const c = f.cursor!;
      const { file, xml } = f.files.get(c.uri)!;
      const ctx = documentContext(file, xml);
      assert.equal(file.isPolicy, false);
      assert.deepEqual(doComplete(ctx, c.position, f.index).items, []);
      assert.equal(doHover(ctx, c.position, f.index) ?? null, null);
      assert.deepEqual(doValidation({ file, xml, index: f.index, options: {} }), []);
      assert.ok(Array.isArray(findDocumentSymbols(xml, file.lines)));
    });
  }
});
