import { UTM_PARAMETERS } from '@crm/schemas';

/*
 * The embed script a site pastes (<script src="https://crm.example/f/<name>/embed.js" async>):
 * it puts the form page in an iframe right after itself, on the CRM's own origin (taken from the
 * script's src, not from a Host header), passing on the host page's UTM parameters and an optional
 * data-lang. The form then posts to its own origin: no cookies, no CORS, and the host page's
 * scripts cannot read what the visitor types.
 */

export function renderEmbedScript(formName: string, title: string): string {
  const name = JSON.stringify(encodeURIComponent(formName));
  return `(function () {
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var here = new URLSearchParams(window.location.search);
  var params = new URLSearchParams();
  ${JSON.stringify(UTM_PARAMETERS)}.forEach(function (key) {
    var value = here.get(key);
    if (value) params.set(key, value);
  });
  var lang = script.getAttribute('data-lang');
  if (lang) params.set('lang', lang);
  var frame = document.createElement('iframe');
  frame.src = origin + '/f/' + ${name} + (params.toString() ? '?' + params.toString() : '');
  frame.title = ${JSON.stringify(title)};
  frame.loading = 'lazy';
  frame.style.cssText = 'display:block;width:100%;max-width:600px;min-height:680px;border:0';
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
`;
}

