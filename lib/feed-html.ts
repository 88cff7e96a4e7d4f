/**
 * Atom text of type "html" (what the `feed` library writes) is HTML: plain text must be escaped,
 * or a "<" in a coordinator's reason becomes markup in a feed reader. Escaping ">" also keeps
 * "]]>" out of the CDATA section the library wraps it in.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';

/**
 * The `feed` library drops its `language` option from Atom output, so the feed would not say
 * what language its text is in (RFC 4287 §2 uses xml:lang for that). Sets it on the root element.
 */
export function withAtomLanguage(xml: string, lang: string): string {
  if (!/^[a-z]{2}$/.test(lang) || !xml.includes(ATOM_ROOT)) throw new Error("withAtomLanguage: not a feed library Atom document or not a language code");
  return xml.replace(ATOM_ROOT, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">`);
}
