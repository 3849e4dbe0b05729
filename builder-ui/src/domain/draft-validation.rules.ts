/*
 * Which validation answer the draft store keeps. The draft is validated off the main thread and
 * edits come faster than answers (a drag end, each keystroke in a panel), so one document is
 * validated at a time: an edit made meanwhile is sent when that answer comes back (only the newest
 * document, not every keystroke in between), and an answer for a document that is no longer the
 * newest is dropped, so the issues shown never point into an older document than the one before
 * the analyst. The issues are settled when the newest revision's answer is the one shown.
 */

export interface ValidationRounds {
  /** The newest document's revision (each document to validate gets the next one). */
  readonly latest: number;
  /** The revision being validated now, or null when none is. */
  readonly sending: number | null;
  /** The revision whose issues are shown. */
  readonly shown: number;
}

export const NO_VALIDATION_ROUNDS: ValidationRounds = { latest: 0, sending: null, shown: 0 };

export interface RoundStep {
  rounds: ValidationRounds;
  /** The revision to send the current document as now, or null when nothing is sent. */
  send: number | null;
}

/** A new document to validate: sent now when nothing is being validated, else after the answer. */
export function requestRound(rounds: ValidationRounds): RoundStep {
  const latest = rounds.latest + 1;
  if (rounds.sending !== null) return { rounds: { ...rounds, latest }, send: null };
  return { rounds: { ...rounds, latest, sending: latest }, send: latest };
}

/**
 * An answer came for `revision`: `keep` says whether its issues are shown. An answer that is not the
 * one awaited (a late one from a validator that was replaced) changes nothing.
 */
export function answerRound(rounds: ValidationRounds, revision: number): RoundStep & { keep: boolean } {
  if (revision !== rounds.sending) return { rounds, send: null, keep: false };
  if (revision === rounds.latest) return { rounds: { ...rounds, sending: null, shown: revision }, send: null, keep: true };
  return { rounds: { ...rounds, sending: rounds.latest }, send: rounds.latest, keep: false };
}

/** The issues shown are those of the newest document. */
export function isSettled(rounds: ValidationRounds): boolean {
  return rounds.shown === rounds.latest;
}
