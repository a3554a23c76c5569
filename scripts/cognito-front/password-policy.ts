/**
 * Cognito's password policy check, with the texts AWS puts in `InvalidPasswordException`
 * (e.g. "Password did not conform with policy: Password must have symbol characters").
 * cognito-local stores the pool's policy but never enforces it.
 *
 * AWS reports one rule at a time. The order used here for a password breaking several rules
 * (length, lowercase, uppercase, numbers, symbols) is a best guess, not verified against AWS.
 */

export interface PasswordPolicy {
  MinimumLength?: number;
  RequireUppercase?: boolean;
  RequireLowercase?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
}

/** Cognito's default policy (also what cognito-local writes into a new pool's Options). */
export const DEFAULT_PASSWORD_POLICY: Required<PasswordPolicy> = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
};

/**
 * The special characters Cognito counts, from
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html
 * (a space counts too when it is neither leading nor trailing).
 */
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/;
const INNER_SPACE = /\S +\S/;

/** The AWS message for the first rule `password` breaks, or `undefined` when it conforms. */
export function passwordPolicyViolation(
  password: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): string | undefined {
  const p = { ...DEFAULT_PASSWORD_POLICY, ...policy };
  const rule =
    [...password].length < p.MinimumLength
      ? 'Password not long enough'
      : p.RequireLowercase && !/[a-z]/.test(password)
        ? 'Password must have lowercase characters'
        : p.RequireUppercase && !/[A-Z]/.test(password)
          ? 'Password must have uppercase characters'
          : p.RequireNumbers && !/[0-9]/.test(password)
            ? 'Password must have numeric characters'
            : p.RequireSymbols && !SYMBOL.test(password) && !INNER_SPACE.test(password)
              ? 'Password must have symbol characters'
              : undefined;
  return rule && `Password did not conform with policy: ${rule}`;
}
