/**
 * Signed in: who, the composer, the home feed, and the session's controls. The header and the
 * actions stay in place and only the feed scrolls, so the whole view fits Chrome's 600 px popup.
 */
import type { Activity } from '../../shared/activity.ts';
import type { AuthState } from '../../shared/auth-state.ts';
import { errorSentence } from '../../shared/error-codes.ts';
import { browser } from '../../shared/browser.ts';
import { send } from '../../shared/messaging.ts';
import { t } from '../../shared/i18n.ts';
import { ActionButton, RefreshButton } from '../../shared/ui/buttons.tsx';
import { FeedList } from '../../shared/ui/feed-list.tsx';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { toUiError } from '../../shared/ui/ui-error.ts';
import { useAction } from '../../shared/ui/use-action.ts';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Brand } from '../components/frame.tsx';
import { useHomeFeed } from '../../shared/ui/use-home-feed.ts';
import { UpdatedAgo } from '../components/updated-ago.tsx';
import { mergePosted } from '../posted.ts';
import type { AuthSession } from '../use-session.ts';
import { NamedFailure, openSideSurface, sideSurface } from '../side-surface.ts';
import { lazyView } from '../../shared/ui/lazy-view.tsx';
import type { Place } from '../../shared/ui/cruddur-nav.ts';
import { MessageIcon, SearchIcon } from '../../shared/ui/icons.tsx';
import { forgetDrafts } from '../../shared/ui/place-drafts.ts';

// The composer comes a moment after the feed (its own chunk), in a box of its size: the feed,
// the reason the popup is opened, is in the first script.
const Composer = lazyView(
  () => import('../components/composer.tsx').then((m) => m.Composer),
  () => <div class="composer composer--placeholder" aria-hidden="true" />,
);

const ConfirmSignOutAll = lazyView(() => import('../components/confirm-sign-out-all.tsx').then((m) => m.ConfirmSignOutAll));

// Threads, profiles and search: their own chunk, fetched when one is first opened.
const CruddurPlaces = lazyView(
  () => import('../../shared/ui/cruddur-views.tsx').then((m) => m.CruddurPlaces),
  () => <main class="popup popup--home popup--place" aria-busy="true" data-testid="view-place-loading" />,
);

type SignedIn = Extract<AuthState, { status: 'signed-in' }>;

