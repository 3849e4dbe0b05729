import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './app/App.vue';
import { createAppRouter, earlyAnswersOf } from './app/router.js';
import { createAppI18n } from './app/i18n.js';
import { useSessionStore } from './stores/session.store.js';
import { onSessionEnded, requestEarly, useCsrfToken } from './api/http.client.js';
import './app/app.css';

const pinia = createPinia();
const app = createApp(App);
app.use(pinia);
const session = useSessionStore(pinia);
// The session is read as the page opens; the router's first guard waits for this same read (and
// reports nothing when it fails: the sign-in page says so when the person tries).
session.restore().catch(() => undefined);
app.use(createAppI18n(session.locale));
const router = createAppRouter(pinia);
// The first screen's own reads go out now, beside the session's, not after it and the screen's code.
void requestEarly(earlyAnswersOf(router.resolve(window.location.pathname + window.location.search)));
app.use(router);

// A request refused with 401 mid-work: back to sign-in, and to this page after it.
onSessionEnded(() => {
  const session = useSessionStore(pinia);
  if (!session.signedIn) return;
  session.forget();
  useCsrfToken(null);
  const here = router.currentRoute.value.fullPath;
  void router.replace({ name: 'sign-in', query: here === '/' ? {} : { next: here } });
});
app.mount('#app');
