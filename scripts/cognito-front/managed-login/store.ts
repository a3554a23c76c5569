/**
 * What managed login keeps that cognito-local cannot: the pools' identity providers, federated
 * users' links, passkeys, and the scope each managed-login sign-in was granted (so its refreshes
 * keep it, by either API). One JSON file beside cognito-local's database,
 * `<dataDir>/.cognito/managed-login.json` (state-file.ts, as front-state.ts keeps its own), so an `npm start` restart and several fronts on one data dir agree.
 * Short-lived things (authorization codes, hosted sessions, WebAuthn challenges) stay in memory.
 */
import { join } from 'node:path';
import { StateFile } from '../state-file.ts';

/** An identity provider as CreateIdentityProvider takes it (OIDC only, here). */
export interface IdentityProvider {
  UserPoolId: string;
  ProviderName: string;
  ProviderType: string;
  ProviderDetails: Record<string, string>;
  AttributeMapping: Record<string, string>;
  IdpIdentifiers: string[];
  /** Epoch seconds, as the AWS SDK reads Cognito's timestamps. */
  CreationDate: number;
  LastModifiedDate: number;
}

/** A federated user: `<Provider>_<sub>` and the cognito-local user behind it. */
export interface FederatedLink {
  /** cognito-local's username (a uuid in email-username pools). */
  localUsername: string;
  /** The `identities` claim's entries (AWS: strings for dateCreated and primary). */
  identities: { userId: string; providerName: string; providerType: string; issuer: string | null; primary: string; dateCreated: string }[];
}

/** A passkey as WebAuthn registered it. */
export interface Passkey {
  /** base64url credential id. */
  id: string;
  /** base64url COSE public key. */
  publicKey: string;
  counter: number;
  transports: string[];
  /** The user's name for it (AWS: FriendlyCredentialName). */
  friendlyName: string;
  relyingPartyId: string;
  authenticatorAttachment?: string;
  /** Epoch seconds. */
  createdAt: number;
}

/** The claims a managed-login sign-in adds to each token it is refreshed into. */
export interface GrantClaims {
  scope: string;
}

interface StoreFile {
  /** `<poolId>/<ProviderName>` → provider. */
  providers?: Record<string, IdentityProvider>;
  /** `<poolId>/<Provider>_<sub>` → link. */
  federated?: Record<string, FederatedLink>;
  /** `<poolId>/<cognito-local username>` → the user's passkeys. */
  passkeys?: Record<string, Passkey[]>;
  /** `origin_jti` → the grant's claims. */
  grants?: Record<string, GrantClaims>;
}

export class ManagedLoginStore {
  private readonly file: StateFile<StoreFile>;

  constructor(dataDir: string) {
    this.file = new StateFile(join(dataDir, '.cognito', 'managed-login.json'));
  }

  providers(poolId: string): IdentityProvider[] {
    return Object.values(this.read().providers ?? {}).filter((p) => p.UserPoolId === poolId);
  }

  provider(poolId: string, name: string): IdentityProvider | undefined {
    return this.read().providers?.[`${poolId}/${name}`];
  }

  /** Saves `provider`, or deletes the one named when `provider` is undefined. */
  setProvider(poolId: string, name: string, provider: IdentityProvider | undefined): void {
    this.update((s) => {
      const { [`${poolId}/${name}`]: _old, ...rest } = s.providers ?? {};
      s.providers = provider ? { ...rest, [`${poolId}/${name}`]: provider } : rest;
    });
  }

  federated(poolId: string, username: string): FederatedLink | undefined {
    return this.read().federated?.[`${poolId}/${username}`];
  }

  /** The federated username (`Google_123`) whose cognito-local user is `localUsername`. */
  federatedNameOf(poolId: string, localUsername: string): string | undefined {
    const entry = Object.entries(this.read().federated ?? {}).find(([key, link]) => key.startsWith(`${poolId}/`) && link.localUsername === localUsername);
    return entry?.[0].slice(poolId.length + 1);
  }

  setFederated(poolId: string, username: string, link: FederatedLink): void {
    this.update((s) => {
      s.federated = { ...s.federated, [`${poolId}/${username}`]: link };
    });
  }

  passkeys(poolId: string, localUsername: string): Passkey[] {
    return this.read().passkeys?.[`${poolId}/${localUsername}`] ?? [];
  }

  /** The passkey with credential id `id` in pool `poolId`, and whose it is. */
  passkeyById(poolId: string, id: string): { localUsername: string; passkey: Passkey } | undefined {
    for (const [key, list] of Object.entries(this.read().passkeys ?? {})) {
      if (!key.startsWith(`${poolId}/`)) continue;
      const passkey = list.find((p) => p.id === id);
      if (passkey) return { localUsername: key.slice(poolId.length + 1), passkey };
    }
    return undefined;
  }

  /** Applies `change` to the user's passkeys in one read-modify-write. */
  updatePasskeys(poolId: string, localUsername: string, change: (list: Passkey[]) => Passkey[]): void {
    this.update((s) => {
      const key = `${poolId}/${localUsername}`;
      s.passkeys = { ...s.passkeys, [key]: change(s.passkeys?.[key] ?? []) };
    });
  }

  grant(originJti: string): GrantClaims | undefined {
    return this.read().grants?.[originJti];
  }

  setGrant(originJti: string, claims: GrantClaims): void {
    this.update((s) => {
      s.grants = { ...s.grants, [originJti]: claims };
    });
  }

  private update(change: (state: StoreFile) => void): void {
    this.file.update(change);
  }

  private read(): StoreFile {
    return this.file.read();
  }
}
