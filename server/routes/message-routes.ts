// Direct messages: conversations, one conversation, sending, and the badge's count (README "Messages").
// Every route needs a token, and a caller only ever reaches conversations they are a member of.
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { isUuid } from '../activity-store.ts';
import type { AuthEnv } from '../bearer-auth.ts';
import { caller, jsonBody, requireJson, smallBody } from '../http-guards.ts';
import { validateNewMessage } from '../message-input.ts';
import type { StoredUser } from '../store.ts';
import { currentUser, needsHandle, notFound, type RouteDeps } from './deps.ts';

const selfError = (c: Context) => c.json(['user_receiver_handle_self'], 422);

export function messageRoutes(app: Hono<AuthEnv>, d: RouteDeps): void {
  const reads = d.gate({ kind: 'reads', auth: 'required' });

  app.get('/api/message_groups', reads, async (c) => c.json(await d.store.messageGroups((await currentUser(d, c)).sub)));

  // The toolbar badge polls this: it reads the caller's `sub` from the verified token and never
  // asks Cognito (no profile load), so polling it costs Cognito nothing.
  app.get('/api/message_groups/unread', reads, async (c) => c.json(await d.store.unread(caller(c).sub)));

  app.get('/api/messages/:handle{@[^/]+}', reads, async (c) => {
    const me = await currentUser(d, c);
    const other = await d.store.userByHandle(c.req.param('handle').slice(1));
    if (!other) return notFound(c, 'no such handle');
    if (other.sub === me.sub) return selfError(c);
    return c.json(await d.store.readConversation(me.sub, d.store.groupOf(me.sub, other.sub)) ?? []);
  });

  // The later original's shape: a conversation by its uuid. Not a member → 404, as for no conversation.
  app.get('/api/messages/:group{[0-9a-fA-F-]{36}}', reads, async (c) => {
    const me = await currentUser(d, c);
    const group = c.req.param('group');
    const messages = isUuid(group) ? await d.store.readConversation(me.sub, group.toLowerCase()) : null;
    return messages ? c.json(messages) : notFound(c, 'no such conversation');
  });

  app.post('/api/messages', d.gate({ kind: 'writes', auth: 'required' }), requireJson(), smallBody(), async (c) => {
    const parsed = await jsonBody(c);
    if (parsed instanceof Response) return parsed;
    const input = validateNewMessage(parsed.body);
    if (!input.ok) return c.json(input.errors, 422);
    const me = await currentUser(d, c);
    const refused = needsHandle(c, me);
    if (refused) return refused;
    const recipient = await recipientOf(d, me, input.to);
    if (recipient === 'self') return selfError(c);
    if (!recipient) return notFound(c, 'handle' in input.to ? 'no such handle' : 'no such conversation');
    const message = await d.store.sendMessage({ uuid: randomUUID(), senderSub: me.sub, recipientSub: recipient, message: input.message, createdAt: d.now() });
    return c.json(message, 200);
  });
}

async function recipientOf(d: RouteDeps, me: StoredUser, to: { handle: string } | { groupUuid: string }): Promise<string | 'self' | null> {
  if ('groupUuid' in to) return isUuid(to.groupUuid) ? d.store.otherMember(me.sub, to.groupUuid) : null;
  const other = await d.store.userByHandle(to.handle);
  if (!other) return null;
  return other.sub === me.sub ? 'self' : other.sub;
}
