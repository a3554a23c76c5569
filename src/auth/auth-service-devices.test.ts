// Trusted browsers (remembered devices) and sign-in with an emailed code, through AuthService
// over the in-memory Cognito (testing.ts).
import { describe, expect, it, vi } from 'vitest';
import { memoryKV } from '../shared/kv.ts';
import { AuthService, DEVICE_NAME } from './auth-service.ts';
import { kvSessionStore } from './session-store.ts';
import { FakeCognitoAuth } from './testing.ts';
import { TokenManager } from './token-manager.ts';

const EMAIL = 'ada@example.com';

function setup(o: { mfa?: boolean } = {}) {
  const cognito = new FakeCognitoAuth();
  cognito.trackDevices = true;
  cognito.addUser(EMAIL, o.mfa === false ? {} : { mfa: 'SOFTWARE_TOKEN_MFA' });
  const durable = memoryKV<'indexeddb'>();
  const build = () => {
    const tokens = new TokenManager({ cognito, store: kvSessionStore(durable) });
    return { tokens, auth: new AuthService({ cognito, tokens, pending: memoryKV(), devices: { store: durable, scope: 'pool/client' } }) };
  };
  return { cognito, durable, build, ...build() };
}

const deviceKeys = (durable: { data: Map<string, unknown> }) => [...durable.data.keys()].filter((k) => k.startsWith('devices:'));

describe('Trust this browser', () => {
  it('remembers the device after the code, keeps its secret beside the session under a hashed key, and the next sign-in asks no code', async () => {
    const { auth, cognito, durable } = setup();
    expect(await auth.signIn(EMAIL, 'Passw0rd!')).toMatchObject({ kind: 'mfa-required' });
    expect(await auth.answerMfa('123456', true)).toMatchObject({ kind: 'signed-in' });
    // Named as the account's device list shows it: the product's name.
    expect([...cognito.remembered.values()]).toEqual([{ email: EMAIL, password: 'secret-of-device-1', name: 'Cruddur Companion' }]);
    const keys = deviceKeys(durable);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^devices:[0-9a-f]{64}$/); // no address in clear
    expect(durable.data.get(keys[0] ?? '')).toEqual({ key: 'device-1', groupKey: 'device-group', password: 'secret-of-device-1' });

    await auth.signOut();
    expect(deviceKeys(durable)).toHaveLength(1); // a plain sign-out keeps the trust the user chose
    expect(await auth.signIn('  Ada@Example.com ', 'Passw0rd!')).toMatchObject({ kind: 'signed-in' });
    expect(cognito.devicesPresented.at(-1)).toEqual({ key: 'device-1', groupKey: 'device-group', password: 'secret-of-device-1' });
    expect(deviceKeys(durable)).toHaveLength(1); // a device Cognito still knows stays trusted
  });

  it('remembers nothing when the box is not ticked', async () => {
    const { auth, cognito, durable } = setup();
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.answerMfa('123456');
    expect(cognito.remembered.size).toBe(0);
    expect(deviceKeys(durable)).toEqual([]);
    await auth.signOut();
    expect(await auth.signIn(EMAIL, 'Passw0rd!')).toMatchObject({ kind: 'mfa-required' });
  });

  it('a wrong code with the box ticked remembers nothing and keeps the step', async () => {
    const { auth, cognito } = setup();
    await auth.signIn(EMAIL, 'Passw0rd!');
    await expect(auth.answerMfa('000000', true)).rejects.toMatchObject({ code: 'mfa-code-mismatch' });
    expect(cognito.remembered.size).toBe(0);
    expect(await auth.pendingMfa()).toMatchObject({ step: 'SOFTWARE_TOKEN_MFA' });
  });

  it('a sign-out the moment the session is announced does not lose the trust the user asked for', async () => {
    const { auth, cognito, durable, tokens } = setup();
    await auth.signIn(EMAIL, 'Passw0rd!');
    const stop = tokens.subscribe((state) => {
      if (state.status === 'signed-in') void auth.signOut();
    });
    await auth.answerMfa('123456', true);
    stop();
    expect(cognito.remembered.size).toBe(1);
    expect(deviceKeys(durable)).toHaveLength(1);
  });

  it('still signs in when remembering fails', async () => {
    const { auth, cognito, tokens } = setup();
    cognito.rememberDevice = () => Promise.reject(new Error('offline'));
    await auth.signIn(EMAIL, 'Passw0rd!');
    expect(await auth.answerMfa('123456', true)).toMatchObject({ kind: 'signed-in' });
    expect(tokens.state.status).toBe('signed-in');
  });

  it('a device Cognito no longer knows is dropped here, and the sign-in goes on without it', async () => {
    const { auth, cognito, durable } = setup({ mfa: false });
    await auth.signIn(EMAIL, 'Passw0rd!');
    // Trust it from a signed-in session (the pool tracks devices even without MFA).
    cognito.addUser('bob@example.com', { mfa: 'SOFTWARE_TOKEN_MFA' });
    await auth.signOut();
    await auth.signIn('bob@example.com', 'Passw0rd!');
    await auth.answerMfa('123456', true);
    expect(deviceKeys(durable)).toHaveLength(1);
    await auth.signOut();
    cognito.remembered.clear(); // forgotten from another browser
    expect(await auth.signIn('bob@example.com', 'Passw0rd!')).toMatchObject({ kind: 'mfa-required' });
    await auth.answerMfa('123456');
    expect(deviceKeys(durable)).toEqual([]);
  });

  it('lists the account’s trusted browsers with this one marked, and forgetting this one drops its secret', async () => {
    const { auth, cognito, durable } = setup();
    cognito.remembered.set('elsewhere', { email: EMAIL, password: 'x', name: 'Laptop' });
    cognito.remembered.set('someone-elses', { email: 'bob@example.com', password: 'x', name: 'Bob' });
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.answerMfa('123456', true);
    expect(await auth.trustedDevices()).toEqual([
      { key: 'elsewhere', name: 'Laptop', thisBrowser: false },
      { key: 'device-1', name: DEVICE_NAME, thisBrowser: true },
    ]);
    expect(await auth.forgetDevice('elsewhere')).toEqual([{ key: 'device-1', name: DEVICE_NAME, thisBrowser: true }]);
    expect(deviceKeys(durable)).toHaveLength(1);
    expect(await auth.forgetDevice('device-1')).toEqual([]);
    expect(deviceKeys(durable)).toEqual([]);
  });

  it('signing out everywhere stops trusting this browser, here and at Cognito', async () => {
    const { auth, cognito, durable } = setup();
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.answerMfa('123456', true);
    await auth.signOut({ global: true });
    expect(cognito.remembered.size).toBe(0);
    expect(deviceKeys(durable)).toEqual([]);
    expect(cognito.globalSignOuts).toBe(1);
  });

  it('keeps devices per pool and client: another scope does not see this one', async () => {
    const { auth, cognito, durable, tokens } = setup();
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.answerMfa('123456', true);
    await auth.signOut();
    const other = new AuthService({ cognito, tokens, pending: memoryKV(), devices: { store: durable, scope: 'other-pool/client' } });
    await other.signIn(EMAIL, 'Passw0rd!');
    expect(cognito.devicesPresented.at(-1)).toBeUndefined();
  });
});

