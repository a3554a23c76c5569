// Public surface of the API server, for scripts, tests and other backends.
export { startApiServer, ApiStartError, type ApiServerOptions, type ApiServer } from './api-server.ts';
export { createApp, type AppDeps } from './app.ts';
export {
  createTokenVerifier, toTokenError, TokenError,
  type TokenVerifier, type TokenVerifierOptions, type VerifiedToken,
} from './verify-token.ts';
export { bearerAuth, parseBearer, tokenErrorResponse, MAX_TOKEN_CHARS, type AuthEnv } from './bearer-auth.ts';
export {
  validateNewActivity, expiresAt, TTL_HOURS, MAX_MESSAGE_CHARS,
  type Activity, type ActivityErrorCode, type NewActivity,
} from './activity.ts';
export { createStore, type Store, type UserProfile } from './store.ts';
export { openSqlDriver, type SqlDriver } from './sql-driver.ts';
export { createProfiles, type Profiles } from './profiles.ts';
export { createRateLimiter, DEFAULT_RATE_LIMITS, type RateLimiter, type RateLimits, type RateLimit } from './rate-limit.ts';
export { clientAddress } from './client-address.ts';
export { createRevocations, type Revocations } from './revocations.ts';
export { handleKeys, handleProblem, normalizeHandle, skeleton, MAX_HANDLE_CHARS, type HandleProblem } from './handle-rules.ts';
export { hasHiddenCharacters, hiddenCharacterFields } from './label-text.ts';
export type { Message, MessageGroup, Unread, ListedActivity, StoredUser } from './store.ts';
