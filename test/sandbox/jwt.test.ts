import { createHmac, randomBytes } from 'node:crypto';
import { lifetimeClaims, signToken, verifyToken } from '../../src/sandbox/jwt';

const key = randomBytes(32);

describe('sandbox JWT (HS256)', () => {
  it('produces a standard HS256 JWT any library could verify', () => {
    const token = signToken({ iat: 10, exp: 20, sub: 'a' }, key);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ iat: 10, exp: 20, sub: 'a' });
    expect(signature).toBe(createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url'));
  });

  it('verifies its own tokens until exp, exclusive', () => {
    const token = signToken({ iat: 10, exp: 20 }, key);
    expect(verifyToken(token, key, 19_999)).toEqual({ ok: true, claims: { iat: 10, exp: 20 } });
    expect(verifyToken(token, key, 20_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects another key, a tampered payload and a truncated signature', () => {
    const token = signToken({ iat: 10, exp: 20 }, key);
    expect(verifyToken(token, randomBytes(32), 0)).toEqual({ ok: false, reason: 'bad-signature' });
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ iat: 10, exp: 99 })).toString('base64url');
    expect(verifyToken(`${header}.${payload}.${signature}`, key, 0)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(token.slice(0, -2), key, 0)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('accepts exactly one spelling of a signature (base64url padding bits included)', () => {
    const token = signToken({ iat: 10, exp: 20 }, key);
    const last = token.at(-1)!;
    // The last character of a 32-byte signature carries 2 unused bits: its neighbours decode alike.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(verifyToken(`${token.slice(0, -1)}${sibling}`, key, 0)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['two segments', 'a.b'],
    ['a header that is not base64url JSON', 'x!.e30.sig'],
    ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"iat":1,"exp":2}').toString('base64url')}.`],
    ['claims without exp', `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"iat":1}').toString('base64url')}.abc`],
  ])('calls %s malformed', (_, token) => {
    expect(verifyToken(token, key, 0)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('issues whole seconds with exp - iat equal to the TTL, like Pluggy', () => {
    expect(lifetimeClaims(1_000_999, 7200)).toEqual({ iat: 1000, exp: 8200 });
    expect(lifetimeClaims(1_000_000, 1)).toEqual({ iat: 1000, exp: 1001 });
  });
});