describe('a pool that remembers no browsers', () => {
  const flags = (durable: { data: Map<string, unknown> }) => [...durable.data.entries()].filter(([k]) => k.startsWith('noDeviceTracking:'));

  it('offers "Trust this browser" until an MFA sign-in is offered no device, then stops offering it for that pool and client', async () => {
    const { auth, cognito, durable } = setup();
    cognito.trackDevices = false;
    const first = await auth.signIn(EMAIL, 'Passw0rd!');
    expect(first).toStrictEqual({ kind: 'mfa-required', mfa: { step: 'SOFTWARE_TOKEN_MFA' } });
    expect(await auth.answerMfa('123456', true)).toMatchObject({ kind: 'signed-in' });
    expect(cognito.remembered.size).toBe(0);
    // Kept under a hash of pool and client, beside the device records; nothing else is stored.
    expect(flags(durable)).toEqual([[expect.stringMatching(/^noDeviceTracking:[0-9a-f]{64}$/), true]]);
    expect(flags(durable)[0]?.[0]).not.toContain('pool');
    expect(deviceKeys(durable)).toEqual([]);

    await auth.signOut();
    expect(await auth.signIn(EMAIL, 'Passw0rd!')).toStrictEqual({ kind: 'mfa-required', mfa: { step: 'SOFTWARE_TOKEN_MFA', remembersNoBrowsers: true } });
    expect(await auth.pendingMfa()).toStrictEqual({ step: 'SOFTWARE_TOKEN_MFA', remembersNoBrowsers: true });
    expect(flags(durable)).toHaveLength(1); // a signed-in session and a sign-out keep what was learnt of the pool
  });

  it('offers it again once the pool offers a device (device tracking turned on)', async () => {
    const { auth, cognito, durable } = setup();
    cognito.trackDevices = false;
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.answerMfa('123456');
    await auth.signOut();
    cognito.trackDevices = true;
    expect(await auth.signIn(EMAIL, 'Passw0rd!')).toMatchObject({ mfa: { remembersNoBrowsers: true } });
    await auth.answerMfa('123456');
    expect(flags(durable)).toEqual([]);
    await auth.signOut();
    expect(await auth.signIn(EMAIL, 'Passw0rd!')).toStrictEqual({ kind: 'mfa-required', mfa: { step: 'SOFTWARE_TOKEN_MFA' } });
  });

  it('learns nothing from a sign-in that named a device this browser keeps (no new one is offered to it either way)', async () => {
    const { auth, cognito, durable } = setup();
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.answerMfa('123456', true);
    await auth.signOut();
    // The device is still known, but no longer spares the code; and the pool now offers none.
    const device = cognito.remembered.get('device-1');
    if (!device) throw new Error('no remembered device');
    device.password = 'rotated';
    cognito.trackDevices = false;
    expect(await auth.signIn(EMAIL, 'Passw0rd!')).toStrictEqual({ kind: 'mfa-required', mfa: { step: 'SOFTWARE_TOKEN_MFA' } });
    expect(cognito.devicesPresented.at(-1)).toMatchObject({ key: 'device-1' });
    await auth.answerMfa('123456');
    expect(flags(durable)).toEqual([]);
  });

  it('keeps what it learnt per pool and client: another scope still offers it', async () => {
    const { auth, cognito, durable } = setup();
    cognito.trackDevices = false;
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.answerMfa('123456');
    const tokens = new TokenManager({ cognito, store: kvSessionStore(memoryKV<'indexeddb'>()) });
    const other = new AuthService({ cognito, tokens, pending: memoryKV(), devices: { store: durable, scope: 'other-pool/client' } });
    expect(await other.signIn(EMAIL, 'Passw0rd!')).toStrictEqual({ kind: 'mfa-required', mfa: { step: 'SOFTWARE_TOKEN_MFA' } });
  });

  it('still signs in, and still offers it, when the store cannot say or keep it', async () => {
    const cognito = new FakeCognitoAuth();
    cognito.addUser(EMAIL, { mfa: 'SOFTWARE_TOKEN_MFA' });
    const durable = memoryKV<'indexeddb'>();
    const refused: string[] = [];
    const refuse = (key: string) => (key.startsWith('noDeviceTracking:') ? (refused.push(key), Promise.reject(new Error('store closed'))) : undefined);
    const store: typeof durable = { ...durable, get: (key) => refuse(key) ?? durable.get(key), set: (key, value) => refuse(key) ?? durable.set(key, value) };
    const tokens = new TokenManager({ cognito, store: kvSessionStore(durable) });
    const auth = new AuthService({ cognito, tokens, pending: memoryKV(), devices: { store, scope: 'pool/client' } });
    expect(await auth.signIn(EMAIL, 'Passw0rd!')).toStrictEqual({ kind: 'mfa-required', mfa: { step: 'SOFTWARE_TOKEN_MFA' } });
    expect(await auth.answerMfa('123456')).toMatchObject({ kind: 'signed-in' });
    expect(tokens.state.status).toBe('signed-in');
    expect(refused).toHaveLength(2); // it asked, on the way in, and tried to keep what it learnt
    expect(refused[0]).toBe(refused[1]);
  });
});

