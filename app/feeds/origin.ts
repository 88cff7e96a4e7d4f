/** The site's origin for absolute links in feeds and alerts (the request's own origin). */
export function siteOrigin(request: Request): string {
  return new URL(request.url).origin;
}

/** The CAP sender: this site's host name (no spaces or commas, as CAP requires). */
export function capSender(request: Request): string {
  return new URL(request.url).hostname;
}
