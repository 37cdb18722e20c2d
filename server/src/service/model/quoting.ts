/**
 * How a value from a user's file is quoted into a message. Messages travel further than the file: CLI output, SARIF
 * files uploaded to code scanning, CI logs. So a quoted value is short, on one line, shows control characters as
 * escapes, and never carries the parts of a URL that hold secrets: the query string (an Azure Functions `?code=` key,
 * a SAS token), the fragment and user information (`user:password@`). The value itself stays in the file, under the
 * diagnostic's range.
 */

/** At most this many UTF-16 code units of a value appear in a message (then an ellipsis). */
export const QUOTE_MAX = 60;

/** `'value'`, shortened and made safe to print: for every value read from a file that a message names. */
export function quoteValue(value: string, max = QUOTE_MAX): string {
  return `'${shortValue(value, max)}'`;
}

/** The text of quoteValue without the quotes (for messages that quote in another way). */
export function shortValue(value: string, max = QUOTE_MAX): string {
  return truncate(printable(withoutUrlSecrets(value)), max);
}

/** Each `, `-joined value quoted. */
export function quoteValues(values: readonly string[], max = QUOTE_MAX): string {
  return values.map((v) => quoteValue(v, max)).join(', ');
}

/**
 * Every URL-like token cut before its query string and fragment, without user information. A token counts as a URL
 * when it has a scheme (`https://`, anywhere in it), a `/` before the `?`, or a `name=value` after it; without a scheme, only a
 * `user:password@` prefix counts as user information (an e-mail address is left alone).
 */
export function withoutUrlSecrets(value: string): string {
  return value.replace(/[^\s'"<>]+/g, (token) => {
    let t = token;
    const scheme = /[a-z][a-z0-9+.-]*:\/\//i.exec(t);
    if (scheme) {
      const from = scheme.index + scheme[0].length;
      const rest = t.slice(from);
      const authorityEnd = rest.search(/[/?#]/);
      const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
      const at = authority.lastIndexOf('@');
      if (at >= 0) t = t.slice(0, from) + rest.slice(at + 1);
    } else {
      t = t.replace(/^[^/@:]+:[^/@]*@/, '');
    }
    const q = t.search(/[?#]./);
    if (q < 0) return t;
    const before = t.slice(0, q);
    const after = t.slice(q + 1);
    const looksLikeUrl = !!scheme || before.includes('/') || (t[q] === '?' && /=/.test(after));
    return looksLikeUrl ? `${before}${t[q]}…` : t;
  });
}

/** Line breaks and tabs as spaces; other control characters, lone surrogates and non-characters as \uXXXX. */
function printable(value: string): string {
  return value
    .replace(/\r\n|[\r\n\t\u2028\u2029\u0085]/g, ' ')
    .replace(/[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = Math.max(1, max - 1);
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(value[end - 1] ?? '')) end--;
  return value.slice(0, end) + '…';
}
