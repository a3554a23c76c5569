/**
 * What the "Continue as" view must say about the offered account before anyone continues as it.
 * The account's name, handle and email are Cognito's answer, but the account may be an
 * attacker's own, named to look like the user's: "Demo User", `@demo`, `demo@cruddur.Iocal`
 * (a capital I for the l). So:
 * - hidden characters (bidi controls, zero-width, tags) in any of them are revealed, and the offer
 *   is refused: no genuine Cruddur account needs them, and a label that reorders or hides text
 *   can spell anyone;
 * - a handle or email that mixes scripts (a Cyrillic `е` in `dеmо`) is flagged (TR39);
 * - the email's domain is shown in lower case (domains are case-insensitive: `Iocal` reads `iocal`);
 * - whether this account was used in this browser before is said either way: a look-alike of
 *   the user's own account is, by construction, one they have never used here.
 */
import { hasHidden } from '../shared/hidden-characters.ts';
import type { UserProfile } from '../shared/auth-state.ts';
import { checkEmailScripts, checkScripts } from '../shared/mixed-script.ts';
import { t, uiLanguage } from '../shared/i18n.ts';

/** The view's sentences, read from the catalog when shown (getters: the language of that moment). */
export const ADOPT_TEXT = {
  get hidden() {
    return t('popup_adoptHidden');
  },
  mixedHandle: (scripts: string) => t('popup_adoptMixedHandle', scripts),
  mixedEmail: (scripts: string) => t('popup_adoptMixedEmail', scripts),
  get usedBefore() {
    return t('popup_adoptUsedBefore');
  },
  get newHere() {
    return t('popup_adoptNewHere');
  },
  hiddenCharacter: (code: string) => t('popup_adoptHiddenCharacter', code),
  get signInInstead() {
    return t('popup_adoptSignInInstead');
  },
};

export interface OfferCheck {
  /** Hidden characters in the name, handle or email: the offer cannot be taken. */
  refused: boolean;
  /** Sentences that flag a look-alike (mixed scripts), in the order shown. */
  flags: string[];
  /** The email as shown: its domain in lower case. */
  email: string;
}

// The scripts' names are Unicode's (Latin, Cyrillic); the list is joined as the language joins lists.
const listOf = (scripts: string[]) => new Intl.ListFormat(uiLanguage(), { type: 'conjunction' }).format(scripts);

/** Domains are case-insensitive; showing them in lower case ends the `I`-for-`l` trick there. */
export function displayEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? email : email.slice(0, at + 1) + email.slice(at + 1).toLowerCase();
}

export function checkOffer(user: Pick<UserProfile, 'name' | 'handle' | 'email'>): OfferCheck {
  const refused = [user.name, user.handle, user.email].some((field) => hasHidden(field));
  const handle = checkScripts(user.handle);
  const email = checkEmailScripts(user.email);
  const flags = [...(handle.mixed ? [ADOPT_TEXT.mixedHandle(listOf(handle.scripts))] : []), ...(email.mixed ? [ADOPT_TEXT.mixedEmail(listOf(email.scripts))] : [])];
  return { refused, flags, email: displayEmail(user.email) };
}
