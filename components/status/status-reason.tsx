import { useTranslations } from "next-intl";
import { sortedReasonCodes, type StatusReasonCode } from "@/lib/enum-values";
import { hasAnyText, type LocalizedText } from "@/lib/localized-text";
import { LocalizedTextView } from "./localized-text";

/**
 * Why a route has its status: the closed-list reasons, always in the page's language, then the
 * coordinator's detail (in the page's language or marked as another). Nothing when neither exists.
 * Uses the `reasonCode` messages through next-intl, so it works in server and client components.
 */
export function StatusReason({ codes, text, className = "reason" }: { codes: readonly StatusReasonCode[]; text: LocalizedText; className?: string }) {
  const t = useTranslations("reasonCode");
  const sorted = sortedReasonCodes(codes);
  if (sorted.length === 0 && !hasAnyText(text)) return null;
  return (
    <div className={className} data-reason-codes={sorted.join(" ")}>
      {sorted.length > 0 && <p className="reason-codes">{sorted.map((c) => t(c)).join("; ")}</p>}
      <LocalizedTextView value={text} as="p" className="reason-detail" />
    </div>
  );
}
