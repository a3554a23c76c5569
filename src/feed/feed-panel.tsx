/**
 * The feed, as the extension's own page shows it in a web page's frame, Chrome's side panel and
 * Firefox's sidebar: the signed-in user's feed, or the public feed with "Sign in". It renders
 * data and an auth state only; it never holds a token, and it offers no auth command: in a
 * frame, the page around it can restyle or cover it, so a click here must be harmless ("Sign
 * in" opens the popup, where the user acts).
 *
 * When the web app in this browser holds a sign-in the popup can continue with ("Continue as"),
 * the signed-out panel says so and points to the toolbar button, naming nobody: a page on a
 * web-app origin can plant any session it likes, and only the popup shows who Cognito vouched
 * for (src/background/offer-badge.ts).
 *
 * The page is a document of its own (side panel, sidebar, frame): one `main` landmark, one h1
 * (who is signed in, or "Cruddur"), and a feed the keyboard can reach and scroll.
 *
 * Signed in, in the side panel or sidebar (never in the frame, `surface` says which), it offers
 * what the popup does beyond the feed: a crud opens with its replies and a reply box, a name
 * opens that user's profile, search, and direct messages (shared/ui/cruddur-views.tsx, a chunk of its own, so
 * the frame never loads it). The worker refuses those messages from the frame as well.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Activity } from '../shared/activity.ts';
import { t } from '../shared/i18n.ts';
import type { AuthState } from '../shared/auth-state.ts';
import type { Place } from '../shared/ui/cruddur-nav.ts';
import type { PlaceLook } from '../shared/ui/cruddur-views.tsx';
import { FeedList } from '../shared/ui/feed-list.tsx';
import { RefreshButton } from '../shared/ui/buttons.tsx';
import { MessageIcon, SearchIcon } from '../shared/ui/icons.tsx';
import { lazyView } from '../shared/ui/lazy-view.tsx';
import { forgetDrafts } from '../shared/ui/place-drafts.ts';
import { ErrorAlert } from '../shared/ui/notices.tsx';
import { useAction } from '../shared/ui/use-action.ts';
import { useHomeFeed } from '../shared/ui/use-home-feed.ts';
import { useOfferWaiting } from './use-offer-waiting.ts';

// Threads, profiles and search: their own chunk, fetched when one is first opened.
const CruddurPlaces = lazyView(
  () => import('../shared/ui/cruddur-views.tsx').then((m) => m.CruddurPlaces),
  () => <main class="panel panel--place" aria-busy="true" data-testid="view-place-loading" />,
);

/** A place's frame in the side panel or sidebar (feed.css). */
const placeLook = (surface: Surface): PlaceLook => ({ frame: `panel panel--${surface} panel--place`, body: 'panel__feed panel__place-body' });

/** Where the page is shown: only the in-page frame can be minimised or closed. */
export type Surface = 'frame' | 'side-panel' | 'sidebar';

export interface FeedPanelProps {
  /** null until the background answered. */
  state: AuthState | null;
  surface: Surface;
  minimised: boolean;
  onMinimise: (minimised: boolean) => void;
  onSignIn: () => Promise<void>;
  onClose: () => void;
}

