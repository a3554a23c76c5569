/**
 * The parts of amazon-cognito-identity-js the adapter uses, handed out on demand: the Cognito
 * adapter (this module's only importer) calls `loadCognitoSdk()` on its first Cognito call, not
 * when it is built.
 *
 * Under Node (unit and integration tests, the bench) and on the dev server this is a plain
 * import. In the extension build, vite.config.ts (`lazyCognitoSdk`) compiles this very module,
 * SDK included, into the body of a function that the real `loadCognitoSdk` calls once: the
 * browser parses that body lazily and runs it on the first call, so a worker woken to serve the
 * session state or the cached feed never evaluates the SDK. (Code splitting is no way out: a
 * Chrome MV3 service worker cannot `import()`.)
 */
// First: the SDK's `buffer` dependency reads Node's `global` as it loads.
import './sdk-global.ts';
import { AuthenticationDetails, AuthenticationHelper, CognitoUser, CognitoUserAttribute, CognitoUserPool } from 'amazon-cognito-identity-js';
import { useNativeSrp } from './srp-native.ts';

const sdk = { AuthenticationDetails, AuthenticationHelper, CognitoUser, CognitoUserAttribute, CognitoUserPool, useNativeSrp };

export type CognitoSdk = typeof sdk;

export function loadCognitoSdk(): CognitoSdk {
  return sdk;
}
