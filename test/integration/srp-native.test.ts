// SRP sign-in with the native maths (src/auth/srp-native.ts) through the real CognitoAdapter,
// against the local Cognito front, whose SRP verifier (scripts/cognito-front/srp.ts) checks
// A, the scramble, the HKDF key and the claim signature as Cognito does: a wrong byte anywhere
// and it answers NotAuthorizedException.
import { AuthenticationHelper } from 'amazon-cognito-identity-js';
import { describe, expect, inject, it } from 'vitest';
import { CognitoAdapter } from '../../src/auth/cognito-adapter.ts';
import { decodeJwt } from '../../src/shared/jwt.ts';
import { MirrorStorage } from '../../src/auth/mirror-storage.ts';
import { librarySrpMethods } from '../../src/auth/srp-native.ts';
import { memoryKV } from '../../src/shared/kv.ts';
import { readyUser } from '../support/users.ts';

const stack = inject('stack');

function srpAdapter(): CognitoAdapter {
  return new CognitoAdapter(
    { region: stack.region, userPoolId: stack.userPoolId, clientId: stack.clientId, endpoint: stack.cognitoUrl, authFlow: 'USER_SRP_AUTH' },
    { storage: new MirrorStorage(memoryKV()) },
  );
}

describe('native SRP maths against the local Cognito front', () => {
  it('the adapter signs in with its own maths and leaves the library helper as the library made it', async () => {
    const { user } = await readyUser(stack, 'srp-native-first');
    await expect(srpAdapter().signIn(user.email, user.password)).resolves.toMatchObject({ kind: 'signed-in' });
    expect(librarySrpMethods(AuthenticationHelper)).toBeUndefined();
  });

  it('signs in by SRP five times in a row (fresh a, fresh B each time) and gets the user tokens', async () => {
    const { user } = await readyUser(stack, 'srp-native');
    const adapter = srpAdapter();
    for (let i = 0; i < 5; i += 1) {
      const result = await adapter.signIn(user.email, user.password);
      if (result.kind !== 'signed-in') throw new Error(`expected tokens, got ${result.kind}`);
      expect(decodeJwt(result.tokens.idToken)).toMatchObject({ email: user.email, token_use: 'id' });
      expect(result.tokens.refreshToken).toEqual(expect.any(String));
    }
  });

  it.each([
    ['a wrong password', (p: string) => `${p}x`],
    ['the password in another case', (p: string) => p.toUpperCase()],
  ])('refuses %s with its code, never Cognito’s text', async (_, wrong) => {
    const { user } = await readyUser(stack, 'srp-native-wrong');
    await expect(srpAdapter().signIn(user.email, wrong(user.password))).rejects.toMatchObject({
      code: 'incorrect-credentials',
      // The core carries the code only, never Cognito's text; the background attaches the sentence.
      message: 'incorrect-credentials',
    });
  });
});
