/**
 * Remembered devices, as AWS describes them ("Working with user devices in your user pool",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html),
 * which cognito-local lacks:
 * - a pool with `DeviceConfiguration` tracks devices: a sign-in on an unknown device returns
 *   `NewDeviceMetadata` (DeviceKey, DeviceGroupKey), and the client registers the device's SRP
 *   verifier with `ConfirmDevice`; the device is remembered at once, or, with
 *   `DeviceOnlyRememberedOnUserPrompt`, only when `UpdateDeviceStatus` says so
 *   (`UserConfirmationNecessary` tells the client which);
 * - a later sign-in that names the device (`DEVICE_KEY`) proves it holds the device's secret with
 *   the `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER` challenges (SRP over the stored verifier,
 *   srp.ts); with `ChallengeRequiredOnNewDevice`, a remembered device then skips MFA;
 * - `GetDevice`, `ListDevices`, `ForgetDevice`, and the Admin* forms of each; a device the user
 *   does not have: ResourceNotFoundException "Device does not exist." (the text Amplify looks for
 *   before it drops its device key and signs in again without it).
 */
import { randomBytes as nodeRandomBytes, randomUUID } from 'node:crypto';
import type { CognitoDb } from './cognito-db.ts';
import { CognitoError, incorrectCredentials, invalidParameter } from './errors.ts';
import type { FrontState } from './front-state.ts';
import { ChallengeSessions } from './challenge-sessions.ts';
import { startVerifier, type PasswordVerifier } from './srp.ts';
import { params, type Json } from './srp-sign-in.ts';
import type { SignInContext } from './sign-in.ts';

export interface DeviceRecord {
  key: string;
  groupKey: string;
  /** `<pool id>/<username>`. */
  user: string;
  /** ConfirmDevice registered its verifier (base64 PasswordVerifier and Salt). */
  confirmed: boolean;
  verifier?: string;
  salt?: string;
  name?: string;
  remembered: boolean;
  createdAt: number;
  modifiedAt: number;
  lastAuthAt?: number;
}

export const deviceMissing = () => new CognitoError('ResourceNotFoundException', 'Device does not exist.');

interface DeviceSession {
  clientId: string;
  signIn: SignInContext;
  device: DeviceRecord;
  verifier?: PasswordVerifier;
  secretBlock?: string;
}

export interface DevicesOptions {
  db: CognitoDb;
  state: FrontState;
  now: () => number;
  /** The user an access token names (the front's check: signature, expiry, revocation). */
  tokenUser: (token: unknown) => Promise<{ poolId: string; username: string }>;
  /** What follows a device's proof in the sign-in (sign-in.ts). */
  afterDevice: (signIn: SignInContext, device: DeviceRecord) => Promise<Json>;
  randomBytes?: (n: number) => Buffer;
}

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const fromBase64 = (text: unknown) => BigInt(`0x${Buffer.from(String(text ?? ''), 'base64').toString('hex') || '0'}`);

/** A device as the API shows it (DeviceType). */
export function deviceType(d: DeviceRecord): Json {
  return {
    DeviceKey: d.key,
    DeviceAttributes: [
      { Name: 'device_status', Value: 'valid' },
      ...(d.name ? [{ Name: 'device_name', Value: d.name }] : []),
      { Name: 'dev:device_remembered_status', Value: d.remembered ? 'remembered' : 'not_remembered' },
      { Name: 'last_ip_used', Value: '127.0.0.1' },
    ],
    DeviceCreateDate: seconds(d.createdAt),
    DeviceLastModifiedDate: seconds(d.modifiedAt),
    ...(d.lastAuthAt !== undefined ? { DeviceLastAuthenticatedDate: seconds(d.lastAuthAt) } : {}),
  };
}

