/**
 * Direct messages, signed in (popup, side panel, sidebar): the conversations list (opening it
 * marks them seen, so the toolbar's count clears) and a conversation with its message box. Same frame as the other
 * places (cruddur-views.tsx): Back (also Escape), a title that takes focus, one scrolling region,
 * loading, empty and error states. Every call goes through the worker; views never see a token.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Conversation, DirectMessage } from '../direct-message.ts';
import { plural, t } from '../i18n.ts';
import { MAX_MESSAGE_CHARS, messageLength, messageTextProblem } from '../message-text.ts';
import { send } from '../messaging.ts';
import { FeedSkeleton } from './feed-list.tsx';
import { DraftBox, type TextRules } from './draft-box.tsx';
import { TimeAgo, useNow } from './relative-time.tsx';
import { FieldShell } from './text-field.tsx';
import type { Place } from './cruddur-nav.ts';
import { ErrorState, PlaceFrame, useRemote, type PlaceProps } from './cruddur-views.tsx';
import { messageDrafts } from './place-drafts.ts';

// ---------- The conversations list ----------

export function MessagesView({ stack, back, open }: PlaceProps & { place: Extract<Place, { kind: 'messages' }> }) {
  const remote = useRemote<Conversation[]>(() => send('dm/conversations'), 'messages');
  const now = useNow();
  return (
    <PlaceFrame
      view="messages"
      title={t('ui_messagesTitle')}
      stack={stack}
      back={back}
      busy={remote.state.status === 'loading'}
      regionLabel={t('ui_conversationsRegion')}
      footer={<WriteTo open={open} />}
    >
      {remote.state.status === 'loading' && <FeedSkeleton rows={3} />}
      {remote.state.status === 'error' && <ErrorState message={remote.state.message} onRetry={remote.reload} testId="messages-error" />}
      {remote.state.status === 'ready' &&
        (remote.state.value.length === 0 ? (
          <div class="feed-state" data-testid="messages-empty">
            <p class="feed-state__title">{t('ui_conversationsEmpty')}</p>
            <p class="feed-state__hint">{t('ui_conversationsEmptyHint')}</p>
          </div>
        ) : (
          <ul class="feed conversations" aria-label={t('ui_conversationsRegion')} data-testid="conversations">
            {remote.state.value.map((c, i) => (
              <li key={`${c.handle}-${i}`}>
                <ConversationRow conversation={c} now={now} onOpen={() => open({ kind: 'conversation', handle: c.handle, name: c.display_name })} />
              </li>
            ))}
          </ul>
        ))}
    </PlaceFrame>
  );
}

function ConversationRow({ conversation: c, now, onOpen }: { conversation: Conversation; now: number; onOpen: () => void }) {
  const name = c.display_name || c.handle;
  const id = `conversation-${c.handle}`;
  // The button is named by who (its visible text); the rest describes it. The whole card opens it for a pointer.
  return (
    <div class="crud conversation" onClick={c.handle ? onOpen : undefined} data-testid="conversation-row" data-handle={c.handle}>
      <span class="crud__head">
        <button type="button" class="conversation__open" onClick={(e) => (e.stopPropagation(), onOpen())} disabled={!c.handle} aria-describedby={`${id}-unread ${id}-last`} data-testid="conversation-open">
          <span class="crud__name">{name}</span> <span class="crud__handle">@{c.handle}</span>
        </button>
        {c.created_at && <TimeAgo iso={c.created_at} now={now} />}
        {c.unread_count > 0 && (
          <span class="conversation__unread" data-testid="conversation-unread">
            <span aria-hidden="true">{c.unread_count}</span>
            <span class="visually-hidden" id={`${id}-unread`}>
              {plural('ui_unreadMessages', c.unread_count)}
            </span>
          </span>
        )}
      </span>
      <span class="conversation__last" id={`${id}-last`}>
        {c.message ? (c.last_message_from_me ? t('ui_lastFromYou', c.message) : c.message) : t('ui_openToRead')}
      </span>
    </div>
  );
}

/** Opens a conversation with any handle (the first message starts it). */
function WriteTo({ open }: { open: PlaceProps['open'] }) {
  const [handle, setHandle] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    const name = handle.trim().replace(/^@/, '');
    if (!name) {
      setProblem(t('ui_writeToBlank'));
      input.current?.focus();
      return;
    }
    open({ kind: 'conversation', handle: name });
  };
  return (
    <form class="search write-to" onSubmit={submit} data-testid="write-to" noValidate>
      <FieldShell id="write-to-handle" label={t('ui_writeTo')} error={problem}>
        {(control) => (
          <input
            {...control}
            ref={input}
            type="text"
            value={handle}
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            onInput={(e) => {
              setHandle(e.currentTarget.value);
              setProblem(undefined);
            }}
          />
        )}
      </FieldShell>
      <button type="submit" class="btn btn--primary search__go" data-testid="write-to-go">
        {t('ui_writeToGo')}
      </button>
      <p class="visually-hidden" role="alert">
        {problem ?? ''}
      </p>
    </form>
  );
}

