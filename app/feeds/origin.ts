import { getCapSender } from "@/env";

/** The site's origin for absolute links in feeds and alerts (the request's own origin). */
export function siteOrigin(request: Request): string {
  return new URL(request.url).origin;
}

/**
 * The CAP sender: the organisation's configured identifier (CAP_SENDER), never the request's host,
 * which changes with every proxy or address the site is reached on and would break the
 * sender,identifier,sent references of every Update and Cancel.
 */
export function capSender(): string {
  return getCapSender();
}
