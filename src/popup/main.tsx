// The bench measures "popup open → feed shown" from here: the popup's first script running.
performance.mark('popup-script');
import { render } from 'preact';
import '../shared/ui/theme.css';
import './popup.css';
import { App } from './app.tsx';
import { localizeDocument } from '../shared/i18n.ts';
import { startPopup } from './popup-start.ts';

// The page's language and direction (Arabic reads right to left) before anything is drawn.
localizeDocument();
// The mirrors are read now, as the script runs, not in the first render's effects a frame later.
const start = startPopup();

const root = document.getElementById('app');
if (root) render(<App start={start} />, root);
