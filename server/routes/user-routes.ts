// The caller's profile and @handle (README "Handles").
import type { Hono } from 'hono';
import { asRecord } from '../activity.ts';
import type { AuthEnv } from '../bearer-auth.ts';
import { handleProblem, normalizeHandle } from '../handle-rules.ts';
import { jsonBody, requireJson, smallBody } from '../http-guards.ts';
import { currentUser, meBody, type RouteDeps } from './deps.ts';

export function userRoutes(app: Hono<AuthEnv>, d: RouteDeps): void {
  app.get('/api/me', d.gate({ kind: 'reads', auth: 'required' }), async (c) => c.json(meBody(await currentUser(d, c))));

  app.put('/api/me/handle', d.gate({ kind: 'writes', auth: 'required' }), requireJson(), smallBody(), async (c) => {
    const parsed = await jsonBody(c);
    if (parsed instanceof Response) return parsed;
    const raw = asRecord(parsed.body).handle;
    const handle = normalizeHandle(typeof raw === 'string' ? raw.trim().replace(/^@/, '') : '');
    const problem = handleProblem(handle);
    if (problem) return c.json([`handle_${problem}`], 422);
    const user = await currentUser(d, c);
    if (await d.store.claimHandle(user.sub, handle) === 'taken') {
      return c.json({ error: 'handle_taken', error_description: 'another account holds this handle or one that looks like it' }, 409);
    }
    return c.json(meBody(await currentUser(d, c)));
  });

  // For sign-up forms: public (a token only makes the caller's own handle read as available).
  app.get('/api/handles/:handle', d.gate({ kind: 'reads', auth: 'optional' }), async (c) => {
    const handle = normalizeHandle(c.req.param('handle').replace(/^@/, ''));
    const verdict = await d.store.handleAvailability(handle, c.get('auth')?.sub);
    return c.json({ handle, ...verdict });
  });
}
