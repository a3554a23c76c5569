/**
 * The local Cognito as every stack runs it: the AWS-faithful front on a loopback port, and
 * cognito-local behind it on a Unix socket, minting tokens whose `iss` is the front's URL. The
 * front starts first, so its URL is known when cognito-local is configured.
 */
import { startCognitoFront, type CognitoFront, type CognitoFrontOptions } from '../cognito-front/front.ts';
import { newSocketPath, startCognitoLocal, type CognitoLocal } from './cognito-local.ts';

export interface LocalCognitoOptions extends Omit<CognitoFrontOptions, 'upstreamSocket' | 'dataDir'> {
  /** cognito-local's working dir (its `.cognito/`, and the front's state). */
  dir: string;
  /** Makes every emailed code this fixed value (cognito-local's `CODE`). */
  code?: string;
  /** How long cognito-local may take to answer its health check. */
  timeoutMs?: number;
}

export interface LocalCognito {
  front: CognitoFront;
  cognito: CognitoLocal;
  /** The endpoint clients call (the front). */
  url: string;
  /** Stops both, front first. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startLocalCognito(o: LocalCognitoOptions): Promise<LocalCognito> {
  const { dir, code, timeoutMs, ...frontOptions } = o;
  const socketPath = newSocketPath();
  const front = await startCognitoFront({ ...frontOptions, dataDir: dir, upstreamSocket: socketPath });
  let cognito: CognitoLocal;
  try {
    cognito = await startCognitoLocal({ dir, socketPath, issuerDomain: front.url, code, timeoutMs });
  } catch (error) {
    await front.close();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    front,
    cognito,
    url: front.url,
    stop: () => (stopped ??= front.close().finally(() => cognito.stop())),
  };
}
