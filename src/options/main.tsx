/** The Settings page's entry: its language, direction and title first, then the app. */
import { render } from 'preact';
import { localizeDocument, t } from '../shared/i18n.ts';
import '../shared/ui/theme.css';
import './options.css';
import { OptionsApp } from './options-app.tsx';

localizeDocument();
document.title = t('options_pageTitle');
const root = document.getElementById('app');
if (root) render(<OptionsApp />, root);