// ---------- A conversation ----------


export function ConversationView({ place, stack, back, me }: PlaceProps & { place: Extract<Place, { kind: 'conversation' }>; me: string }) {
  const remote = useRemote<DirectMessage[]>(() => send('dm/conversation', { handle: place.handle }), place.handle);
  const [added, setAdded] = useState<DirectMessage[]>([]);
  const now = useNow();
  const ready = remote.state.status === 'ready' ? remote.state.value : null;
  const known = new Set(ready?.map((m) => m.uuid));
  const messages = ready ? [...ready, ...added.filter((m) => !known.has(m.uuid))] : [];
  const name = place.name && place.name !== place.handle ? place.name : ready?.find((m) => m.handle === place.handle)?.display_name;
  const end = useRef<HTMLLIElement>(null);
  // The newest message is at the bottom: show it on arrival and after sending.
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [messages.length]);
  const mine = (m: DirectMessage) => !!me && m.handle.toLowerCase() === me.toLowerCase();
  return (
    <PlaceFrame
      view="conversation"
      title={name && name !== place.handle ? name : `@${place.handle}`}
      subtitle={name && name !== place.handle ? `@${place.handle}` : undefined}
      stack={stack}
      back={back}
      busy={remote.state.status === 'loading'}
      regionLabel={t('ui_conversationRegion', place.handle)}
      footer={<MessageBox handle={place.handle} onSent={(m) => setAdded((a) => [...a, m])} />}
    >
      {remote.state.status === 'loading' && <FeedSkeleton rows={2} />}
      {remote.state.status === 'error' && <ErrorState message={remote.state.message} onRetry={remote.reload} testId="conversation-error" />}
      {ready &&
        (messages.length === 0 ? (
          <div class="feed-state" data-testid="conversation-empty">
            <p class="feed-state__title">{t('ui_conversationEmpty', place.handle)}</p>
            <p class="feed-state__hint">{t('ui_conversationEmptyHint')}</p>
          </div>
        ) : (
          <ol class="dm-list" aria-label={t('ui_conversationRegion', place.handle)} data-testid="conversation-messages">
            {messages.map((m, i) => (
              <li key={m.uuid} class={mine(m) ? 'dm dm--mine' : 'dm'} data-testid="dm" data-mine={mine(m)} ref={i === messages.length - 1 ? end : undefined}>
                <span class="dm__head">
                  <span class="dm__from">{mine(m) ? t('ui_fromYou') : t('ui_messageFrom', m.display_name || m.handle)}</span>{' '}
                  {m.created_at && <TimeAgo iso={m.created_at} now={now} />}
                </span>
                <span class="dm__text">{m.message}</span>
              </li>
            ))}
          </ol>
        ))}
    </PlaceFrame>
  );
}

/** Writing a message: counted and refused as the API would (message-text.ts); the text stays on any error. */
const MESSAGE_RULES: TextRules = { length: messageLength, max: MAX_MESSAGE_CHARS, problem: messageTextProblem };

function MessageBox({ handle, onSent }: { handle: string; onSent: (message: DirectMessage) => void }) {
  return (
    <DraftBox
      name="message"
      fieldId="dm-message"
      label={t('ui_messageLabel')}
      sendLabel={t('ui_send')}
      sendingLabel={t('ui_sending')}
      sentNotice={t('ui_messageSent')}
      rules={MESSAGE_RULES}
      drafts={messageDrafts}
      draftKey={handle.toLowerCase()}
      fields={['message', 'handle']}
      post={(message) => send('dm/send', { handle, message })}
      onPosted={onSent}
    />
  );
}