describe('trusted browsers at the edges', () => {
  it('lists the account’s browsers with none marked when this one is not trusted, and forgetting another leaves it so', async () => {
    const { auth, cognito, durable } = setup();
    cognito.remembered.set('elsewhere', { email: EMAIL, password: 'x', name: 'Laptop' });
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.answerMfa('123456');
    expect(await auth.trustedDevices()).toEqual([{ key: 'elsewhere', name: 'Laptop', thisBrowser: false }]);
    expect(await auth.forgetDevice('elsewhere')).toEqual([]);
    expect(cognito.remembered.size).toBe(0);
    expect(deviceKeys(durable)).toEqual([]);
  });

  it('marks no browser as this one when the session ends while the list loads', async () => {
    const { auth, cognito, tokens } = setup();
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.answerMfa('123456', true);
    const list = cognito.listDevices.bind(cognito);
    cognito.listDevices = async (accessToken) => {
      const devices = await list(accessToken);
      await tokens.signOut('user');
      return devices;
    };
    expect(await auth.trustedDevices()).toEqual([{ key: 'device-1', name: DEVICE_NAME, thisBrowser: false }]);
  });

  it.each([
    ['a key that is not text', { key: 42, groupKey: 'device-group', password: 'secret-of-device-1' }],
    ['no secret', { key: 'device-1', groupKey: 'device-group' }],
    ['nothing usable', 'device-1'],
  ])('a stored device with %s is not presented at sign-in', async (_, stored) => {
    const { auth, cognito, durable } = setup();
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.answerMfa('123456', true);
    await auth.signOut();
    const [key] = deviceKeys(durable);
    durable.data.set(key ?? '', stored);
    expect(await auth.signIn(EMAIL, 'Passw0rd!')).toMatchObject({ kind: 'mfa-required' });
    expect(cognito.devicesPresented.at(-1)).toBeUndefined();
  });

  it('answers the code step even when the session ends the moment it is announced', async () => {
    const { auth, cognito, tokens } = setup();
    await auth.signIn(EMAIL, 'Passw0rd!');
    const stop = tokens.subscribe((state) => {
      if (state.status === 'signed-in') void tokens.signOut('user');
    });
    expect(await auth.answerMfa('123456', true)).toMatchObject({ kind: 'signed-in' });
    stop();
    expect(cognito.remembered.size).toBe(1);
    expect(tokens.state).toEqual({ status: 'signed-out', reason: 'user' });
  });
});

