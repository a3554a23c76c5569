/**
 * A confirming button that only a deliberate act can press, as browsers guard their own
 * permission and install prompts: it stays inert until its view has been visible (and its
 * window focused) for ARM_DELAY_MS without interruption, and a press that began before that (a
 * double click that opened the popup, a key held down, an Enter meant for the page) does not
 * count when it ends on the armed button.
 *
 * Why 1000 ms: Firefox's own dialogs (add-on installs, downloads, external protocols) wait
 * `security.dialog_enable_delay`, 1000 ms by default, restarted whenever the dialog regains focus.
 * That is long enough that a click or key press aimed at a page cannot land on the popup by
 * surprise when it opens, and short enough that a person reading the account's name never waits.
 *
 * Pure apart from the timer functions passed in, so fake timers test it.
 */
export const ARM_DELAY_MS = 1000;

export interface ArmingOptions {
  /** Called whenever the button becomes usable or inert. */
  onChange(armed: boolean): void;
  /** Default: ARM_DELAY_MS. */
  delayMs?: number;
  /** Default: performance.now. */
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export class Arming {
  readonly #o: Required<ArmingOptions>;
  #timer: unknown = undefined;
  #armedAt: number | null = null;
  /** When the last key or pointer press began (key repeats excluded); -Infinity: none yet. */
  #pressedAt = -Infinity;

  constructor(o: ArmingOptions) {
    this.#o = {
      onChange: o.onChange,
      delayMs: o.delayMs ?? ARM_DELAY_MS,
      now: o.now ?? (() => performance.now()),
      setTimer: o.setTimer ?? ((run, ms) => setTimeout(run, ms)),
      clearTimer: o.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>)),
    };
  }

  get armed(): boolean {
    return this.#armedAt !== null;
  }

  /** The view became visible and focused: the delay starts (again) from now. */
  start(): void {
    this.stop();
    this.#timer = this.#o.setTimer(() => {
      this.#timer = undefined;
      this.#armedAt = this.#o.now();
      this.#o.onChange(true);
    }, this.#o.delayMs);
  }

  /** Hidden or blurred: inert until the next start's delay has passed. */
  stop(): void {
    if (this.#timer !== undefined) this.#o.clearTimer(this.#timer);
    this.#timer = undefined;
    if (this.#armedAt === null) return;
    this.#armedAt = null;
    this.#o.onChange(false);
  }

  /** A key or pointer went down somewhere in the view (a held key's repeats are not new presses). */
  press(repeat = false): void {
    if (!repeat) this.#pressedAt = this.#o.now();
  }

  /** Whether an activation now is deliberate: armed, and not the end of a press begun before. */
  accepts(): boolean {
    return this.#armedAt !== null && (this.#pressedAt === -Infinity || this.#pressedAt >= this.#armedAt);
  }
}
