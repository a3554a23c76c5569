/** What the popup says when the browser refuses to open its side surface: where to open it by hand. */
import { t } from '../shared/i18n.ts';

export const SIDE_SURFACE_FAILURES = {
  get sidebar() {
    return t('popup_sidebarFailed');
  },
  get 'side-panel'() {
    return t('popup_sidePanelFailed');
  },
};
