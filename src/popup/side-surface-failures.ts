/** What the popup says when the browser refuses to open its side surface: where to open it by hand. */
export const SIDE_SURFACE_FAILURES = {
  sidebar: 'Firefox did not open the sidebar. Open it from View → Sidebar → Cruddur feed.',
  'side-panel': 'Chrome did not open the side panel. Open the side panel from the toolbar and choose Cruddur Companion.',
} as const;
