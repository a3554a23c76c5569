/**
 * A local Cognito alone (front + cognito-local, no API) in a temp dir, with the demo pool and a
 * clock the test moves: for integration tests of the front's own behaviour that need to read the
 * codes it sends (in this process) or to pass time without waiting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, DEMO_USER } from '../../scripts/lib/bootstrap.ts';
import { startLocalCognito, type LocalCognito } from '../../scripts/lib/local-cognito.ts';
import { expect } from 'vitest';
import { cognitoCall, type Json } from './cognito-call.ts';

export interface FrontFixture {
  cognito: LocalCognito;
  url: string;
  userPoolId: string;
  clientId: string;
  dir: string;
  /** The front's clock: real time moved by `advance`, or stopped with `freeze`; `reset` goes back to real time. */
  clock: { advance(ms: number): void; freeze(): void; reset(): void };
  /** One call, signed with the stack's credentials (the public operations ignore it). */
  call(op: string, body: Json): ReturnType<typeof cognitoCall>;
  /** One call without a signature, as a page or any public client makes it. */
  unsigned(op: string, body: Json): ReturnType<typeof cognitoCall>;
  /** A signed call that must succeed: its reply body. */
  ok(op: string, body: Json): Promise<Json>;
  /** A signed call that AWS would refuse: 400, `x-amzn-errortype` = `__type`; its code and message. */
  fails(op: string, body: Json): Promise<{ code: string; message: string }>;
  /** The last code of `purpose` the front sent to `email`. */
  code(email: string, purpose?: 'sign-up' | 'resend' | 'forgot-password' | 'email-otp'): string;
  stop(): Promise<void>;
}

type Call = (op: string, body: Json, url?: string) => ReturnType<typeof cognitoCall>;

/** `ok` and `fails` over `call`, the two ways the front's tests read an answer. */
export function expectingCalls(call: Call) {
  return {
    async ok(op: string, body: Json, url?: string): Promise<Json> {
      const r = await call(op, body, url);
      if (r.status !== 200) throw new Error(`${op}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async fails(op: string, body: Json, url?: string): Promise<{ code: string; message: string }> {
      const r = await call(op, body, url);
      expect(r.status).toBe(400);
      expect(r.errorType).toBe(r.body.__type);
      return { code: r.body.__type as string, message: r.body.message as string };
    },
  };
}

export async function startFrontFixture(o: { allowShortTokenLifetimes?: boolean } = {}): Promise<FrontFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-front-fixture-'));
  let offset = 0;
  let frozen: number | undefined;
  const cognito = await startLocalCognito({ dir, now: () => (frozen ?? Date.now()) + offset, allowShortTokenLifetimes: o.allowShortTokenLifetimes });
  const { front } = cognito;
  const { userPoolId, clientId } = await bootstrap({ endpoint: front.url, credentials: front.credentials, demoUser: DEMO_USER });
  return {
    cognito,
    url: front.url,
    userPoolId,
    clientId,
    dir,
    clock: {
      advance: (ms) => void (offset += ms),
      freeze: () => void (frozen = Date.now()),
      reset: () => {
        frozen = undefined;
        offset = 0;
      },
    },
    call: (op, body) => cognitoCall(front.url, op, body, front.credentials),
    ...expectingCalls((op, body) => cognitoCall(front.url, op, body, front.credentials)),
    unsigned: (op, body) => cognitoCall(front.url, op, body),
    code: (email, purpose = 'sign-up') => front.deliveries.latest(email, purpose)?.code ?? '',
    stop: async () => {
      await cognito.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
