/**
 * A view whose code is fetched when it is first shown (popup, feed page). The popup's first script holds only what
 * a signed-in user sees at open (home, the feed, the composer) and the sign-in form; the other
 * views (sign-up, codes, passwords, MFA with its QR encoder, "Continue as") come as chunks from
 * the extension's own package, a few milliseconds away, when the user goes there.
 */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface LazyView<P> {
  (props: P): JSX.Element | null;
  /** Starts fetching the chunk (e.g. when the view may come next); safe to call often. */
  preload(): Promise<ComponentType<P>>;
}

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, Placeholder: () => JSX.Element | null = () => null): LazyView<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (e: unknown) => {
        // A failed fetch (an extension update swapped the files) may be retried on the next render.
        loading = undefined;
        throw e;
      },
    ));

  function View(props: P) {
    const [, setReady] = useState(loaded !== undefined);
    useEffect(() => {
      if (loaded) return undefined;
      let live = true;
      preload().then(
        () => live && setReady(true),
        () => undefined,
      );
      return () => {
        live = false;
      };
    }, []);
    const Component = loaded;
    return Component ? <Component {...props} /> : <Placeholder />;
  }
  return Object.assign(View, { preload });
}
