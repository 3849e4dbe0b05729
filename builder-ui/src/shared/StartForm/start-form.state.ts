import { ref, type Ref } from 'vue';
import type { UiLocale } from '@crm/schemas';
import { answerMessages, answersToSend, blankAnswers, checkAnswers, type StartForm } from '../../domain/start-form.rules.js';
import { useSessionStore } from '../../stores/session.store.js';

/*
 * The answers of one start form while a dialog is open: its defaults (for the person signed in,
 * at the moment it opens) when the form changes, each problem
 * by question (the form's own check first, then the server's refusals), and what to send. Shared
 * by the record page's and the list's start dialogs.
 */

export interface StartAnswers {
  values: Ref<Record<string, unknown>>;
  errors: Ref<Record<string, string>>;
  /** The default answers of `form` (or none), and no problems. */
  reset(form: StartForm | null): void;
  set(question: string, value: unknown): void;
  /** The answers to send (none without a form), or not ok when the form's own check found problems (now shown). */
  ready(form: StartForm | null): { ok: true; input?: Record<string, unknown> } | { ok: false };
  /** Whether a refusal was about the answers: its problems are now next to their questions. */
  refused(form: StartForm | null, cause: unknown, locale: UiLocale): boolean;
}

function detailsOf(cause: unknown): Array<{ field?: string; code: string; message: string; message_ru?: string }> {
  if (typeof cause !== 'object' || cause === null || !('details' in cause) || !Array.isArray(cause.details)) return [];
  return cause.details as Array<{ field?: string; code: string; message: string; message_ru?: string }>;
}

export function useStartAnswers(issueText: (code: string, limit: number | undefined) => string): StartAnswers {
  const values = ref<Record<string, unknown>>({});
  const errors = ref<Record<string, string>>({});
  const session = useSessionStore();
  return {
    values,
    errors,
    reset(form) {
      values.value = form ? blankAnswers(form, { userId: session.user?.id ?? null, now: new Date() }) : {};
      errors.value = {};
    },
    set(question, value) {
      values.value = { ...values.value, [question]: value };
      if (errors.value[question] !== undefined) {
        const rest = { ...errors.value };
        delete rest[question];
        errors.value = rest;
      }
    },
    ready(form) {
      if (!form) return { ok: true };
      const issues = checkAnswers(form, values.value);
      errors.value = Object.fromEntries(issues.map((i) => [i.field, issueText(i.code, i.limit)]));
      return issues.length === 0 ? { ok: true, input: answersToSend(form, values.value) } : { ok: false };
    },
    refused(form, cause, locale) {
      if (!form) return false;
      const messages = answerMessages(form, detailsOf(cause), locale);
      errors.value = messages;
      return Object.keys(messages).length > 0;
    },
  };
}
