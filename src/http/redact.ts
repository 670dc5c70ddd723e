/**
 * Secrets out of URLs before they are shown anywhere (logs, errors, `context show`): the password
 * of the userinfo and the values of query parameters that name a token, secret, key or signature.
 * A small module of its own, so that what shows a URL need not load the HTTP client.
 */

/** The URL with its secrets replaced by `***`; unchanged (as given) when it holds none. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    let changed = false;
    if (u.password) {
      u.password = '***';
      changed = true;
    }
    for (const k of [...u.searchParams.keys()]) {
      if (/token|secret|password|key|auth|signature/i.test(k)) {
        u.searchParams.set(k, '***');
        changed = true;
      }
    }
    return changed ? u.toString() : url;
  } catch {
    return url.replace(/(token|secret|password)=[^&\s]+/gi, '$1=***');
  }
}
