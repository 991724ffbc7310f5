// The headers every report page is sent with, in one place: the controller's (routed) answers
// and the held trust pages answered ahead of Express (held-trust-pages.ts) must send the same.

// Nothing is fetched from another origin: the design system's CSS, script and icons are served
// here (assets.ts). Inline styles stay allowed for the charts' SVG.
export const CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Set on every page (200 and errors alike), in this order, before the body is sent. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  // A key may see a preview of an unpublished release: never cache that for anyone else.
  Vary: 'Authorization, X-API-Key',
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
};

/** A page's Cache-Control unless its route set one (errors: no-store). */
export function pageCacheControl(keyHolder: boolean, maxAge: number): string {
  return `${keyHolder ? 'private' : 'public'}, max-age=${maxAge}`;
}
