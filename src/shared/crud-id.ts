/** Which cruds can be opened: those with a uuid the backend gave them (not a local stand-in one). */

/** The local uuid of a crud the backend sent without one: it is shown, never opened or sent. */
export const MISSING_UUID_PREFIX = 'missing-';

/** Whether a crud can be opened as a thread: it has a uuid the backend gave it (not missing, not pending). */
export const hasApiUuid = (a: { uuid: string }) => a.uuid !== '' && !a.uuid.startsWith(MISSING_UUID_PREFIX) && !a.uuid.startsWith('pending-');
