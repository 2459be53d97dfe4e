// Trusted Types: the page's CSP (require-trusted-types-for 'script'; trusted-types textlens) makes
// every script-URL sink take only values from this one policy, and there is no policy for HTML at
// all — so no string can ever become markup (document text is rendered with textContent / nodes).
// The policy lets through only scripts of this page's own origin: the worker.

const policy = globalThis.trustedTypes?.createPolicy('textlens', {
  createScriptURL(url) {
    const u = new URL(url, location.href);
    // blob: URLs are made by this page's own scripts (the single-file build runs from them).
    if (u.protocol !== 'blob:' && u.origin !== location.origin) throw new TypeError(`script from another origin refused: ${u.href}`);
    return u.href;
  },
});

/** `url` as a script URL the page's policy accepts (the URL itself where Trusted Types do not exist). */
export function scriptURL(url) {
  return policy ? policy.createScriptURL(String(url)) : url;
}
