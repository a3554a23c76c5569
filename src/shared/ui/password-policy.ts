/**
 * Cognito's default password policy as live hints. The background still maps a refused
 * password to a plain message; these only help the user get it right the first time.
 */
import { t } from '../i18n.ts';

export interface PasswordRule {
  id: 'length' | 'upper' | 'lower' | 'number' | 'symbol';
  label: string;
  met: boolean;
}

// The special characters Cognito counts (an inner space counts too):
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]|\S +\S/;

export function passwordRules(password: string): PasswordRule[] {
  return [
    { id: 'length', label: t('check_ruleLength'), met: [...password].length >= 8 },
    { id: 'upper', label: t('check_ruleUpper'), met: /[A-Z]/.test(password) },
    { id: 'lower', label: t('check_ruleLower'), met: /[a-z]/.test(password) },
    { id: 'number', label: t('check_ruleNumber'), met: /[0-9]/.test(password) },
    { id: 'symbol', label: t('check_ruleSymbol'), met: SYMBOL.test(password) },
  ];
}

export function meetsPolicy(password: string): boolean {
  return passwordRules(password).every((r) => r.met);
}
