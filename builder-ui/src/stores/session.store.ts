import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { SessionUser, UiLocale } from '@crm/schemas';
import { fetchMe, login, logout, saveLocale } from '../api/session.api.js';
import { pickBrowserLocale } from '../domain/locale.rules.js';

/*
 * Who is signed in and in which language the UI speaks. The language is the user's saved choice
 * once signed in, the browser's before that (or when they never chose); switching it while signed
 * in saves it on the server, so it follows them to the next sign-in and another browser.
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  const locale = ref<UiLocale>(pickBrowserLocale(typeof navigator === 'undefined' ? [] : navigator.languages));
  const restored = ref(false);
  /** May edit and publish the app: the builder is offered only then (the server checks anyway). */
  const canBuild = ref(false);
  /** May manage segments and send mailings (a marketer, builder or admin): Mailings is offered only then. */
  const canMail = ref(false);
  /** An admin: the builder offers the admins' sections (Runs, Telephony, Settings) only then. */
  const isAdmin = ref(false);
  const signedIn = computed(() => user.value !== null);

  function applySession(next: { user: SessionUser; locale: UiLocale | null; canBuild: boolean; canMail: boolean; isAdmin: boolean }): void {
    user.value = next.user;
    canBuild.value = next.canBuild;
    canMail.value = next.canMail;
    isAdmin.value = next.isAdmin;
    if (next.locale) locale.value = next.locale;
  }

  let restoring: Promise<void> | null = null;
  /**
   * Reads the session the cookie carries, once per page load: main.ts starts it as the page opens
   * and the router's guard waits for that same read (one request however many ask meanwhile).
   */
  function restore(): Promise<void> {
    if (restored.value) return Promise.resolve();
    restoring ??= (async () => {
      try {
        const me = await fetchMe();
        if (me) applySession(me);
        restored.value = true;
      } finally {
        restoring = null;
      }
    })();
    return restoring;
  }

  async function signIn(email: string, password: string): Promise<void> {
    applySession(await login({ email, password }));
    restored.value = true;
  }

  async function signOut(): Promise<void> {
    await logout();
    user.value = null;
    canBuild.value = false;
    canMail.value = false;
    isAdmin.value = false;
  }

  /** The server ended the session (expired, signed out elsewhere): forget the person here too. */
  function forget(): void {
    user.value = null;
    canBuild.value = false;
    canMail.value = false;
    isAdmin.value = false;
  }

  async function switchLocale(next: UiLocale): Promise<void> {
    locale.value = next;
    if (user.value) applySession(await saveLocale(next));
  }

  return { user, locale, restored, canBuild, canMail, isAdmin, signedIn, restore, signIn, signOut, forget, switchLocale };
});
