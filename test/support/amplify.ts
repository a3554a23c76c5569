/**
 * Real aws-amplify v6 in Node, for the conformance tests: there is no localStorage here, so its
 * token store is a plain in-memory one per configuration.
 */
import { Amplify } from 'aws-amplify';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';

export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    setItem: async (k: string, v: string) => void items.set(k, v),
    getItem: async (k: string) => items.get(k) ?? null,
    removeItem: async (k: string) => void items.delete(k),
    clear: async () => items.clear(),
  };
}

/** Amplify configured on one pool and client at `endpoint`, with a fresh token store (returned). */
export function configureAmplify(o: { userPoolId: string; clientId: string; endpoint: string }) {
  Amplify.configure({ Auth: { Cognito: { userPoolId: o.userPoolId, userPoolClientId: o.clientId, userPoolEndpoint: o.endpoint } } });
  const storage = memoryStorage();
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
  return storage;
}

/** An Amplify call's failure as `{ name, message }` (or 'resolved'). */
export const amplifyError = (p: Promise<unknown>) => p.then(() => 'resolved', (e: Error) => ({ name: e.name, message: e.message }));
