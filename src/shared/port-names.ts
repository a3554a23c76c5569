/**
 * Port names: extension pages hold the session "in use"; content panels do not. A module of
 * their own (re-exported by messages.ts) so a page that only opens a port does not load the
 * message-audience table with it.
 */
export const PORT_PAGE = 'page';
export const PORT_PANEL = 'panel';
