/**
 * The welcome page, opened once when the extension is installed (src/background/welcome.ts):
 * what the extension does, how to pin it, how to sign in, what the toolbar dot means, and where
 * Settings are. Every sentence is in the catalog (`welcome_*`).
 */
import { render, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { browser } from '../shared/browser.ts';
import { localizeDocument, t } from '../shared/i18n.ts';
import { ErrorAlert } from '../shared/ui/notices.tsx';
import '../shared/ui/theme.css';
import './welcome.css';
// Firefox is the browser with a sidebar; the pinning steps differ.
const current = typeof browser.sidebarAction?.open === 'function' ? 'firefox' : 'chrome';

function Welcome() {
  const [failed, setFailed] = useState(false);
  const openSettings = () => browser.runtime.openOptionsPage().catch(() => setFailed(true));
  return (
    <main class="welcome" data-testid="view-welcome" data-browser={current}>
      <header class="welcome__header">
        <img src="/icons/icon-128.png" width="64" height="64" alt="" />
        <div>
          <h1>{t('welcome_title')}</h1>
          <p class="welcome__lead">{t('welcome_lead')}</p>
        </div>
      </header>
      <Step n={1} title={t('welcome_whatTitle')}>
        <p>{t('welcome_what1')}</p>
        <p>{t('welcome_what2')}</p>
        <p>{t('welcome_what3')}</p>
      </Step>
      <Step n={2} title={t('welcome_pinTitle')}>
        <p data-testid="welcome-pin">{t(current === 'firefox' ? 'welcome_pinFirefox' : 'welcome_pinChrome')}</p>
        <p>{t('welcome_pinAfter')}</p>
      </Step>
      <Step n={3} title={t('welcome_signInTitle')}>
        <p>{t('welcome_signIn')}</p>
        <h3>{t('welcome_dotTitle')}</h3>
        <p>{t('welcome_dot')}</p>
        <h3>{t('welcome_countTitle')}</h3>
        <p>{t('welcome_count')}</p>
      </Step>
      <Step n={4} title={t('welcome_settingsTitle')}>
        <p>{t('welcome_settings')}</p>
        <p>
          <button type="button" class="btn btn--primary" onClick={() => void openSettings()} data-testid="welcome-settings">
            {t('welcome_openSettings')}
          </button>
        </p>
        <ErrorAlert message={failed ? t('welcome_settingsFailed') : undefined} testId="welcome-error" />
      </Step>
      <p>
        <a href="/privacy.html" target="_blank" rel="noopener" data-testid="welcome-privacy">
          {t('welcome_privacyLink')}
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

localizeDocument();
document.title = t('welcome_title');
const app = document.getElementById('app');
if (app) render(<Welcome />, app);