describe('Email me a code', () => {
  it('starts a code step marked as the sign-in itself, and the code signs in without a password', async () => {
    const { auth, cognito } = setup({ mfa: false });
    expect(await auth.signInWithCode('Ada@Example.com')).toEqual({
      kind: 'mfa-required',
      mfa: { step: 'EMAIL_OTP', destination: 'a***@e***', signInCode: true },
    });
    expect(await auth.pendingMfa()).toMatchObject({ step: 'EMAIL_OTP', signInCode: true });
    expect(await auth.answerMfa('123456', true)).toMatchObject({ kind: 'signed-in', state: { user: { email: EMAIL } } });
    // "Trust this browser" is for a second step, not for the code that is the sign-in.
    expect(cognito.remembered.size).toBe(0);
  });

  it('passes on a pool or client without email codes as a plain refusal', async () => {
    const { auth, cognito } = setup({ mfa: false });
    cognito.emailCodes = false;
    await expect(auth.signInWithCode(EMAIL)).rejects.toMatchObject({ code: 'email-code-unavailable' });
  });
});

describe('sign-up without a password', () => {
  const INPUT = { email: 'Cy@Example.com', password: '', name: 'Cy', handle: 'cy' };

  it('confirming the code signs the new user in with the confirmation’s session, and nothing of the sign-up is kept', async () => {
    const { cognito } = setup({ mfa: false });
    const pending = memoryKV<'session'>();
    const tokens = new TokenManager({ cognito, store: kvSessionStore(memoryKV()) });
    const service = new AuthService({ cognito, tokens, pending });
    const signIn = vi.spyOn(cognito, 'signIn');
    const afterSignUp = vi.spyOn(cognito, 'signInAfterSignUp');
    expect(await service.signUp(INPUT)).toEqual({ destination: 'a***@e***' });
    const code = cognito.users.get('cy@example.com')?.code ?? '';
    expect(await service.confirmSignUp('cy@example.com', code)).toMatchObject({ kind: 'signed-in', state: { user: { email: 'cy@example.com' } } });
    expect(afterSignUp.mock.calls).toEqual([['cy@example.com', 'sign-up-session-cy@example.com']]);
    expect(signIn).not.toHaveBeenCalled(); // no password sign-in, with an empty password or any other
    expect(pending.data.size).toBe(0);
  });

  it('an account confirmed meanwhile (a second tab) is only confirmed: nothing is kept and nobody is signed in', async () => {
    const { cognito } = setup({ mfa: false });
    const pending = memoryKV<'session'>();
    const tokens = new TokenManager({ cognito, store: kvSessionStore(memoryKV()) });
    const service = new AuthService({ cognito, tokens, pending });
    const signIn = vi.spyOn(cognito, 'signIn');
    await service.signUp(INPUT);
    const code = cognito.users.get('cy@example.com')?.code ?? '';
    await cognito.confirmSignUp('cy@example.com', code); // the other tab
    expect(await service.confirmSignUp('cy@example.com', code)).toEqual({ kind: 'confirmed' });
    expect(signIn).not.toHaveBeenCalled();
    expect(pending.data.size).toBe(0);
    expect(tokens.state.status).toBe('signed-out');
  });

  it('a pool without email codes refuses it in plain words', async () => {
    const { auth, cognito } = setup({ mfa: false });
    cognito.emailCodes = false;
    await expect(auth.signUp(INPUT)).rejects.toMatchObject({ code: 'password-needed' });
  });

  it('a wrong code keeps the sign-up for another try', async () => {
    const { cognito } = setup({ mfa: false });
    const service = new AuthService({ cognito, tokens: new TokenManager({ cognito, store: kvSessionStore(memoryKV()) }), pending: memoryKV() });
    await service.signUp(INPUT);
    await expect(service.confirmSignUp('cy@example.com', '999999')).rejects.toMatchObject({ code: 'code-mismatch' });
    const code = cognito.users.get('cy@example.com')?.code ?? '';
    expect(await service.confirmSignUp('cy@example.com', code)).toMatchObject({ kind: 'signed-in' });
  });
});
