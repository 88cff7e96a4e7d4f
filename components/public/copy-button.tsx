/**
 * Copies the text of the element `targetId` (a readonly textarea). Rendered on the server, hidden:
 * the copy island (islands/copy.ts) shows it once it can work. Without JavaScript, or without the
 * clipboard API (older phones, plain http), no button is shown and the text stays selectable.
 */
export function CopyButton({
  targetId,
  describedBy,
  label,
  copied,
  failed,
}: {
  targetId: string;
  /** The id of the text's label, so each of several buttons says what it copies. */
  describedBy: string;
  label: string;
  copied: string;
  failed: string;
}) {
  return (
    <p className="copy" data-island="copy" hidden>
      <button type="button" data-copy-target={targetId} data-copied={copied} data-failed={failed} aria-describedby={describedBy}>
        {label}
      </button>{" "}
      <span role="status" className="meta" />
    </p>
  );
}
