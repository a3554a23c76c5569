/**
 * The welcome page, opened once when the extension is installed (src/background/welcome.ts):
 * what the extension does, how to pin it, how to sign in, what the toolbar dot means, and where
 * Settings are. Every sentence is in welcome-strings.ts.
 */
import { render, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { browser } from '../shared/browser.ts';
import { ErrorAlert } from '../shared/ui/notices.tsx';
import '../shared/ui/theme.css';
import './welcome.css';
import { pinSteps, WELCOME_STRINGS as T, type Browser } from './welcome-strings.ts';

// Firefox is the browser with a sidebar; the pinning steps differ.
const current: Browser = typeof browser.sidebarAction?.open === 'function' ? 'firefox' : 'chrome';

function Welcome() {
  const [failed, setFailed] = useState(false);
  const openSettings = () => browser.runtime.openOptionsPage().catch(() => setFailed(true));
  return (
    <main class="welcome" data-testid="view-welcome" data-browser={current}>
      <header class="welcome__header">
        <img src="/icons/icon-128.png" width="64" height="64" alt="" />
        <div>
          <h1>{T.title}</h1>
          <p class="welcome__lead">{T.lead}</p>
        </div>
      </header>
      <Step n={1} title={T.whatTitle}>
        {T.what.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </Step>
      <Step n={2} title={T.pinTitle}>
        <p data-testid="welcome-pin">{pinSteps(current)}</p>
        <p>{T.pinAfter}</p>
      </Step>
      <Step n={3} title={T.signInTitle}>
        <p>{T.signIn}</p>
        <h3>{T.dotTitle}</h3>
        <p>{T.dot}</p>
        <h3>{T.countTitle}</h3>
        <p>{T.count}</p>
      </Step>
      <Step n={4} title={T.settingsTitle}>
        <p>{T.settings}</p>
        <p>
          <button type="button" class="btn btn--primary" onClick={() => void openSettings()} data-testid="welcome-settings">
            {T.openSettings}
          </button>
        </p>
        <ErrorAlert message={failed ? T.settingsFailed : undefined} testId="welcome-error" />
      </Step>
      <p>
        <a href="/privacy.html" target="_blank" rel="noopener" data-testid="welcome-privacy">
          {T.privacy}
        </a>
      </p>
    </main>
  );
}

function Step({ n, title, children }: { n: number; title: string; children: ComponentChildren }) {
  return (
    <section class="welcome__step" aria-labelledby={`step-${n}`}>
      <h2 id={`step-${n}`}>
        <span class="welcome__n" aria-hidden="true">
          {n}
        </span>
        {title}
      </h2>
      {children}
    </section>
  );
}

const app = document.getElementById('app');
if (app) render(<Welcome />, app);
