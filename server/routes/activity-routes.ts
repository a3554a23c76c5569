// Cruds: the feeds, a crud with its replies, search, posting and replying (README "Cruds").
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { expiresAt, validateNewActivity, validateReply, validateSearchTerm } from '../activity.ts';
import type { AuthEnv } from '../bearer-auth.ts';
import { jsonBody, requireJson, smallBody } from '../http-guards.ts';
import { currentUser, needsHandle, notFound, type RouteDeps } from './deps.ts';

const UUID_PATH = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export function activityRoutes(app: Hono<AuthEnv>, d: RouteDeps): void {
  const reads = d.gate({ kind: 'reads', auth: 'optional' });
  const writes = d.gate({ kind: 'writes', auth: 'required' });

  app.get('/api/activities/home', reads, async (c) => {
    const auth = c.get('auth');
    if (!auth) return c.json(await d.store.homeFeed(null, d.now()));
    // Loading the profile also creates the user's welcome crud on first sight.
    await d.profiles.forToken(auth);
    return c.json(await d.store.homeFeed(auth.sub, d.now()));
  });

  app.get('/api/activities/search', reads, async (c) => {
    const input = validateSearchTerm(c.req.query('term'));
    if (!input.ok) return c.json(input.errors, 422);
    return c.json(await d.store.search(input.term, d.now()));
  });

  // Public, like the original: a token, good or bad, changes nothing here.
  app.get('/api/activities/:handle{@[^/]+}', d.gate({ kind: 'reads', auth: 'none' }), async (c) => {
    const activities = await d.store.userFeed(c.req.param('handle').slice(1), d.now());
    // Documented choice: an unknown handle is 404, a known user with no cruds is [].
    return activities === null ? notFound(c, 'no such handle') : c.json(activities);
  });

  app.get(`/api/activities/:uuid{${UUID_PATH}}`, reads, async (c) => {
    const thread = await d.store.thread(c.req.param('uuid'), c.get('auth')?.sub ?? null, d.now());
    return thread ? c.json(thread) : notFound(c, 'no such crud');
  });

  app.post('/api/activities', writes, requireJson(), smallBody(), async (c) => {
    const parsed = await jsonBody(c);
    if (parsed instanceof Response) return parsed;
    const result = validateNewActivity(parsed.body);
    if (!result.ok) return c.json(result.errors, 422);
    const user = await currentUser(d, c);
    const refused = needsHandle(c, user);
    if (refused) return refused;
    const createdAt = d.now();
    const uuid = randomUUID();
    await d.store.putActivity({
      uuid, userSub: user.sub, message: result.value.message, createdAt, expiresAt: expiresAt(result.value.ttl, createdAt),
    });
    return c.json(await d.store.getActivity(uuid), 200);
  });

  app.post(`/api/activities/:uuid{${UUID_PATH}}/reply`, writes, requireJson(), smallBody(), async (c) => {
    const parsed = await jsonBody(c);
    if (parsed instanceof Response) return parsed;
    const input = validateReply(parsed.body);
    if (!input.ok) return c.json(input.errors, 422);
    const user = await currentUser(d, c);
    const refused = needsHandle(c, user);
    if (refused) return refused;
    const reply = await d.store.putReply({ uuid: randomUUID(), parent: c.req.param('uuid'), userSub: user.sub, message: input.message, createdAt: d.now() });
    return reply ? c.json(reply, 200) : notFound(c, 'no such crud');
  });
}
