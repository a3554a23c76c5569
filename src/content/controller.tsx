/**
 * When the panel shows. Injected by registration it shows only on a configured web-app origin
 * (patterns carry no port, so `http://localhost/*` also matches other local apps: the background
 * says whether this origin is one) and only if the user has not closed it on this site.
 * Injected on demand ("Show feed on this page") it shows anywhere, and forgets a past close.
 */
import { render } from 'preact';
import type { PanelConfig } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { closedFlag } from './closed-flag.ts';
import { mountHost, type Mounted } from './mount.ts';
import { PanelApp } from './panel-app.tsx';

export interface PanelHandle {
  /** The popup asked again: show it, even if closed before. */
  reveal(): void;
}

export function startPanel(o: { onDemand: boolean; origin?: string }): PanelHandle {
  const flag = closedFlag(o.origin ?? location.origin);
  let mounted: Mounted | null = null;
  let config: PanelConfig | null = null;

  const close = () => {
    if (!mounted) return;
    render(null, mounted.container);
    mounted.remove();
    mounted = null;
    void flag.setClosed(true);
  };
  const show = (c: PanelConfig) => {
    if (mounted) return;
    mounted = mountHost();
    render(<PanelApp config={c} onClose={close} />, mounted.container);
  };
  const showOnDemand = async () => {
    config ??= await send('panel/config');
    await flag.setClosed(false);
    show(config);
  };

  const started = (async () => {
    if (o.onDemand) return showOnDemand();
    config = await send('panel/config');
    if (config.webApp && !(await flag.isClosed())) show(config);
  })().catch(() => {
    // The extension is restarting or was removed: stay invisible rather than half-drawn.
  });

  return { reveal: () => void started.then(showOnDemand).catch(() => {}) };
}
