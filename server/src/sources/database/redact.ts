/**
 * The one place passwords are hidden: every message, log line and error that may hold a connection URL
 * goes through `redact` before anyone sees it.
 */

export const MASK = '****';

/** `scheme://user:password@`: the password part of any URL in a text, whoever wrote it. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s@]*@/gi;
/** `password=...` in a query string or a key=value connection string. */
const PASSWORD_PARAM = /\b(password|pass|pwd)=([^&\s]*)/gi;

/** The password of a connection URL in every form it may be printed: as written, decoded and encoded. */
export function passwordsOf(url: string): string[] {
  const found = new Set<string>();
  const add = (p: string | undefined) => {
    if (!p) return;
    let plain = p;
    try {
      plain = decodeURIComponent(p);
    } catch {
      // Not valid percent-encoding: the raw form is the password.
    }
    found.add(p).add(plain).add(encodeURIComponent(plain));
  };
  // Between the scheme's `//` and the LAST `@` of the authority: a raw `@` in a password is common.
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(url)?.[1];
  const colon = authority?.indexOf(':') ?? -1;
  if (authority && colon >= 0) add(authority.slice(colon + 1));
  for (const m of url.matchAll(PASSWORD_PARAM)) add(m[2]);
  return [...found].filter((p) => p.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with the passwords of `urls` (and of any URL written in it) replaced by `****`. */
export function redact(text: string, ...urls: (string | undefined)[]): string {
  let out = text;
  for (const url of urls) for (const p of url ? passwordsOf(url) : []) out = out.split(p).join(MASK);
  return out.replace(URL_PASSWORD, `$1${MASK}@`).replace(PASSWORD_PARAM, `$1=${MASK}`);
}
