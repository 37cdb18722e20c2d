/**
 * Offline token inspection: decoding, times, and the mapping of every claim to the starter pack relying party's
 * OutputClaim (PartnerClaimType, the ClaimType's OpenIdConnect partner claim type, or the claim's own Id).
 * Tokens are signed in the test with a key made by node:crypto; nothing checks the signature.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import * as path from 'node:path';
import { Workspace } from '../../server/src/node/workspace';
import { pathToUri } from '../../server/src/node/files';
import { formatInspection, inspect, relyingPartyOf } from '../../server/src/node/run/runPolicy';
import { JwtError, decodeJwt, extractToken } from '../../server/src/service/run/jwt';
import { relative } from '../../server/src/service/run/tokenReport';
import { STARTERPACK } from '../helpers/paths';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

export function signToken(payload: object, header: object = { alg: 'RS256', kid: 'test-key', typ: 'JWT' }): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${b64(header)}.${b64(payload)}`;
  return `${data}.${sign('sha256', Buffer.from(data), privateKey).toString('base64url')}`;
}

const IAT = Date.UTC(2026, 0, 15, 10, 0, 0) / 1000;
const claims = {
  iss: 'https://contoso.b2clogin.com/11111111-2222-3333-4444-555555555555/v2.0/', exp: IAT + 3600, nbf: IAT, iat: IAT,
  aud: '90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6', nonce: 'defaultNonce', ver: '1.0', tfp: 'B2C_1A_signup_signin', auth_time: IAT,
  name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace', email: 'ada@example.com',
  sub: 'aaaaaaaa-0000-1111-2222-333333333333', idp: 'facebook.com', tid: '11111111-2222-3333-4444-555555555555',
};

function starterPack() {
  const dir = path.join(STARTERPACK, 'SocialAndLocalAccounts');
  const ws = new Workspace();
  ws.scan([dir]);
  const uri = pathToUri(path.join(dir, 'SignUpOrSignin.xml'));
  return { ws, rp: relyingPartyOf(ws, uri)!, label: (u: string) => path.basename(u) };
}

describe('JWT decoding', () => {
  it('finds the token in a bare token, a Bearer header or a redirect URL', () => {
    assert.equal(extractToken(' Bearer a.b.c \n'), 'a.b.c');
    assert.equal(extractToken('https://jwt.ms/#id_token=a.b.c&state=x'), 'a.b.c');
    assert.equal(extractToken('access_token=x.y.z&id_token=a.b.c'), 'a.b.c');
  });

  it('gives a clear error for a corrupted token', () => {
    const good = signToken(claims);
    const [h, p, s] = good.split('.');
    const cases: Array<[string, RegExp]> = [
      ['', /No token/],
      ['abc', /three parts.*this one has 1/],
      ['a.b.c.d.e', /encrypted token/],
      [`${h}.${p.slice(0, 17)}!${p.slice(18)}.${s}`, /payload is not base64url/],
      [`${h}.${p.slice(0, -7)}.${s}`, /payload (is not JSON|does not decode)/],
      [`${h}.${Buffer.from('[1]').toString('base64url')}.${s}`, /payload is not a JSON object/],
      [`${h}.${p}.${s}%`, /signature.*not base64url/],
    ];
    for (const [token, message] of cases) assert.throws(() => decodeJwt(token), (e: unknown) => e instanceof JwtError && message.test(e.message), token);
  });
});

describe('token inspection on the starter pack relying party', () => {
  it('maps every claim to the OutputClaim that produced it and reports the expiry', () => {
    const { ws, rp, label } = starterPack();
    const now = new Date((IAT + 600) * 1000);
    const report = inspect(signToken(claims), now, ws, rp);
    assert.equal(report.validity, 'valid');
    assert.deepEqual(report.policy, { id: 'B2C_1A_signup_signin', claim: 'tfp' });
    const mapped = Object.fromEntries(report.claims.filter((c) => c.source).map((c) => [c.name, `${c.source!.outputClaim.value.id.value} ${c.source!.nameFrom}`]));
    assert.deepEqual(mapped, {
      name: 'displayName DefaultPartnerClaimTypes', given_name: 'givenName DefaultPartnerClaimTypes', family_name: 'surname DefaultPartnerClaimTypes',
      email: 'email DefaultPartnerClaimTypes', sub: 'objectId PartnerClaimType', idp: 'identityProvider DefaultPartnerClaimTypes', tid: 'tenantId DefaultPartnerClaimTypes',
    });
    assert.deepEqual(report.missing, []);
    const { text, links } = formatInspection(report, ws, label);
    assert.match(text, /^Signature: NOT CHECKED/);
    assert.match(text, /\n {2}exp {7}2026-01-15T11:00:00Z {2}\(in 50 min\)\n/);
    assert.match(text, /\nStatus: valid now/);
    assert.match(text, /\n {2}sub {10}aaaaaaaa-0000-1111-2222-333333333333 {2}<- OutputClaim objectId \(PartnerClaimType sub\) at SignUpOrSignin\.xml:30\n/);
    assert.match(text, /\n {2}iss .* -- issuer/);
    // Each link covers the claim's name in the text and points at the ClaimTypeReferenceId value of its OutputClaim.
    assert.equal(links.length, 7);
    for (const l of links) {
      const name = text.slice(l.start, l.end);
      const target = ws.parsed(l.targetUri)!.text.slice(l.targetStart, l.targetEnd);
      assert.equal((mapped as Record<string, string>)[name].split(' ')[0], target);
    }
  });

  it('lists the output claims a token lacks and says when it has expired or is not valid yet', () => {
    const { ws, rp, label } = starterPack();
    const { email: _e, idp: _i, ...fewer } = claims;
    const late = inspect(signToken(fewer), new Date((IAT + 7200) * 1000), ws, rp);
    assert.equal(late.validity, 'expired');
    assert.deepEqual(late.missing.map((m) => m.jwtName), ['email', 'idp']);
    const text = formatInspection(late, ws, label).text;
    assert.match(text, /\nStatus: EXPIRED\n/);
    assert.match(text, /Output claims not in the token.*\n {2}email {2}from OutputClaim email at SignUpOrSignin\.xml:29\n {2}idp {4}from OutputClaim identityProvider at SignUpOrSignin\.xml:31\n/);
    assert.equal(inspect(signToken(claims), new Date((IAT - 60) * 1000), ws, rp).validity, 'not-yet-valid');
  });

  it('notes a token from another policy and works without a policy', () => {
    const { ws, rp } = starterPack();
    const other = inspect(signToken({ ...claims, tfp: undefined, acr: 'b2c_1a_profileedit' }), new Date(IAT * 1000), ws, rp);
    assert.deepEqual(other.policy, { id: 'b2c_1a_profileedit', claim: 'acr' });
    assert.match(other.notes.join('\n'), /issued by b2c_1a_profileedit, not by B2C_1A_signup_signin/);
    const bare = formatInspection(inspect(signToken({ ...claims, scp: 'read write' }), new Date(IAT * 1000)), undefined, (u) => u).text;
    assert.match(bare, /\nScopes granted: read write\n/);
    assert.match(bare, /\n {2}email {8}ada@example.com\n/);
    assert.doesNotMatch(bare, /<- OutputClaim/);
  });

  it('writes relative times', () => {
    const now = new Date(0);
    assert.deepEqual([90, -3600, 3 * 86400 + 7200, 0, -5].map((s) => relative(new Date(s * 1000), now)), ['in 1 min', '1 h ago', 'in 3 d 2 h', 'now', '5 s ago']);
  });
});
