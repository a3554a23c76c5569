/**
 * The one script managed login's pages load (`/managed-login/passkeys.js`): on a form marked
 * `data-passkey="get"` (sign in) or `"create"` (add a passkey), it runs WebAuthn with the options
 * the server rendered into `data-options`, puts the credential's JSON in the form and submits it;
 * the server verifies it (@simplewebauthn/server). A cancelled or failed ceremony shows the
 * form's own sentence and submits nothing. Plain ES2022 for any current browser: it uses
 * PublicKeyCredential's JSON helpers (Chromium 129+, Firefox 119+).
 */
export const PASSKEY_SCRIPT = `'use strict';
for (const form of document.querySelectorAll('form[data-passkey]')) {
  const say = (text) => { const line = form.querySelector('[data-passkey-error]'); if (line) line.textContent = text; };
  form.addEventListener('submit', async (event) => {
    if (form.elements.credential.value) return;
    event.preventDefault();
    const PKC = window.PublicKeyCredential;
    if (!PKC || !PKC.parseRequestOptionsFromJSON || !navigator.credentials) return say(form.dataset.unsupported);
    say('');
    try {
      const options = JSON.parse(form.dataset.options);
      const credential = form.dataset.passkey === 'get'
        ? await navigator.credentials.get({ publicKey: PKC.parseRequestOptionsFromJSON(options) })
        : await navigator.credentials.create({ publicKey: PKC.parseCreationOptionsFromJSON(options) });
      if (!credential) return say(form.dataset.cancelled);
      form.elements.credential.value = JSON.stringify(credential.toJSON());
      form.submit();
    } catch {
      say(form.dataset.cancelled);
    }
  });
}
`;
