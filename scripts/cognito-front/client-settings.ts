/**
 * App client settings as AWS applies them, which cognito-local stores without checking
 * (CreateUserPoolClient, https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html):
 * - ExplicitAuthFlows: each sign-in flow needs its `ALLOW_*` value; a client created without any
 *   gets ALLOW_USER_SRP_AUTH, ALLOW_CUSTOM_AUTH and ALLOW_REFRESH_TOKEN_AUTH. A flow the client
 *   does not allow: InvalidParameterException "<FLOW> flow not enabled for this client".
 * - Token lifetimes: access and ID tokens 5 minutes to 1 day, refresh tokens 60 minutes to
 *   10 years, in TokenValidityUnits (default hours, hours, days); outside: "Invalid range for
 *   token validity." (the message AWS answers, awsdocs/aws-cloudformation-user-guide#828). A
 *   development option of the front lets the test stack make shorter ones (front.ts).
 * - AuthSessionValidity: 3 to 15 minutes (default 3), kept by the front.
 */
import type { StoredClient } from './cognito-db.ts';
import { invalidParameter } from './errors.ts';
import { params, type Json } from './srp-sign-in.ts';

export const DEFAULT_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
/** Older spellings AWS still accepts, and the ALLOW_ value each stands for. */
const LEGACY_FLOWS: Record<string, string> = {
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
};
const FLOW_VALUES = [
  'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH', ...Object.keys(LEGACY_FLOWS),
];
/** The ALLOW_ value each AuthFlow needs. */
const NEEDS: Record<string, string> = {
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'ALLOW_REFRESH_TOKEN_AUTH',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  USER_AUTH: 'ALLOW_USER_AUTH',
};

/** The client's ALLOW_ values, legacy spellings translated, AWS's default when it lists none. */
export function allowedFlows(client: Pick<StoredClient, 'ExplicitAuthFlows'>): Set<string> {
  const listed = client.ExplicitAuthFlows?.length ? client.ExplicitAuthFlows : DEFAULT_FLOWS;
  return new Set(listed.map((f) => LEGACY_FLOWS[f] ?? f));
}

/** Throws AWS's error when `client` does not allow `flow`. */
export function requireFlow(client: StoredClient, flow: string): void {
  const needed = NEEDS[flow];
  if (needed && !allowedFlows(client).has(needed)) throw invalidParameter(`${flow} flow not enabled for this client`);
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
const DEFAULT_UNITS = { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' } as const;
const RANGES = {
  AccessToken: [300, 86_400],
  IdToken: [300, 86_400],
  RefreshToken: [3600, 3650 * 86_400],
} as const;
const FIELD = { AccessToken: 'AccessTokenValidity', IdToken: 'IdTokenValidity', RefreshToken: 'RefreshTokenValidity' } as const;
/** AWS's lifetimes when a client sets none (cognito-local would mint 24-hour tokens). */
const DEFAULT_SECONDS = { AccessToken: 3600, IdToken: 3600, RefreshToken: 30 * 86_400 } as const;

/**
 * Create/UpdateUserPoolClient's input checked as AWS checks it, and completed with AWS's defaults
 * (flows, token units) before cognito-local stores it; the settings the front keeps itself
 * (AuthSessionValidity, RefreshTokenRotation) are taken out. `short`: accept access and ID token
 * lifetimes below 5 minutes (the front's development option).
 */
export function clientInput(req: Json, short: boolean): { upstream: Json; authSessionValidity: number } {
  const { AuthSessionValidity, RefreshTokenRotation: _rotation, ...rest } = req;
  const flows = Array.isArray(rest.ExplicitAuthFlows) ? (rest.ExplicitAuthFlows as unknown[]) : [];
  const wrong = flows.find((f) => typeof f !== 'string' || !FLOW_VALUES.includes(f));
  if (wrong !== undefined) {
    throw invalidParameter(`1 validation error detected: Value '[${flows.join(', ')}]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy enum value set: [${FLOW_VALUES.join(', ')}]`);
  }
  const minutes = AuthSessionValidity ?? 3;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 3 || minutes > 15) {
    const bound = typeof minutes === 'number' && minutes > 15 ? 'less than or equal to 15' : 'greater than or equal to 3';
    throw invalidParameter(`1 validation error detected: Value '${String(minutes)}' at 'authSessionValidity' failed to satisfy constraint: Member must have value ${bound}`);
  }
  const given = params(rest.TokenValidityUnits);
  const units: Record<string, string> = {};
  const lifetimes: Json = {};
  for (const token of ['AccessToken', 'IdToken', 'RefreshToken'] as const) {
    const unit = typeof given[token] === 'string' ? String(given[token]) : DEFAULT_UNITS[token];
    if (!(unit in UNIT_SECONDS)) throw invalidParameter(`1 validation error detected: Value '${unit}' at 'tokenValidityUnits.${token.charAt(0).toLowerCase()}${token.slice(1)}' failed to satisfy constraint: Member must satisfy enum value set: [seconds, minutes, hours, days]`);
    units[token] = unit;
    const value = rest[FIELD[token]];
    if (value === undefined || value === null) {
      // AWS's default, in the client's unit (or minutes, when the default is no whole number of it).
      const whole = DEFAULT_SECONDS[token] % (UNIT_SECONDS[unit] ?? 1) === 0;
      if (!whole) units[token] = 'minutes';
      lifetimes[FIELD[token]] = DEFAULT_SECONDS[token] / (UNIT_SECONDS[units[token] ?? 'minutes'] ?? 60);
      continue;
    }
    const seconds = Number(value) * (UNIT_SECONDS[unit] ?? 1);
    const [min, max] = RANGES[token];
    const lowest = short && token !== 'RefreshToken' ? 1 : min;
    if (!Number.isFinite(seconds) || seconds < lowest || seconds > max) throw invalidParameter('Invalid range for token validity.');
  }
  return {
    upstream: { ...rest, ...lifetimes, ExplicitAuthFlows: flows.length ? flows : DEFAULT_FLOWS, TokenValidityUnits: units },
    authSessionValidity: minutes,
  };
}
