/** The client side of the contract, for the popup, options page and content script. */
import { browser } from './browser.ts';
import { errorSentence, type WireErrorCode } from './error-codes.ts';
import type { Envelope, MessageType, RequestOf, ResponseOf, WireError } from './messages.ts';

/** A failed request, with the background's stable code and plain-language message. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  readonly code: WireErrorCode;
  readonly fields: Record<string, string>;

  constructor(error: WireError) {
    super(error.message);
    this.code = error.code;
    this.fields = error.fields ?? {};
  }
}

/** No answer: the worker is starting or the extension was updated or removed. */
const restarting = () => new RequestError({ code: 'extension-unavailable', message: errorSentence('extension-unavailable') });

export async function send<K extends MessageType>(type: K, ...payload: RequestOf<K> extends void ? [] : [RequestOf<K>]): Promise<ResponseOf<K>> {
  let answer: Envelope<ResponseOf<K>> | undefined;
  try {
    answer = (await browser.runtime.sendMessage({ type, payload: payload[0] })) as Envelope<ResponseOf<K>> | undefined;
  } catch {
    throw restarting();
  }
  if (!answer) throw restarting();
  if (!answer.ok) throw new RequestError(answer.error);
  return answer.value;
}
