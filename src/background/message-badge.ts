/**
 * The messages badge: how many conversations have new messages since the user last looked at
 * the list. Checked on an alarm, and only while the session's access token is valid and the
 * session is in use (a context holds it open, or an API call happened within the token manager's
 * in-use window): it takes the token with `peekAccessToken`, which never refreshes and never
 * counts as a use, so the badge costs Cognito nothing and never keeps a session alive by itself.
 *
 * - Signed in: the alarm runs. A fire while idle or with a token that is not valid asks nothing
 *   and stops the alarm; opening a page (a hold) or signing in starts it again.
 * - Signed out: the alarm stops, the count clears, and the seen mark goes (end-of-session.ts).
 * - A 401 clears the count and stops the alarm (the API refused the token: nothing to show).
 * - A network failure or a 429 keeps the count as it was: it says nothing new.
 * - Opening the conversations list marks them seen: the count clears, and the newest time the
 *   list showed becomes the mark later checks count from.
 */
import type { AuthState } from '../shared/auth-state.ts';
import type { Conversation } from '../shared/direct-message.ts';
import { readApiTime } from '../shared/activity.ts';
import type { UnreadCheck } from './api-client.ts';
import { BackgroundError } from './wire-error.ts';
import { sessionItem } from '../shared/storage-keys.ts';

export const MESSAGE_BADGE_ALARM = 'message-badge';
/** Minutes between checks. Chrome allows 0.5 at least; the API's read limit allows far more. */
export const MESSAGE_BADGE_PERIOD_MINUTES = 1;

/** The newest conversation time the user saw, and whose list it was. */
export interface SeenMark {
  sub: string;
  at: string;
  /** The API it was seen on: another API's times say nothing about this one's (index.ts checks it). */
  api?: string;
}

/** Where the seen mark is kept: storage.session, dropped at the end of a session. */
export const MESSAGES_SEEN = sessionItem<SeenMark>('ui:messages-seen');

export interface MessageBadgeDeps {
  /** The session as the badge may use it. */
  session: {
    readonly state: AuthState;
    /** The access token if valid and in use, else null (SessionOwner.peekAccessToken). */
    peekAccessToken(): string | null;
  };
  api: { unreadConversations(token: string, seenAt: string): Promise<UnreadCheck> };
  /** storage.session, through `ui:messages-seen`. */
  seen: { get(): Promise<SeenMark | undefined>; set(mark: SeenMark): Promise<void> };
  /** The badge's lane (toolbar-badge.ts). */
  show(count: number): Promise<void>;
  /** The periodic alarm (browser.alarms with MESSAGE_BADGE_ALARM). */
  alarm: { start(): Promise<void>; stop(): Promise<void> };
}

export interface MessageBadge {
  /** The alarm fired: check now if the token is valid and in use, else stop the alarm. */
  check(): Promise<void>;
  /** Every auth state the session announces. */
  onState(state: AuthState): Promise<void>;
  /** A page opened (a hold): start the alarm again if it had stopped while idle, and check. */
  wake(): Promise<void>;
  /** The user looked at their conversations. */
  seen(conversations: readonly Conversation[]): Promise<void>;
}

const subOf = (state: AuthState) => (state.status === 'signed-in' ? state.user.sub : null);

export function createMessageBadge(d: MessageBadgeDeps): MessageBadge {
  let running = false;
  const start = async () => {
    if (running) return;
    running = true;
    await d.alarm.start();
  };
  const stop = async () => {
    running = false;
    await d.alarm.stop();
  };
  const seenAt = async (sub: string) => {
    const mark = await d.seen.get().catch(() => undefined);
    return mark?.sub === sub ? mark.at : '';
  };

  /** `idleStops`: an alarm's check stops the alarm when there is no token to use; a page's does not. */
  const check = async (idleStops = true) => {
    const sub = subOf(d.session.state);
    if (!sub) {
      await stop();
      await d.show(0);
      return;
    }
    const token = d.session.peekAccessToken();
    // Idle, or a token that would need a refresh: ask nothing (and, on the alarm, stop until a page opens).
    if (!token) return idleStops ? stop() : undefined;
    const mark = await seenAt(sub);
    let result: UnreadCheck;
    try {
      result = await d.api.unreadConversations(token, mark);
    } catch (e) {
      if (e instanceof BackgroundError && e.code === 'api-unauthorized') {
        await d.show(0);
        await stop();
      }
      return;
    }
    // The user changed while the answer was on its way: it is not theirs.
    if (subOf(d.session.state) !== sub) return;
    if (!mark && result.newest) await d.seen.set({ sub, at: result.newest }).catch(() => {});
    await d.show(result.count);
  };

  return {
    check: () => check(),
    async onState(state) {
      if (state.status === 'signed-in') {
        await start();
        await check(false);
        return;
      }
      await stop();
      await d.show(0);
    },
    async wake() {
      if (d.session.state.status !== 'signed-in') return;
      await start();
      await check(false);
    },
    async seen(conversations) {
      const sub = subOf(d.session.state);
      if (!sub) return;
      const previous = readApiTime(await seenAt(sub)) ?? 0;
      const newest = Math.max(previous, ...conversations.map((c) => readApiTime(c.created_at) ?? 0));
      if (newest > 0) await d.seen.set({ sub, at: new Date(newest).toISOString() });
      await d.show(0);
    },
  };
}
