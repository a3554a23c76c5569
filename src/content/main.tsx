/**
 * The feed panel's content script: wiring only. It runs in the extension's isolated world, so
 * this global is invisible to the page and shared by every injection into this frame: the
 * registered script and "Show feed on this page" may both run here, and must start one panel.
 */
import { startPanel, type PanelHandle } from './controller.tsx';

const scope = globalThis as typeof globalThis & { cruddurPanel?: PanelHandle; cruddurPanelOnDemand?: boolean };
scope.cruddurPanel ??= startPanel({ onDemand: scope.cruddurPanelOnDemand === true });
