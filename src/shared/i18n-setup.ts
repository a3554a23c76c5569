/**
 * Vitest setup for every project: the code under test reads its words through `chrome.i18n`,
 * which Node lacks, so each test file starts with the English catalog (i18n-fake.ts).
 */
import { beforeEach } from 'vitest';
import { DEFAULT_LANGUAGE, useLanguage } from './i18n-fake.ts';

useLanguage(DEFAULT_LANGUAGE);
beforeEach(() => useLanguage(DEFAULT_LANGUAGE));
