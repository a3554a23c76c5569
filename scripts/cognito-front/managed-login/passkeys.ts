/**
 * Passkeys (WebAuthn) with @simplewebauthn/server: the ceremonies behind managed login's
 * `/passkeys/add` and "Sign in with a passkey", the user-pool API's StartWebAuthnRegistration,
 * CompleteWebAuthnRegistration, ListWebAuthnCredentials and DeleteWebAuthnCredential, and the
 * WEB_AUTHN challenge of USER_AUTH (`startWebAuthnChallenge` / `answerWebAuthnChallenge`).
 *
 * The relying party is the host that serves managed login (`localhost`; WebAuthn refuses an IP
 * address), as AWS's default is the pool's managed-login domain. A ceremony may come from any
 * origin WebAuthn itself allows for that RP ID (its host or a subdomain of it, HTTPS or
 * localhost): the origin is read from the signed client data and then checked by the library.
 * Credentials are discoverable (resident), so "Sign in with a passkey" needs no username.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { CognitoError } from '../errors.ts';
import { Expiring } from './expiring.ts';
import type { ManagedLoginStore, Passkey } from './store.ts';

/** AWS's WebAuthn challenge lifetime is the sign-in session's; the browser's own timeout is 60 s. */
const CHALLENGE_TTL_MS = 3 * 60_000;

interface Challenge {
  poolId: string;
  challenge: string;
  /** Registration: whose passkey it will be. */
  username?: string;
}

export interface PasskeyUser {
  poolId: string;
  /** cognito-local's username. */
  username: string;
  /** What the authenticator shows (the email). */
  displayName: string;
  /** The user's `sub`: the WebAuthn user handle. */
  sub: string;
}

const notFound = () => new CognitoError('WebAuthnChallengeNotFoundException', 'The WebAuthn challenge was not found or has expired.');

/** The origin the browser signed into the client data, if it is one WebAuthn allows for `rpId`. */
function originFor(clientDataJSON: unknown, rpId: string): string {
  let origin = '';
  try {
    origin = String((JSON.parse(Buffer.from(String(clientDataJSON), 'base64url').toString('utf8')) as { origin?: unknown }).origin ?? '');
    const url = new URL(origin);
    const hostMatches = url.hostname === rpId || url.hostname.endsWith(`.${rpId}`);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost');
    if (hostMatches && secure) return origin;
  } catch {
    // falls through to the refusal
  }
  throw new CognitoError('WebAuthnOriginNotAllowedException', `The origin ${origin || '(none)'} is not allowed for relying party ${rpId}.`);
}

export class Passkeys {
  private readonly challenges = new Expiring<Challenge>(CHALLENGE_TTL_MS);

  constructor(
    private readonly store: ManagedLoginStore,
    /** The relying-party id: managed login's host name. */
    readonly rpId: string,
  ) {}

  /** Options for navigator.credentials.create, and the key its answer must come back with. */
  async registrationOptions(user: PasskeyUser, key?: string) {
    const existing = this.store.passkeys(user.poolId, user.username);
    const options = await generateRegistrationOptions({
      rpName: this.rpId,
      rpID: this.rpId,
      userName: user.displayName,
      userDisplayName: user.displayName,
      userID: new TextEncoder().encode(user.sub),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
    const id = this.challenges.add({ poolId: user.poolId, username: user.username, challenge: options.challenge }, key);
    return { options, challengeId: id };
  }

  /** Verifies a registration and keeps the passkey. */
  async register(user: PasskeyUser, challengeId: string, credential: unknown, friendlyName = 'Passkey'): Promise<Passkey> {
    const pending = this.challenges.take(challengeId);
    if (!pending || pending.poolId !== user.poolId || pending.username !== user.username) throw notFound();
    const response = credential as RegistrationResponseJSON;
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: originFor(response?.response?.clientDataJSON, this.rpId),
      expectedRPID: this.rpId,
      requireUserVerification: false,
    }).catch((error: unknown) => {
      throw new CognitoError('InvalidParameterException', `The passkey could not be verified: ${(error as Error).message}`);
    });
    if (!verified.verified) throw new CognitoError('InvalidParameterException', 'The passkey could not be verified.');
    const { credential: c } = verified.registrationInfo;
    const passkey: Passkey = {
      id: c.id,
      publicKey: Buffer.from(c.publicKey).toString('base64url'),
      counter: c.counter,
      transports: c.transports ?? response.response.transports ?? [],
      friendlyName,
      relyingPartyId: this.rpId,
      createdAt: Math.floor(Date.now() / 1000),
    };
    if (response.authenticatorAttachment) passkey.authenticatorAttachment = response.authenticatorAttachment;
    this.store.updatePasskeys(user.poolId, user.username, (list) => [...list.filter((p) => p.id !== passkey.id), passkey]);
    return passkey;
  }

  list(user: PasskeyUser): Passkey[] {
    return this.store.passkeys(user.poolId, user.username);
  }

  /** Deletes the user's passkey `id`; false when the user has none by that id. */
  remove(user: PasskeyUser, id: string): boolean {
    let removed = false;
    this.store.updatePasskeys(user.poolId, user.username, (list) => {
      const kept = list.filter((p) => p.id !== id);
      removed = kept.length !== list.length;
      return kept;
    });
    return removed;
  }

  /** Options for navigator.credentials.get: `username` narrows them to the user's passkeys (USER_AUTH). */
  async authenticationOptions(poolId: string, username?: string, key?: string) {
    const mine = username ? this.store.passkeys(poolId, username) : [];
    const options = await generateAuthenticationOptions({
      rpID: this.rpId,
      allowCredentials: mine.map((p) => ({ id: p.id, transports: p.transports })),
      userVerification: 'preferred',
    });
    const id = this.challenges.add({ poolId, username, challenge: options.challenge }, key);
    return { options, challengeId: id };
  }

  /** Verifies an assertion; answers whose passkey it was (cognito-local's username). */
  async authenticate(poolId: string, challengeId: string, credential: unknown): Promise<string> {
    const pending = this.challenges.take(challengeId);
    if (!pending || pending.poolId !== poolId) throw notFound();
    const response = credential as AuthenticationResponseJSON;
    const found = typeof response?.id === 'string' ? this.store.passkeyById(poolId, response.id) : undefined;
    const refused = () => new CognitoError('NotAuthorizedException', 'Incorrect username or passkey.');
    if (!found || (pending.username !== undefined && found.localUsername !== pending.username)) throw refused();
    const { passkey } = found;
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: originFor(response.response?.clientDataJSON, this.rpId),
      expectedRPID: passkey.relyingPartyId,
      credential: { id: passkey.id, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter, transports: passkey.transports as WebAuthnCredential['transports'] },
      requireUserVerification: false,
    }).catch(() => ({ verified: false as const, authenticationInfo: undefined }));
    if (!verified.verified || !verified.authenticationInfo) throw refused();
    const counter = verified.authenticationInfo.newCounter;
    this.store.updatePasskeys(poolId, found.localUsername, (list) => list.map((p) => (p.id === passkey.id ? { ...p, counter } : p)));
    return found.localUsername;
  }
}
