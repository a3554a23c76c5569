/**
 * MFA settings as plain data, for mfa.ts: which kinds a pool offers and a user has on, the
 * pool setting and user preferences checked as AWS checks them, GetUser's MFA fields, and the
 * errors AWS answers MFA calls with.
 */
import { CognitoError, invalidParameter } from './errors.ts';
import type { PoolMfaConfig, UserMfa } from './front-state.ts';
import { params, type Json } from './srp-sign-in.ts';

export type CodeKind = 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** AWS's texts: a challenge session gone (or never), a wrong authenticator code, a wrong emailed
 * code, an authenticator code used twice, a wrong first code, an authenticator never verified. */
export const expired = () => new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
export const wrongTotp = () => new CognitoError('CodeMismatchException', 'Invalid code received for user');
export const wrongEmailCode = () => new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.');
export const reused = () => new CognitoError('ExpiredCodeException', 'Your software token has already been used once.');
export const verifyMismatch = () => new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch');
export const notSetUp = () => invalidParameter('User has not set up software token mfa');

/** The pool's MFA kinds, then the ones this user has turned on among them. */
export const poolKinds = (config: PoolMfaConfig): CodeKind[] => [
  ...(config.SoftwareTokenMfaConfiguration?.Enabled ? (['SOFTWARE_TOKEN_MFA'] as const) : []),
  ...(config.EmailMfaConfiguration ? (['EMAIL_OTP'] as const) : []),
];
export const userKinds = (config: PoolMfaConfig, m: UserMfa): CodeKind[] =>
  poolKinds(config).filter((k) => (k === 'SOFTWARE_TOKEN_MFA' ? m.totpEnabled && m.totpSecret : m.emailEnabled));

/** GetUser's MFA fields, as AWS words them (both absent when the user has none). */
export function mfaFields(m: UserMfa): Json {
  const list = [...(m.totpEnabled ? ['SOFTWARE_TOKEN_MFA'] : []), ...(m.emailEnabled ? ['EMAIL_OTP'] : [])];
  return {
    ...(list.length ? { UserMFASettingList: list } : {}),
    ...(m.preferred && list.includes(m.preferred) ? { PreferredMfaSetting: m.preferred } : {}),
  };
}

/** SetUserPoolMfaConfig's input checked as AWS checks it. */
export function validConfig(req: Json, current: PoolMfaConfig): PoolMfaConfig {
  const mode = req.MfaConfiguration ?? current.MfaConfiguration;
  if (mode !== 'OFF' && mode !== 'ON' && mode !== 'OPTIONAL') {
    throw invalidParameter("1 validation error detected: Value at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]");
  }
  const next: PoolMfaConfig = { ...current, MfaConfiguration: mode };
  if (req.SoftwareTokenMfaConfiguration !== undefined) {
    next.SoftwareTokenMfaConfiguration = { Enabled: params(req.SoftwareTokenMfaConfiguration).Enabled === true };
  }
  if (req.EmailMfaConfiguration !== undefined) {
    const { Message, Subject } = params(req.EmailMfaConfiguration);
    next.EmailMfaConfiguration = {
      ...(typeof Message === 'string' ? { Message } : {}),
      ...(typeof Subject === 'string' ? { Subject } : {}),
    };
  }
  // AWS refuses MFA that is on with no kind to use. (Its exact wording is not in the API
  // reference; the exception is.)
  if (mode !== 'OFF' && poolKinds(next).length === 0) {
    throw invalidParameter('Invalid MFA configuration given, can\'t turn on MFA without any MFA type enabled.');
  }
  return next;
}

/**
 * The user's MFA settings after SetUserMFAPreference's `totp` and `email` parts (each
 * `{Enabled, PreferredMfa}`, absent: unchanged), refused as AWS refuses them.
 */
export function withPreference(config: PoolMfaConfig, current: UserMfa, totp: Json | undefined, email: Json | undefined): UserMfa {
  if (totp?.Enabled === true && !current.totpSecret) throw notSetUp();
  if (email?.Enabled === true && !config.EmailMfaConfiguration) throw invalidParameter('Email MFA is not enabled for this user pool.');
  const next: UserMfa = { ...current };
  const apply = (kind: CodeKind, asked: Json | undefined, field: 'totpEnabled' | 'emailEnabled') => {
    if (!asked) return;
    if (typeof asked.Enabled === 'boolean') next[field] = asked.Enabled;
    if (asked.PreferredMfa === true && next[field]) next.preferred = kind;
    if ((asked.PreferredMfa === false || !next[field]) && next.preferred === kind) delete next.preferred;
  };
  apply('SOFTWARE_TOKEN_MFA', totp, 'totpEnabled');
  apply('EMAIL_OTP', email, 'emailEnabled');
  // A pool that requires MFA keeps each user's last kind on.
  if (config.MfaConfiguration === 'ON' && userKinds(config, current).length > 0 && userKinds(config, next).length === 0) {
    throw invalidParameter('MFA is required for this user pool: at least one MFA type must stay enabled.');
  }
  return next;
}
