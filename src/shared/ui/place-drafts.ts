/**
 * Drafts while a page is open: a reply per crud, a message per conversation. Going back and
 * forth between places keeps what was typed. The side panel outlives a session, so it forgets
 * them all when nobody is signed in (the next user never sees the last one's words). A module of
 * its own, outside the views' chunk, so the feed page can forget without loading the views.
 */
const replies = new Map<string, string>();
const messages = new Map<string, string>();

const drafts = (map: Map<string, string>) => ({
  get: (key: string): string | undefined => map.get(key),
  set: (key: string, text: string): void => void map.set(key, text),
});

export const replyDrafts = drafts(replies);
export const messageDrafts = drafts(messages);

export function forgetDrafts(): void {
  replies.clear();
  messages.clear();
}
