/**
 * A source's text, linked to its URL when it has one. External, so it opens apart from the
 * workspace and passes no referrer (the link may be to a channel that should not learn who reads it).
 */
export function SourceLink({ url, children }: { url: string | null | undefined; children: React.ReactNode }) {
  if (!url) return <>{children}</>;
  return (
    <a href={url} rel="noopener noreferrer nofollow" target="_blank">
      {children}
    </a>
  );
}
