import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CognitoDb } from './cognito-db.ts';
import { SrpSignIn, type Json } from './srp-sign-in.ts';
import { g, modPow, N } from './srp.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A cognito-local data dir with one client (sessions of 3 minutes by default) and one user. */
function fixture(client: Json = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'srp-sign-in-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.cognito', 'db'), { recursive: true });
  const clients = { Clients: { c1: { ClientId: 'c1', UserPoolId: 'local_Pool1', PreventUserExistenceErrors: 'ENABLED', ...client } } };
  const pool = {
    Options: { UsernameAttributes: ['email'] },
    Users: { 'sub-1': { Username: 'sub-1', Password: 'Pw-12345!', UserStatus: 'CONFIRMED', Attributes: [{ Name: 'email', Value: 'a@b.c' }] } },
  };
  writeFileSync(join(dir, '.cognito', 'db', 'clients.json'), JSON.stringify(clients));
  writeFileSync(join(dir, '.cognito', 'db', 'local_Pool1.json'), JSON.stringify(pool));
  return new CognitoDb(dir);
}
const srpA = modPow(g, 12345678901234567890n, N).toString(16);
const initiate = (USERNAME: string) => ({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'c1', AuthParameters: { USERNAME, SRP_A: srpA } });
const answer = (p: Json, USERNAME = p.USER_ID_FOR_SRP) => ({
  ChallengeName: 'PASSWORD_VERIFIER',
  ClientId: 'c1',
  ChallengeResponses: { USERNAME, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK, TIMESTAMP: 'Mon Jan 5 10:00:00 UTC 2026', PASSWORD_CLAIM_SIGNATURE: 'AAAA' },
});

describe('SRP sign-in sessions', () => {
  it('an email alias resolves to the internal username in USER_ID_FOR_SRP', async () => {
    const srp = new SrpSignIn({ db: fixture(), upstream: vi.fn() });
    const r = await srp.initiate(initiate('a@b.c'));
    expect(r.ChallengeParameters).toMatchObject({ USER_ID_FOR_SRP: 'sub-1', USERNAME: 'sub-1' });
  });

  it('an answer after the session lifetime fails with "Invalid session for the user, session is expired."', async () => {
    let now = 0;
    const srp = new SrpSignIn({ db: fixture(), upstream: vi.fn(), now: () => now });
    const r = await srp.initiate(initiate('a@b.c'));
    now = 3 * 60_000;
    expect(() => srp.respond(answer(r.ChallengeParameters as Json))).toThrow(expect.objectContaining({
      code: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    }));
  });

  it("the client's AuthSessionValidity (minutes) sets the lifetime", async () => {
    let now = 0;
    const srp = new SrpSignIn({ db: fixture({ AuthSessionValidity: 10 }), upstream: vi.fn(), now: () => now });
    const r = await srp.initiate(initiate('a@b.c'));
    now = 9 * 60_000;
    expect(srp.respond(answer(r.ChallengeParameters as Json))).toMatchObject({ clientId: 'c1', proven: false, user: { Username: 'sub-1' } });
  });

  it('an unknown user gets a challenge like any other, and an answer that proves nothing', async () => {
    const upstream = vi.fn();
    const srp = new SrpSignIn({ db: fixture(), upstream });
    const r = await srp.initiate(initiate('nobody@b.c'));
    expect(srp.respond(answer(r.ChallengeParameters as Json))).toEqual({ clientId: 'c1', user: undefined, proven: false });
    expect(upstream).not.toHaveBeenCalled();
  });

  it("the answer's DEVICE_KEY wins over InitiateAuth's, and ClientMetadata is carried", async () => {
    const srp = new SrpSignIn({ db: fixture(), upstream: vi.fn() });
    const r = await srp.initiate({ ...initiate('a@b.c'), AuthParameters: { USERNAME: 'a@b.c', SRP_A: srpA, DEVICE_KEY: 'from-initiate' }, ClientMetadata: { a: '1' } });
    const reply = answer(r.ChallengeParameters as Json);
    expect(srp.respond(reply)).toMatchObject({ deviceKey: 'from-initiate', clientMetadata: { a: '1' } });
    const again = await srp.initiate({ ...initiate('a@b.c'), AuthParameters: { USERNAME: 'a@b.c', SRP_A: srpA, DEVICE_KEY: 'from-initiate' } });
    const second = answer(again.ChallengeParameters as Json);
    expect(srp.respond({ ...second, ChallengeResponses: { ...second.ChallengeResponses, DEVICE_KEY: 'from-answer' } })).toMatchObject({ deviceKey: 'from-answer' });
  });

  it('an unknown user fails at once with UserNotFoundException when the client allows existence errors', async () => {
    const srp = new SrpSignIn({ db: fixture({ PreventUserExistenceErrors: 'LEGACY' }), upstream: vi.fn() });
    await expect(srp.initiate(initiate('nobody@b.c'))).rejects.toMatchObject({ code: 'UserNotFoundException', message: 'User does not exist.' });
  });
});
