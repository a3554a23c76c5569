/**
 * Cruddur beyond the home feed, signed in: a crud with its replies (and a reply box), a user's
 * profile and cruds, and search. Shown by the popup and by the feed page in the side panel or
 * sidebar (never in the in-page frame, which stays read-only: the worker refuses these messages
 * from it too). One chunk, fetched when a place is first opened. Each view has the same frame:
 * Back (also Escape), a title that takes focus, one scrolling region, and loading, empty and
 * error states. Every call goes through the worker (the API client there attaches the token, only
 * to the API); views never see one. The surface gives the frame its classes (`PlaceLook`).
 */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Activity, ListedActivity, Thread } from '../activity.ts';
import { crudLength, crudTextProblem, MAX_CRUD_CHARS } from '../crud-text.ts';
import { plural, t } from '../i18n.ts';
import { send } from '../messaging.ts';
import { ActionButton } from './buttons.tsx';
import { FeedItem, FeedList, FeedSkeleton, type FeedStatus } from './feed-list.tsx';
import { DraftBox, type TextRules } from './draft-box.tsx';
import { useNow } from './relative-time.tsx';
import { FieldShell } from './text-field.tsx';
import { toUiError } from './ui-error.ts';
import { backLabel, pop, push, replaceTop, type Place } from './cruddur-nav.ts';
import { ConversationView, MessagesView } from './message-views.tsx';
import { replyDrafts } from './place-drafts.ts';
import './places.css';

export type Remote<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

/** One request's states, asked again by `reload`; answers to an earlier ask are dropped. */
export function useRemote<T>(load: () => Promise<T>, key: string): { state: Remote<T>; reload: () => void } {
  const [state, setState] = useState<Remote<T>>({ status: 'loading' });
  const generation = useRef(0);
  const latest = useRef(load);
  latest.current = load;
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    latest.current().then(
      (value) => mine === generation.current && setState({ status: 'ready', value }),
      (e: unknown) => mine === generation.current && setState({ status: 'error', message: toUiError(e).message }),
    );
  }, [key]);
  useEffect(() => {
    reload();
    return () => void (generation.current += 1);
  }, [reload]);
  return { state, reload };
}

const asFeed = (r: Remote<Activity[]>): FeedStatus => (r.status === 'ready' ? { status: 'ready', activities: r.value } : r);

export interface PlaceProps {
  place: Place;
  /** The whole stack, for where Back goes. */
  stack: readonly Place[];
  back: () => void;
  open: (place: Place) => void;
  /** A search was run: keep its term for Back. */
  remember: (place: Place) => void;
}

/** The classes of a place's frame on a surface: its `main`, and its scrolling body. */
export interface PlaceLook {
  frame: string;
  body: string;
}

/** The popup's look (popup.css); the feed page passes its own (feed/feed.css). */
export const POPUP_LOOK: PlaceLook = { frame: 'popup popup--home popup--place', body: 'home__feed' };

const LookContext = createContext<PlaceLook>(POPUP_LOOK);

/**
 * The places opened from home, as a stack (cruddur-nav.ts): `first` is the one home opened;
 * Back from it calls `home`. Kept here, in the lazy chunk, so the popup's first script carries
 * none of it.
 */
export function CruddurPlaces({ first, home, me = '', look = POPUP_LOOK }: { first: Place; home: () => void; /** The signed-in user's handle: their own messages are drawn as theirs. */ me?: string; look?: PlaceLook }) {
  const [stack, setStack] = useState<Place[]>([first]);
  const top = stack.at(-1) ?? first;
  const back = () => {
    if (stack.length <= 1) home();
    else setStack(pop);
  };
  return (
    <LookContext.Provider value={look}>
      <CruddurPlace
        place={top}
        stack={stack}
        back={back}
        open={(place) => setStack((s) => push(s, place))}
        remember={(place) => setStack((s) => replaceTop(s, place))}
        me={me}
      />
    </LookContext.Provider>
  );
}

/** The view of the place on top of the stack. */
function CruddurPlace(p: PlaceProps & { me: string }) {
  const { place } = p;
  if (place.kind === 'messages') return <MessagesView {...p} place={place} />;
  if (place.kind === 'conversation') return <ConversationView key={place.handle} {...p} place={place} />;
  if (place.kind === 'thread') return <ThreadView key={place.uuid} {...p} place={place} />;
  if (place.kind === 'profile') return <ProfileView key={place.handle} {...p} place={place} />;
  return <SearchView {...p} place={place} />;
}

const openers = (open: PlaceProps['open']) => ({
  onOpenThread: (a: Activity) => open({ kind: 'thread', uuid: a.uuid, shown: a }),
  onOpenProfile: (handle: string) => open({ kind: 'profile', handle }),
});

