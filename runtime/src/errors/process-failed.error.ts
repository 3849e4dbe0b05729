import { createErrorKind } from './app-error.js';

/** A before-save process could not finish, so the save it runs in was not made; details name the node. */
export const ProcessFailedError = createErrorKind('PROCESS_FAILED', 422, 'A process that runs on this save failed, so nothing was saved.');