export function createDevices(o: DevicesOptions) {
  const { db, state, now } = o;
  const random = (n: number) => (o.randomBytes ?? nodeRandomBytes)(n);
  const sessions = new ChallengeSessions<DeviceSession>(now, random);

  /** Device `key` of `user`, confirmed or not; ResourceNotFoundException for anyone else's. */
  const deviceOf = (user: string, key: unknown): DeviceRecord => {
    const d = typeof key === 'string' ? state.entry('devices', key) : undefined;
    if (!d || d.user !== user) throw deviceMissing();
    return d;
  };
  const change = (key: string, fn: (d: DeviceRecord) => DeviceRecord) =>
    state.changeEntry('devices', key, (d) => (d ? fn({ ...d, modifiedAt: now() }) : d));

  /** Whether the pool tracks devices, and how. */
  const tracking = async (poolId: string) => (await db.pool(poolId)).DeviceConfiguration;

  /** A new, unconfirmed device for the sign-in that just ended: AWS's NewDeviceMetadata. */
  const newDevice = (poolId: string, user: string): Json => {
    const key = `${poolId.split('_')[0] ?? 'local'}_${randomUUID()}`;
    const groupKey = `-${random(12).toString('base64url').replace(/[-_]/g, '').slice(0, 9)}`;
    const at = now();
    state.changeEntry('devices', key, () => ({ key, groupKey, user, confirmed: false, remembered: false, createdAt: at, modifiedAt: at }));
    return { DeviceKey: key, DeviceGroupKey: groupKey };
  };

  /** The device a sign-in named, when the pool tracks devices and it is confirmed (else undefined). */
  const presented = async (signIn: SignInContext): Promise<DeviceRecord | undefined> => {
    if (!signIn.deviceKey || !(await tracking(signIn.poolId))) return undefined;
    const d = deviceOf(`${signIn.poolId}/${signIn.username}`, signIn.deviceKey);
    return d.confirmed && d.verifier && d.salt ? d : undefined;
  };

  /** The DEVICE_SRP_AUTH challenge for a sign-in on `device`. */
  const challenge = async (signIn: SignInContext, device: DeviceRecord): Promise<Json> => {
    const client = await db.client(signIn.clientId);
    const Session = sessions.open({ clientId: signIn.clientId, signIn, device }, client);
    return { ChallengeName: 'DEVICE_SRP_AUTH', Session, ChallengeParameters: { USERNAME: signIn.username } };
  };

  /** RespondToAuthChallenge DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER. */
  const respond = async (req: Json): Promise<Json> => {
    const s = sessions.find(req.Session, req.ClientId);
    sessions.close(req.Session);
    const r = params(req.ChallengeResponses);
    const client = await db.client(s.clientId);
    if (r.DEVICE_KEY !== s.device.key) throw deviceMissing();
    if (req.ChallengeName === 'DEVICE_SRP_AUTH' && !s.verifier) {
      if (typeof r.SRP_A !== 'string' || !/^[0-9a-f]+$/i.test(r.SRP_A)) throw invalidParameter('Missing required parameter SRP_A');
      let verifier: PasswordVerifier;
      try {
        verifier = startVerifier({ poolName: s.device.groupKey, userIdForSrp: s.device.key, salt: fromBase64(s.device.salt), v: fromBase64(s.device.verifier), srpA: r.SRP_A, randomBytes: o.randomBytes });
      } catch {
        throw invalidParameter('SRP_A is invalid');
      }
      const secretBlock = random(64).toString('base64');
      const Session = sessions.open({ ...s, verifier, secretBlock }, client);
      const parameters = { SRP_B: verifier.srpB, SALT: verifier.salt, SECRET_BLOCK: secretBlock, USERNAME: s.signIn.username };
      return { ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session, ChallengeParameters: parameters };
    }
    if (req.ChallengeName !== 'DEVICE_PASSWORD_VERIFIER' || !s.verifier || !s.secretBlock) throw invalidParameter('Invalid challenge response for the session.');
    const proven =
      r.PASSWORD_CLAIM_SECRET_BLOCK === s.secretBlock &&
      s.verifier.check({ signature: String(r.PASSWORD_CLAIM_SIGNATURE ?? ''), secretBlock: s.secretBlock, timestamp: String(r.TIMESTAMP ?? '') });
    if (!proven) throw incorrectCredentials();
    const device = change(s.device.key, (d) => ({ ...d, lastAuthAt: now() })) ?? s.device;
    return o.afterDevice(s.signIn, device);
  };

  /** The user and device an access-token call names. */
  const mine = async (req: Json) => {
    const { poolId, username } = await o.tokenUser(req.AccessToken);
    return { user: `${poolId}/${username}`, poolId };
  };
  const admin = async (req: Json) => {
    const user = await db.user(String(req.UserPoolId), req.Username);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return { user: `${String(req.UserPoolId)}/${user.Username}`, poolId: String(req.UserPoolId) };
  };
  const remembered = (status: unknown) => {
    if (status !== 'remembered' && status !== 'not_remembered') {
      throw invalidParameter(`1 validation error detected: Value '${String(status)}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]`);
    }
    return status === 'remembered';
  };
  const list = (user: string, req: Json): Json => {
    const all = Object.values(state.entries('devices')).filter((d) => d.user === user && d.confirmed).sort((a, b) => a.createdAt - b.createdAt);
    const start = typeof req.PaginationToken === 'string' ? Number(Buffer.from(req.PaginationToken, 'base64url').toString()) || 0 : 0;
    const limit = Math.min(typeof req.Limit === 'number' && req.Limit > 0 ? req.Limit : 60, 60);
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
    return { Devices: page.map(deviceType), ...(next ? { PaginationToken: next } : {}) };
  };
  const status = async (who: { user: string }, req: Json) => {
    const d = deviceOf(who.user, req.DeviceKey);
    const value = remembered(req.DeviceRememberedStatus);
    change(d.key, (x) => ({ ...x, remembered: value }));
    return {};
  };
  const forget = (who: { user: string }, req: Json) => {
    const d = deviceOf(who.user, req.DeviceKey);
    state.changeEntry('devices', d.key, () => undefined);
    return {};
  };

  const operations: Record<string, (req: Json) => Promise<Json>> = {
    ConfirmDevice: async (req) => {
      const { user, poolId } = await mine(req);
      const d = deviceOf(user, req.DeviceKey);
      if (d.confirmed) throw new CognitoError('DeviceKeyExistsException', 'Device key already exists.');
      const config = params(req.DeviceSecretVerifierConfig);
      const promptFirst = (await tracking(poolId))?.DeviceOnlyRememberedOnUserPrompt === true;
      change(d.key, (x) => ({
        ...x,
        confirmed: true,
        remembered: !promptFirst,
        ...(typeof config.PasswordVerifier === 'string' ? { verifier: config.PasswordVerifier } : {}),
        ...(typeof config.Salt === 'string' ? { salt: config.Salt } : {}),
        ...(typeof req.DeviceName === 'string' ? { name: req.DeviceName } : {}),
      }));
      return { UserConfirmationNecessary: promptFirst };
    },
    UpdateDeviceStatus: async (req) => status(await mine(req), req),
    AdminUpdateDeviceStatus: async (req) => status(await admin(req), req),
    GetDevice: async (req) => ({ Device: deviceType(deviceOf((await mine(req)).user, req.DeviceKey)) }),
    AdminGetDevice: async (req) => ({ Device: deviceType(deviceOf((await admin(req)).user, req.DeviceKey)) }),
    ListDevices: async (req) => list((await mine(req)).user, req),
    AdminListDevices: async (req) => list((await admin(req)).user, req),
    ForgetDevice: async (req) => forget(await mine(req), req),
    AdminForgetDevice: async (req) => forget(await admin(req), req),
  };

  return { operations, tracking, newDevice, presented, challenge, respond, deviceOf };
}
