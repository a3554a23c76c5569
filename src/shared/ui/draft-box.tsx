/**
 * The box under a place that sends a short text: a reply under a crud (cruddur-views.tsx) and a
 * message in a conversation (message-views.tsx). One behaviour for both: the text is kept as a
 * draft per place, counted as the API counts, refused here when the API would refuse it (blank,
 * too long), and kept on any error; Ctrl/Cmd+Enter sends; focus stays in the box.
 */
import { useRef, useState } from 'preact/hooks';
import { ErrorAlert, Notice } from './notices.tsx';
import { FieldShell } from './text-field.tsx';
import { toUiError, type UiError } from './ui-error.ts';

/** The rules of one kind of text: how the API counts it, its limit, and why it would refuse it. */
export interface TextRules {
  length: (text: string) => number;
  max: number;
  problem: (text: string) => string | null;
}

interface DraftBoxProps<T> {
  /** `reply` or `message`: the prefix of the box's ids and test ids. */
  name: string;
  /** The text field's id (and so its label's `for`). */
  fieldId: string;
  label: string;
  sendLabel: string;
  sendingLabel: string;
  /** What is said once it is sent. */
  sentNotice: string;
  rules: TextRules;
  /** The draft kept while the page is open (place-drafts.ts), under `draftKey`. */
  drafts: { get: (key: string) => string | undefined; set: (key: string, text: string) => void };
  draftKey: string;
  /** The API's field names whose errors belong to the text (the rest are said under the box). */
  fields: readonly string[];
  post: (text: string) => Promise<T>;
  onPosted: (sent: T) => void;
}

export function DraftBox<T>(p: DraftBoxProps<T>) {
  const [text, setText] = useState(() => p.drafts.get(p.draftKey) ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [pending, setPending] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const length = p.rules.length(text);
  const over = length > p.rules.max;
  const edit = (value: string) => {
    setText(value);
    p.drafts.set(p.draftKey, value);
    setProblem(null);
    setError(null);
    setSaid(null);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (pending) return;
    const refused = p.rules.problem(text);
    if (refused) {
      setProblem(refused);
      box.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      const sent = await p.post(text);
      p.onPosted(sent);
      edit('');
      setSaid(p.sentNotice);
    } catch (err) {
      setError(toUiError(err));
    } finally {
      setPending(false);
      box.current?.focus();
    }
  };
  const fieldErrors = p.fields.map((f) => error?.fields[f]).filter((m): m is string => !!m);
  const fieldError = problem ?? fieldErrors[0];
  const general = error && fieldErrors.length === 0 ? error.message : undefined;
  const counter = `${p.name}-counter`;
  return (
    <form class="composer reply-box" onSubmit={(e) => void submit(e)} aria-busy={pending} data-testid={`${p.name}-box`} noValidate>
      <span id={counter} class={over ? 'composer__counter composer__counter--over' : 'composer__counter'} data-testid={counter}>
        {length}/{p.rules.max}
      </span>
      <FieldShell id={p.fieldId} label={p.label} error={fieldError} describedBy={counter}>
        {(control) => (
          <textarea
            {...control}
            ref={box}
            rows={2}
            value={text}
            onInput={(e) => edit(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
            }}
            readOnly={pending}
          />
        )}
      </FieldShell>
      <div class="reply-box__row">
        <Notice testId={`${p.name}-notice`}>{said}</Notice>
        <button type="submit" class="btn btn--primary" disabled={pending || over} data-testid={`${p.name}-send`}>
          {pending ? p.sendingLabel : p.sendLabel}
        </button>
      </div>
      <ErrorAlert message={general} testId={`${p.name}-error`} />
      <p class="visually-hidden" role="alert">
        {fieldError ?? ''}
      </p>
    </form>
  );
}