/** The frame of every place: Back, the title (focused on arrival), the scrolling body, a footer. */
export function PlaceFrame(props: { view: string; title: string; subtitle?: string | undefined; stack: readonly Place[]; back: () => void; busy?: boolean; children: ComponentChildren; footer?: ComponentChildren; regionLabel: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const look = useContext(LookContext);
  useLayoutEffect(() => heading.current?.focus(), []);
  const onKeyDown = (e: KeyboardEvent) => {
    // Escape in a field with text clears it (a search box does) or keeps it: it never leaves it behind.
    const field = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement ? e.target : null;
    if (e.key === 'Escape' && !e.defaultPrevented && !field?.value) {
      e.preventDefault();
      props.back();
    }
  };
  return (
    <main class={look.frame} data-view={props.view} data-testid={`view-${props.view}`} aria-busy={props.busy} onKeyDown={onKeyDown}>
      <header class="place__header">
        <button type="button" class="icon-btn place__back" onClick={props.back} aria-label={backLabel(props.stack)} title={t('ui_back')} data-testid="place-back">
          <span aria-hidden="true">←</span>
        </button>
        <div class="place__titles">
          <h1 class="place__title" tabIndex={-1} ref={heading} data-testid="place-title">
            {props.title}
          </h1>
          {props.subtitle && <p class="place__subtitle">{props.subtitle}</p>}
        </div>
      </header>
      <div class={look.body} tabIndex={0} role="region" aria-label={props.regionLabel} data-testid="place-region">
        {props.children}
      </div>
      {props.footer}
    </main>
  );
}

export function ErrorState({ message, onRetry, testId }: { message: string; onRetry: () => void; testId: string }) {
  return (
    <div class="feed-state" data-testid={testId}>
      <p role="alert">{message}</p>
      <ActionButton onClick={onRetry} testId={`${testId}-retry`}>
        {t('ui_tryAgain')}
      </ActionButton>
    </div>
  );
}

// ---------- A crud with its replies ----------


function ThreadView({ place, stack, back, open }: PlaceProps & { place: Extract<Place, { kind: 'thread' }> }) {
  const remote = useRemote<Thread>(() => send('crud/thread', { uuid: place.uuid }), place.uuid);
  const [added, setAdded] = useState<ListedActivity[]>([]);
  const now = useNow();
  const ready = remote.state.status === 'ready' ? remote.state.value : null;
  // The crud as the list showed it stands in while its thread loads (or if the thread fails).
  const lead = ready?.activity ?? place.shown ?? null;
  const known = new Set(ready?.replies.map((r) => r.uuid));
  const replies = ready ? [...ready.replies, ...added.filter((r) => !known.has(r.uuid))] : [];
  const count = ready ? Math.max(ready.activity.replies_count, replies.length) : 0;
  const shownLead = lead && ready ? { ...lead, replies_count: count } : lead;
  const { onOpenProfile } = openers(open);
  return (
    <PlaceFrame
      view="thread"
      title={t('ui_threadTitle')}
      subtitle={lead ? lead.display_name || lead.handle || undefined : undefined}
      stack={stack}
      back={back}
      busy={remote.state.status === 'loading'}
      regionLabel={t('ui_threadTitle')}
      footer={ready && <ReplyBox uuid={place.uuid} onPosted={(r) => setAdded((a) => [...a, r])} />}
    >
      {shownLead && (
        <ul class="feed" aria-label={t('ui_threadTitle')} data-testid="thread-crud">
          <FeedItem activity={shownLead} now={now} lead onOpenProfile={onOpenProfile} />
        </ul>
      )}
      {remote.state.status === 'loading' && <FeedSkeleton rows={lead ? 1 : 2} />}
      {remote.state.status === 'error' && <ErrorState message={remote.state.message} onRetry={remote.reload} testId="thread-error" />}
      {ready && (
        <>
          <h2 class="place__section" id="replies-heading" data-testid="replies-heading">
            {plural('ui_replies', replies.length)}
          </h2>
          <FeedList
            feed={{ status: 'ready', activities: replies }}
            onRetry={remote.reload}
            label={plural('ui_replies', replies.length)}
            emptyTitle={t('ui_noReplies')}
            emptyHint={t('ui_noRepliesHint')}
            {...openers(open)}
          />
        </>
      )}
    </PlaceFrame>
  );
}

/** Answering a crud: counted and refused as the API would (crud-text.ts); the text stays on any error. */
const REPLY_RULES: TextRules = { length: crudLength, max: MAX_CRUD_CHARS, problem: crudTextProblem };

function ReplyBox({ uuid, onPosted }: { uuid: string; onPosted: (reply: ListedActivity) => void }) {
  return (
    <DraftBox
      name="reply"
      fieldId="reply-message"
      label={t('ui_replyLabel')}
      sendLabel={t('ui_reply')}
      sendingLabel={t('ui_replying')}
      sentNotice={t('ui_replied')}
      rules={REPLY_RULES}
      drafts={replyDrafts}
      draftKey={uuid}
      fields={['message']}
      post={(message) => send('crud/reply', { uuid, message })}
      onPosted={onPosted}
    />
  );
}

// ---------- A user's profile ----------

function ProfileView({ place, stack, back, open }: PlaceProps & { place: Extract<Place, { kind: 'profile' }> }) {
  const remote = useRemote<Activity[]>(() => send('crud/profile', { handle: place.handle }), place.handle);
  // The name as their cruds show it (the API has no profile route of its own at this week).
  const name = remote.state.status === 'ready' ? remote.state.value.find((a) => a.handle === place.handle)?.display_name : undefined;
  const shown = name && name !== place.handle ? name : `@${place.handle}`;
  return (
    <PlaceFrame
      view="profile"
      title={shown}
      subtitle={shown === `@${place.handle}` ? undefined : `@${place.handle}`}
      stack={stack}
      back={back}
      busy={remote.state.status === 'loading'}
      regionLabel={t('ui_profileCruds', place.handle)}
    >
      {remote.state.status === 'error' ? (
        <ErrorState message={remote.state.message} onRetry={remote.reload} testId="profile-error" />
      ) : (
        <FeedList
          feed={asFeed(remote.state)}
          onRetry={remote.reload}
          label={t('ui_profileCruds', place.handle)}
          emptyTitle={t('ui_profileEmpty', place.handle)}
          emptyHint={t('ui_profileEmptyHint')}
          {...openers(open)}
        />
      )}
    </PlaceFrame>
  );
}

// ---------- Search ----------

function SearchView({ place, stack, back, open, remember }: PlaceProps & { place: Extract<Place, { kind: 'search' }> }) {
  const [term, setTerm] = useState(place.term);
  const [asked, setAsked] = useState(place.term.trim());
  const [result, setResult] = useState<Remote<Activity[]> | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const generation = useRef(0);
  const input = useRef<HTMLInputElement>(null);

  const run = useCallback(async (value: string) => {
    const mine = ++generation.current;
    const trimmed = value.trim();
    setFieldError(undefined);
    setAsked(trimmed);
    setResult({ status: 'loading' });
    try {
      const found = await send('crud/search', { term: trimmed });
      if (mine === generation.current) setResult({ status: 'ready', value: found });
    } catch (e) {
      if (mine !== generation.current) return;
      const err = toUiError(e);
      if (err.fields.term) {
        setFieldError(err.fields.term);
        setResult(null);
        input.current?.focus();
      } else setResult({ status: 'error', message: err.message });
    }
  }, []);

  // Back from a result: the same search again, as it was left.
  useEffect(() => {
    if (place.term.trim()) void run(place.term);
    else input.current?.focus();
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    remember({ kind: 'search', term });
    void run(term);
  };

  return (
    <PlaceFrame view="search" title={t('ui_searchTitle')} stack={stack} back={back} busy={result?.status === 'loading'} regionLabel={asked ? t('ui_searchResults', asked) : t('ui_searchTitle')}>
      <form class="search" role="search" onSubmit={submit} data-testid="search-form" noValidate>
        <FieldShell id="search-term" label={t('ui_searchLabel')} error={fieldError}>
          {(control) => (
            <input
              {...control}
              ref={input}
              type="search"
              value={term}
              autocomplete="off"
              // eslint-disable-next-line ui-text/from-catalog -- a keyword for the on-screen keyboard's Enter key, not words
              enterKeyHint="search"
              onInput={(e) => {
                setTerm(e.currentTarget.value);
                setFieldError(undefined);
              }}
            />
          )}
        </FieldShell>
        <button type="submit" class="btn btn--primary search__go" disabled={result?.status === 'loading'} data-testid="search-go">
          {result?.status === 'loading' ? t('ui_searching') : t('ui_searchButton')}
        </button>
      </form>
      <p class="visually-hidden" role="alert">
        {fieldError ?? ''}
      </p>
      {result === null ? (
        <p class="feed-state__hint search__hint" data-testid="search-hint">
          {t('ui_searchHint')}
        </p>
      ) : result.status === 'error' ? (
        <ErrorState message={result.message} onRetry={() => void run(asked)} testId="search-error" />
      ) : (
        <FeedList
          feed={asFeed(result)}
          onRetry={() => void run(asked)}
          label={t('ui_searchResults', asked)}
          emptyTitle={t('ui_searchEmpty', asked)}
          emptyHint={t('ui_searchEmptyHint')}
          {...openers(open)}
        />
      )}
    </PlaceFrame>
  );
}
