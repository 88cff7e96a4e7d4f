/**
 * Data for an island, in the page: `<script type="application/json">` is never executed (so no
 * CSP nonce or hash is needed) and survives the removal of Next's scripts (server/public-html).
 * `<` is escaped so no value can close the element early (`</script>` in a town name).
 */
export function JsonData({ id, value }: { id: string; value: unknown }) {
  const json = JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  return <script type="application/json" id={id} dangerouslySetInnerHTML={{ __html: json }} />;
}
