import { render } from 'preact';
import '../shared/ui/theme.css';
import './options.css';
import { OptionsApp } from './options-app.tsx';

const root = document.getElementById('app');
if (root) render(<OptionsApp />, root);
