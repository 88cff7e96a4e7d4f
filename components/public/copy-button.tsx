"use client";

import { useState, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * Copies the text of the element `targetId` (a readonly textarea). Without JavaScript, or without
 * the clipboard API (older phones, plain http), the button is not shown and the text stays
 * selectable: the button only appears once it can work.
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
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  // False on the server and while hydrating (it cannot know), then whether the clipboard API exists.
  const supported = useSyncExternalStore(
    noSubscription,
    () => Boolean(navigator.clipboard?.writeText),
    () => false,
  );
  if (!supported) return null;
  async function copy() {
    const element = document.getElementById(targetId) as HTMLTextAreaElement | null;
    if (!element) return;
    try {
      await navigator.clipboard.writeText(element.value);
      setState("copied");
    } catch {
      element.select();
      setState("failed");
    }
  }
  return (
    <p className="copy">
      <button type="button" onClick={copy} aria-describedby={describedBy}>
        {label}
      </button>{" "}
      <span role="status" className="meta">
        {state === "copied" ? copied : state === "failed" ? failed : ""}
      </span>
    </p>
  );
}