export function HomeView({ session, state }: { session: AuthSession; state: SignedIn }) {
  const { user } = state;
  const feed = useHomeFeed(user.sub, { cached: true, readCache: session.cachedFeed });
  // One message at a time, the newest winning: each action replaces what the last one said.
  // Until the first one, what brought the user here ("Your new password is set…"), read live:
  // the state's push can arrive before the answer that set it.
  const [spoken, setSaid] = useState<{ text: string; error?: true } | null>();
  const said = spoken === undefined && session.arrival ? { text: session.arrival } : spoken;
  const [confirmAll, setConfirmAll] = useState(false);
  // Cruds posted from this popup: pending ones first, then accepted ones until the feed has them.
  const [posted, setPosted] = useState<Activity[]>([]);
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(new Set());
  const saying = (work: () => Promise<string | void>) => async () => {
    setSaid(null);
    try {
      const text = await work();
      if (text) setSaid({ text });
    } catch (e) {
      setSaid({ text: e instanceof NamedFailure ? e.message : toUiError(e).message, error: true });
    }
  };
  const signOut = useAction(saying(async () => session.arrive(await send('auth/sign-out', { global: false }), t('popup_signedOut'))));
  const heading = useRef<HTMLHeadingElement>(null);

  // A keyboard or screen-reader user lands on who is signed in, not on <body>.
  useLayoutEffect(() => heading.current?.focus(), []);

  // Beyond home: a crud with its replies, a profile, search (views/cruddur-views.tsx keeps the
  // way back). Home stays mounted underneath, hidden, so Back finds its feed, scroll and draft.
  const [away, setAway] = useState<Place | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = (place: Place) => {
    opener.current = document.activeElement as HTMLElement | null;
    setAway(place);
  };
  // Back home: focus returns to what opened the first place (else who is signed in).
  const wasAway = useRef(false);
  useLayoutEffect(() => {
    if (wasAway.current && !away) (opener.current?.isConnected ? opener.current : heading.current)?.focus();
    wasAway.current = !!away;
  }, [away]);
  const openThread = (a: Activity) => open({ kind: 'thread', uuid: a.uuid, shown: a });
  const openProfile = (handle: string) => open({ kind: 'profile', handle });

  // Home goes when the user signs out: their reply and message drafts go with it, so the next
  // user of this popup never finds them (the side panel does the same in feed-panel.tsx).
  useEffect(() => () => forgetDrafts(), []);

  // The session was offline and is back (a refresh went through): so is the feed.
  const wasOffline = useRef(state.offline);
  useEffect(() => {
    if (wasOffline.current && !state.offline) feed.reload();
    wasOffline.current = state.offline;
  }, [state.offline]);

  const shownFeed = mergePosted(feed.feed, posted);
  // Named for what it shows: "Public feed" only once the API answered without the user's token.
  const feedName = feed.feed.status === 'ready' && !feed.personalised ? t('popup_publicFeed') : t('popup_yourHomeFeed');
  const showPanel = useAction(
    saying(async () => {
      if (!(await send('panel/show-in-active-tab')).shown) throw new NamedFailure(errorSentence('panel-unavailable'));
      return t('popup_panelShown');
    }),
  );
  const side = sideSurface();
  const openSide = useAction(saying(openSideSurface));
  const busy = signOut.pending;
  // The question replaces the footer once its chunk is here; if it cannot load, a press retries.
  const askSignOutAll = () => void ConfirmSignOutAll.preload().then(() => setConfirmAll(true), () => undefined);

  return (
    <>
    {away && <CruddurPlaces first={away} home={() => setAway(null)} me={state.user.handle} />}
    <main class="popup popup--home" data-view="home" data-testid="view-home" aria-busy={busy} hidden={!!away}>
      <header class="home__header">
        <Brand />
        <div class="home__user">
          <span class="avatar" aria-hidden="true">
            {(user.name || user.handle || '?').slice(0, 1).toUpperCase()}
          </span>
          <div class="home__who">
            {/* dir="auto": a Latin name or @handle keeps its own direction (and ellipsis) in a right-to-left popup. */}
            <h1 class="home__name" dir="auto" data-testid="user-name" tabIndex={-1} ref={heading}>
              {user.name || user.email}
            </h1>
            <p class="home__handle" dir="auto" data-testid="user-handle">
              @{user.handle}
            </p>
          </div>
        </div>
      </header>

      <Composer posted={{ user, setPosted, setPendingIds }} />

      <div class="home__toolbar">
        <h2 class="home__section" id="feed-heading">
          {feedName}
        </h2>
        {state.offline && (
          <span class="badge badge--offline" role="status" data-testid="offline-badge">
            {t('popup_offlineRetrying')}
          </span>
        )}
        <UpdatedAgo at={feed.updatedAt} />
        <button type="button" class="icon-btn" onClick={() => open({ kind: 'search', term: '' })} aria-label={t('popup_searchCruds')} title={t('popup_searchCruds')} data-testid="open-search">
          <SearchIcon />
        </button>
        <button type="button" class="icon-btn" onClick={() => open({ kind: 'messages' })} aria-label={t('popup_messages')} title={t('popup_messages')} data-testid="open-messages">
          <MessageIcon />
        </button>
        <RefreshButton refreshing={feed.refreshing} onRefresh={feed.reload} testId="feed-refresh" />
      </div>
      {feed.staleNotice && (
        <p class="feed-notice" role="status" data-testid="feed-stale">
          {t('popup_staleFeed', feed.staleNotice)}
        </p>
      )}

      {/* A scroll region the keyboard can reach (and scroll with the arrow keys). */}
      <div
        class="home__feed"
        tabIndex={0}
        role="region"
        aria-labelledby="feed-heading"
        aria-busy={feed.refreshing}
        data-testid="feed-region"
        data-personalised={feed.personalised}
      >
        <FeedList feed={shownFeed} onRetry={feed.reload} label={feedName} pendingIds={pendingIds} onOpenThread={openThread} onOpenProfile={openProfile} />
      </div>

      <Notice>{said && !said.error ? said.text : undefined}</Notice>
      <ErrorAlert message={said?.error && said.text} />
      <footer class="home__actions">
        {confirmAll ? (
          <ConfirmSignOutAll busy={busy} onCancel={() => setConfirmAll(false)} onSignedOut={session.setState} onError={(text) => setSaid({ text, error: true })} />
        ) : (
          <>
            <div class="home__row">
              <ActionButton onClick={() => void showPanel.run()} disabled={showPanel.pending} testId="show-panel">
                {showPanel.pending ? t('popup_opening') : t('popup_showFeedOnPage')}
              </ActionButton>
              <ActionButton onClick={() => void signOut.run()} disabled={busy} testId="sign-out">
                {signOut.pending ? t('popup_signingOut') : t('popup_signOut')}
              </ActionButton>
            </div>
            <div class="home__row home__row--links">
              <ActionButton variant="link" onClick={() => void browser.runtime.openOptionsPage()} testId="open-options">
                {t('popup_settings')}
              </ActionButton>
              {side && (
                // `run` calls it synchronously, inside the click: the browser needs that gesture.
                <ActionButton variant="link" onClick={() => void openSide.run()} testId="open-side-surface">
                  {side.label}
                </ActionButton>
              )}
              <ActionButton variant="link-danger" onClick={askSignOutAll} disabled={busy} testId="sign-out-all" id="sign-out-all">
                {t('popup_signOutAllDevices')}
              </ActionButton>
            </div>
          </>
        )}
      </footer>
    </main>
    </>
  );
}
