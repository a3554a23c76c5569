/**
 * Post a crud, as Cruddur's own form does: a message of up to 280 characters and an expiry.
 * The text is a draft in the background's storage.session, saved on every keystroke (a popup
 * closes without warning), so it survives closing the popup and "Post to Cruddur" can fill it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CrudTtl, NewCrud } from '../../shared/messages.ts';
import { CRUD_TTLS } from '../../shared/wire-constants.ts';
import { t, uiLanguage } from '../../shared/i18n.ts';
import { send } from '../../shared/messaging.ts';
import { FieldShell } from '../../shared/ui/text-field.tsx';
import { ErrorAlert, Notice } from '../../shared/ui/notices.tsx';
import { toUiError, type UiError } from '../../shared/ui/ui-error.ts';
import { cleanDraft, COMPOSER_TEXT } from '../clean-draft.ts';
import { CRUD_TEXT_SENTENCES, crudLength, crudText, MAX_CRUD_CHARS } from '../../shared/crud-text.ts';
import { postCrud, type PostedState } from '../post-crud.ts';

export { crudLength, MAX_CRUD_CHARS };
const DEFAULT_TTL: CrudTtl = '7-days';

const unitFormats = new Map<string, Intl.NumberFormat>();

/**
 * An expiry as the language says it ("30 days", "30 Tage", "30 日"): Cruddur's `ttl` value is a
 * count and a unit, which `Intl.NumberFormat` words with the right plural.
 */
export function ttlLabel(ttl: CrudTtl): string {
  const [count, units] = ttl.split('-') as [string, string];
  const unit = units.replace(/s$/, '');
  const id = `${uiLanguage()}|${unit}`;
  // One formatter per language and unit, not one per option and render.
  if (!unitFormats.has(id)) unitFormats.set(id, new Intl.NumberFormat(uiLanguage(), { style: 'unit', unit, unitDisplay: 'long' }));
  return unitFormats.get(id)!.format(Number(count));
}

interface ComposerProps {
  /** Where a post shows up at once: the home view's posted cruds. */
  posted: PostedState;
}

export function Composer({ posted }: ComposerProps) {
  const [draft, setDraft] = useState<NewCrud>({ message: '', ttl: DEFAULT_TTL });
  const [error, setError] = useState<UiError | null>(null);
  const [pending, setPending] = useState(false);
  const [removed, setRemoved] = useState(0);
  // Said when a crud of only spaces is refused here; cleared by the next keystroke.
  const [blank, setBlank] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    void send('crud/draft', null)
      .then((saved) => {
        if (!saved) return;
        // The stored draft keeps what was selected until the user edits it: every popup that
        // opens on it (Chrome may open one nobody sees) says what was taken out.
        const clean = cleanDraft(saved);
        setDraft(clean.draft);
        setRemoved(clean.removed);
        // "Post to Cruddur" brings the user here to say something about the selection.
        if (saved.message) box.current?.focus();
      })
      .catch(() => undefined);
  }, []);

  const edit = (typed: NewCrud) => {
    const { draft: next, removed: now } = cleanDraft(typed);
    if (now > 0) setRemoved(now);
    setDraft(next);
    setError(null);
    setBlank(false);
    void send('crud/draft', next).catch(() => undefined);
  };

  const length = crudLength(draft.message);
  const over = length > MAX_CRUD_CHARS;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (pending || draft.message === '' || over) return;
    // Refused here, with the draft kept: the API would store nothing of it.
    if (crudText(draft.message) === '') {
      setBlank(true);
      box.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      // Sent as the API will store it (trimmed); the draft keeps what was typed until it is accepted.
      await postCrud({ ...draft, message: crudText(draft.message) }, posted);
      edit({ message: '', ttl: draft.ttl });
      setRemoved(0);
    } catch (err) {
      setError(toUiError(err));
    } finally {
      setPending(false);
      // Ready for the next crud, or to fix this one: the pressed button was disabled meanwhile.
      box.current?.focus();
    }
  };
  // Ctrl+Enter (Cmd+Enter on a Mac) posts from the text box.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
  };

  const fields: Record<string, string | undefined> = {
    message: over ? CRUD_TEXT_SENTENCES.tooLong(length - MAX_CRUD_CHARS) : blank ? CRUD_TEXT_SENTENCES.blank : undefined,
    ...error?.fields,
  };
  // A reason that belongs to no field (rate limit, API down) goes under the button.
  const general = error && !fields.message && !fields.ttl ? error.message : undefined;
  return (
    <form class="composer" onSubmit={(e) => void submit(e)} aria-busy={pending} data-testid="composer" noValidate>
      {/* On the label's line, at its right: the row below keeps its room for the expiry. */}
      <span id="crud-counter" class={over ? 'composer__counter composer__counter--over' : 'composer__counter'} data-testid="crud-counter">
        {length}/{MAX_CRUD_CHARS}
        {over && <span class="visually-hidden"> {t('popup_counterTooLong')}</span>}
      </span>
      <FieldShell id="crud-message" label={t('popup_composerLabel')} error={fields.message} describedBy="crud-counter">
        {(control) => (
          <textarea
            {...control}
            ref={box}
            rows={2}
            value={draft.message}
            onInput={(e) => edit({ ...draft, message: e.currentTarget.value })}
            onKeyDown={onKeyDown}
            // Read-only, not disabled, while posting: a disabled box drops the keyboard's focus.
            readOnly={pending}
          />
        )}
      </FieldShell>
      <div class="composer__row">
        <FieldShell id="crud-ttl" label={t('popup_expiresIn')} error={fields.ttl}>
          {(control) => (
            <select {...control} value={draft.ttl} onChange={(e) => edit({ ...draft, ttl: e.currentTarget.value as CrudTtl })} disabled={pending}>
              {CRUD_TTLS.map((ttl) => (
                <option key={ttl} value={ttl}>
                  {ttlLabel(ttl)}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
        {/* Both labels share one grid cell, the other one hidden: the button is as wide as the
            longer one, whichever shows (in any language), so the row never moves while posting. */}
        <button
          type="submit"
          class="btn btn--primary composer__send"
          disabled={pending || draft.message === '' || over}
          aria-label={pending ? t('popup_crudding') : t('popup_crud')}
          data-pending={pending}
          data-testid="crud-send"
        >
          <span class="composer__label composer__label--idle" aria-hidden="true">
            {t('popup_crud')}
          </span>
          <span class="composer__label composer__label--pending" aria-hidden="true">
            {t('popup_crudding')}
          </span>
        </button>
      </div>
      <Notice testId="crud-removed">{removed > 0 && COMPOSER_TEXT.removed(removed)}</Notice>
      <ErrorAlert message={general} testId="crud-error" />
      {/* The API's messages beside the fields, announced as they appear (the visible ones are not live
          regions). "Too long" is not: it would be read out again at every keystroke; the counter says it. */}
      <p class="visually-hidden" role="alert">
        {[blank && CRUD_TEXT_SENTENCES.blank, error?.fields.message, error?.fields.ttl].filter(Boolean).join(' ')}
      </p>
    </form>
  );
}
