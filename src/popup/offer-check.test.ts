import { describe, expect, it } from 'vitest';
import { ADOPT_TEXT, checkOffer, displayEmail } from './offer-check.ts';
import { useLanguage } from '../shared/i18n-fake.ts';

const GENUINE = { name: 'Demo User', handle: 'demo', email: 'demo@cruddur.local' };

describe('what the "Continue as" view says about the offered account', () => {
  it('has nothing to say about a plain account', () => {
    expect(checkOffer(GENUINE)).toEqual({ refused: false, flags: [], email: 'demo@cruddur.local' });
  });

  it.each([
    ['a right-to-left override in the handle', { handle: 'demo\u202E' }],
    ['a zero-width space in the handle', { handle: 'de\u200Bmo' }],
    ['tag characters in the name', { name: 'Demo User\u{E0041}' }],
    ['a bidi isolate in the email', { email: 'demo@cruddur.local\u2066' }],
  ])('refuses %s', (_, field) => {
    expect(checkOffer({ ...GENUINE, ...field }).refused).toBe(true);
  });

  it('keeps an emoji sequence in a name', () => {
    expect(checkOffer({ ...GENUINE, name: 'Demo 👩‍💻' }).refused).toBe(false);
  });

  it.each([
    ['handle', { handle: 'd\u0435m\u043E' }, [ADOPT_TEXT.mixedHandle('Latin and Cyrillic')]],
    ['email', { email: 'd\u0435mo@cruddur.local' }, [ADOPT_TEXT.mixedEmail('Latin and Cyrillic')]],
    ['handle and email', { handle: 'dem\u03BF', email: 'dem\u03BF@cruddur.local' }, [ADOPT_TEXT.mixedHandle('Latin and Greek'), ADOPT_TEXT.mixedEmail('Latin and Greek')]],
  ])('flags a mixed-script %s', (_, field, flags) => {
    expect(checkOffer({ ...GENUINE, ...field }).flags).toEqual(flags);
  });

  it('shows the email domain in lower case, so a capital I no longer passes for an l', () => {
    expect(displayEmail('demo@cruddur.Iocal')).toBe('demo@cruddur.iocal');
    expect(displayEmail('Demo.User@Cruddur.Local')).toBe('Demo.User@cruddur.local');
  });

  it('flags in the browser\'s language, its list joined as the language joins lists', () => {
    expect(checkOffer({ ...GENUINE, handle: 'd\u0435m\u043E' }).flags).toEqual(['The handle mixes Latin and Cyrillic letters, as an imitation of another account would.']);
    useLanguage('de');
    expect(checkOffer({ ...GENUINE, handle: 'd\u0435m\u043E' }).flags).toEqual(['Das Handle mischt Buchstaben aus Latin und Cyrillic, wie es eine Nachahmung eines anderen Kontos täte.']);
    expect(ADOPT_TEXT.newHere).toBe('Du hast dieses Konto in diesem Browser noch nie genutzt. Prüfe, ob es deins ist.');
  });
});