export function FeedPanel({ state, surface, minimised, onMinimise, onSignIn, onClose }: FeedPanelProps) {
  const signedIn = state?.status === 'signed-in' ? state : null;
  const userKey = state === null ? null : (signedIn?.user.sub ?? 'public');
  const feed = useHomeFeed(userKey);
  const signIn = useAction(onSignIn);
  const offerWaiting = useOfferWaiting();
  const framed = surface === 'frame';
  const listName = signedIn ? t('feed_yourFeed') : t('feed_publicFeed');

  // Beyond the feed (side panel and sidebar, signed in): the feed stays mounted underneath,
  // hidden, so Back finds its scroll; focus returns to what opened the first place.
  const [placeOpen, setAway] = useState<Place | null>(null);
  const offersPlaces = !framed && signedIn !== null;
  const away = offersPlaces ? placeOpen : null;
  // Signed out (or another user next): no place to come back to, no draft of the last user's.
  const sessionUser = signedIn?.user.sub ?? null;
  useEffect(() => {
    setAway(null);
    forgetDrafts();
  }, [sessionUser]);
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = (place: Place) => {
    opener.current = document.activeElement as HTMLElement | null;
    setAway(place);
  };
  const wasAway = useRef(false);
  useLayoutEffect(() => {
    // A click does not focus a button in every browser (Firefox): then the name takes focus, not <body>.
    const back = opener.current;
    if (wasAway.current && !away) (back?.isConnected && back !== document.body ? back : heading.current)?.focus();
    wasAway.current = !!away;
  }, [away]);
  const openers = offersPlaces
    ? { onOpenThread: (a: Activity) => open({ kind: 'thread', uuid: a.uuid, shown: a }), onOpenProfile: (handle: string) => open({ kind: 'profile', handle }) }
    : {};

  return (
    <>
    {away && signedIn && <CruddurPlaces first={away} home={() => setAway(null)} me={signedIn.user.handle} look={placeLook(surface)} />}
    <main
      hidden={!!away}
      class={`panel panel--${surface}${minimised ? ' panel--minimised' : ''}`}
      aria-labelledby="panel-title"
      data-testid="panel"
      data-state={state?.status ?? 'loading'}
      data-minimised={minimised}
    >
      <header class="panel__header">
        {/* eslint-disable-next-line ui-text/from-catalog -- the logo's letter, hidden from screen readers */}
        <span class="panel__mark" aria-hidden="true">
          C
        </span>
        <div class="panel__who">
          {signedIn ? (
            <>
              <h1 class="panel__name" id="panel-title" data-testid="panel-user-name" tabIndex={-1} ref={heading}>
                {signedIn.user.name || signedIn.user.email}
              </h1>
              <span class="panel__handle" data-testid="panel-user-handle">
                @{signedIn.user.handle}
              </span>
            </>
          ) : (
            <>
              <h1 class="panel__name" id="panel-title">
                {t('extShortName')}
              </h1>
              <span class="panel__handle">{state ? t('feed_signedOut') : t('feed_connecting')}</span>
            </>
          )}
        </div>
        {signedIn?.offline && (
          <span class="panel__badge" role="status">
            {t('feed_offline')}
          </span>
        )}
        {offersPlaces && (
          <button type="button" class="icon-btn" onClick={() => open({ kind: 'search', term: '' })} aria-label={t('feed_search')} title={t('feed_search')} data-testid="panel-search">
            <SearchIcon />
          </button>
        )}
        {offersPlaces && (
          <button type="button" class="icon-btn" onClick={() => open({ kind: 'messages' })} aria-label={t('ui_messagesTitle')} title={t('ui_messagesTitle')} data-testid="panel-messages">
            <MessageIcon />
          </button>
        )}
        {!minimised && <RefreshButton refreshing={feed.refreshing} onRefresh={feed.reload} testId="panel-refresh" />}
        {framed && (
          <button
            type="button"
            class="icon-btn"
            onClick={() => onMinimise(!minimised)}
            aria-label={minimised ? t('feed_expandPanel') : t('feed_minimisePanel')}
            aria-expanded={!minimised}
            title={minimised ? t('feed_expand') : t('feed_minimise')}
            data-testid="panel-minimise"
          >
            <span aria-hidden="true">{minimised ? '▴' : '▾'}</span>
          </button>
        )}
        {framed && (
          <button type="button" class="icon-btn" onClick={onClose} aria-label={t('feed_closePanel')} title={t('feed_close')} data-testid="panel-close">
            <span aria-hidden="true">×</span>
          </button>
        )}
      </header>

      {!minimised && state?.status === 'signed-out' && (
        <div class="panel__signed-out" data-testid="panel-signed-out">
          <p class="panel__lead" data-testid="panel-lead" data-offer-waiting={offerWaiting}>
            {offerWaiting ? t('feed_offerWaiting') : t('feed_signIn')}
          </p>
          <div class="panel__actions">
            <button type="button" class="btn btn--primary" onClick={() => void signIn.run()} disabled={signIn.pending} data-testid="panel-sign-in">
              {t('feed_signInButton')}
            </button>
          </div>
          <ErrorAlert message={signIn.error?.message} testId="panel-error" />
        </div>
      )}

      {!minimised && (
        <>
          <h2 class="panel__list-name" id="panel-list-name" data-testid="panel-list-name">
            {listName}
          </h2>
          {/* A scroll region the keyboard can reach (and scroll with the arrow keys). */}
          <div
            class="panel__feed"
            tabIndex={0}
            role="region"
            aria-labelledby="panel-list-name"
            data-testid="panel-feed"
            data-personalised={feed.personalised}
            aria-busy={feed.refreshing}
          >
            {/* Until the background answers, the feed is 'loading' (the hook waits): the skeleton shows. */}
            <FeedList feed={feed.feed} onRetry={feed.reload} emptyHint={signedIn ? undefined : t('feed_publicEmptyHint')} {...openers} />
          </div>
        </>
      )}
    </main>
    </>
  );
}
