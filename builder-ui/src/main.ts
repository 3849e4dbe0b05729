import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './app/App.vue';
import { createAppRouter } from './app/router.js';
import { createAppI18n } from './app/i18n.js';
import { useSessionStore } from './stores/session.store.js';
import './app/app.css';

const pinia = createPinia();
const app = createApp(App);
app.use(pinia);
app.use(createAppI18n(useSessionStore(pinia).locale));
app.use(createAppRouter(pinia));
app.mount('#app');
