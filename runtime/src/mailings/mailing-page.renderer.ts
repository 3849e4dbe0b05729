import crypto from 'node:crypto';

/*
 * The public pages a recipient sees from the unsubscribe link: the question with one button,
 * the answer after pressing it, and a page for an unknown link. Server-rendered, no script, its one
 * inline style allowed by hash under a CSP of default-src 'none' (the button's form may post only
 * to this origin), in Russian or English.
 */

export type PageLocale = 'ru' | 'en';

const CSS = `
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933;background:#f5f7fa}
main{max-width:520px;margin:0 auto;padding:48px 16px}
.card{background:#fff;border:1px solid #d9e2ec;border-radius:12px;padding:24px}
h1{font-size:1.375rem;margin:0 0 8px}
p{margin:0;color:#3e4c59}
.langs{text-align:right;font-size:.875rem;margin:0 0 8px}
.langs a{color:#2f5fd0;margin-left:8px}
form{margin:16px 0 0}
button{font:inherit;padding:10px 20px;border:0;border-radius:8px;background:#2f5fd0;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #9fb3f5;outline-offset:2px}
`;

const STYLE_HASH = crypto.createHash('sha256').update(CSS).digest('base64');

export const MAILING_PAGE_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

const WORDS = {
  confirm: {
    ru: { title: 'Отписаться от рассылки?', text: (email: string) => `Адрес ${email} перестанет получать наши рассылки.`, button: 'Отписаться' },
    en: { title: 'Unsubscribe from our mailings?', text: (email: string) => `${email} will stop receiving our mailings.`, button: 'Unsubscribe' },
  },
  unsubscribed: {
    ru: { title: 'Вы отписались от рассылки', text: (email: string) => `Адрес ${email} больше не будет получать наши рассылки.` },
    en: { title: 'You are unsubscribed', text: (email: string) => `${email} will no longer receive our mailings.` },
  },
  unknown: {
    ru: { title: 'Ссылка не найдена', text: () => 'Эта ссылка устарела или набрана с ошибкой.' },
    en: { title: 'Link not found', text: () => 'This link has expired or was mistyped.' },
  },
} as const;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderMailingPage(kind: keyof typeof WORDS, locale: PageLocale, email = ''): string {
  const words: { title: string; text: (email: string) => string; button?: string } = WORDS[kind][locale];
  // Posts to the page's own address (the token), keeping the chosen language.
  const form = words.button ? `\n<form method="post" action="?lang=${locale}"><button type="submit">${escapeHtml(words.button)}</button></form>` : '';
  const other: PageLocale = locale === 'ru' ? 'en' : 'ru';
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(words.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<p class="langs"><a href="?lang=${other}" lang="${other}">${other === 'ru' ? 'Русский' : 'English'}</a></p>
<div class="card">
<h1>${escapeHtml(words.title)}</h1>
<p>${escapeHtml(words.text(email))}</p>${form}
</div>
</main>
</body>
</html>`;
}
