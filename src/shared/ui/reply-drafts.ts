/**
 * Reply drafts per crud while a page is open: going back and forth between places keeps what
 * was typed. The side panel outlives a session, so it forgets them when nobody is signed in
 * (the next user never sees the last one's words). A module of its own, outside the views'
 * chunk, so the feed page can forget without loading the views.
 */
const drafts = new Map<string, string>();

export const replyDrafts = {
  get: (uuid: string): string | undefined => drafts.get(uuid),
  set: (uuid: string, text: string): void => void drafts.set(uuid, text),
  forgetAll: (): void => drafts.clear(),
};
