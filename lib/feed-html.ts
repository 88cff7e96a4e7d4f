/**
 * Atom text of type "html" (what the `feed` library writes) is HTML: plain text must be escaped,
 * or a "<" in a coordinator's reason becomes markup in a feed reader. Escaping ">" also keeps
 * "]]>" out of the CDATA section the library wraps it in.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
