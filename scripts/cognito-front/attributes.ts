/**
 * What AWS refuses in user names and attribute values, before cognito-local (which refuses
 * nothing) stores them (AttributeType and SignUp in the API reference):
 * - an attribute name: 1 to 32 characters of `[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]`;
 * - an attribute value: at most 2048 characters. AWS documents no character rule for values, so a
 *   control character in `name` or `preferred_username` is accepted here as there: the API, which
 *   shows them, refuses them (server/);
 * - a username: 1 to 128 characters of `[\p{L}\p{M}\p{S}\p{N}\p{P}]` (no spaces, no control
 *   characters);
 * - `email`: AWS's "Invalid email address format." for a value that is not one.
 * Messages are AWS's "N validation error(s) detected" form; names and values of sensitive members
 * are left out of them, as AWS leaves them out.
 */
import { invalidParameter } from './errors.ts';

const NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+$/u;
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/u;
const MAX_VALUE = 2048;
const MAX_USERNAME = 128;

const throwAll = (problems: string[]) => {
  if (problems.length === 0) return;
  throw invalidParameter(`${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}`);
};

/** Checks a list of `{Name, Value}` sent as `member` (e.g. `userAttributes`). */
export function checkAttributes(list: unknown, member: string): void {
  if (!Array.isArray(list)) return;
  const problems: string[] = [];
  list.forEach((item: unknown, i) => {
    const { Name, Value } = (typeof item === 'object' && item !== null ? item : {}) as { Name?: unknown; Value?: unknown };
    const at = `${member}.${i + 1}.member`;
    const name = typeof Name === 'string' ? Name : '';
    if (!NAME.test(name)) problems.push(`Value '${name}' at '${at}.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r ]+`);
    if ([...name].length > 32) problems.push(`Value '${name}' at '${at}.name' failed to satisfy constraint: Member must have length less than or equal to 32`);
    if (typeof Value === 'string' && [...Value].length > MAX_VALUE) problems.push(`Value at '${at}.value' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE}`);
  });
  throwAll(problems);
  const email = list.find((a: { Name?: unknown }) => a?.Name === 'email') as { Value?: unknown } | undefined;
  if (email && typeof email.Value === 'string' && !EMAIL.test(email.Value)) throw invalidParameter('Invalid email address format.');
}

/** Checks a Username as SignUp and AdminCreateUser take it. */
export function checkUsername(username: unknown): void {
  if (typeof username !== 'string') return;
  const problems: string[] = [];
  if ([...username].length > MAX_USERNAME) problems.push(`Value at 'username' failed to satisfy constraint: Member must have length less than or equal to ${MAX_USERNAME}`);
  if (!USERNAME.test(username)) problems.push("Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
  throwAll(problems);
}
