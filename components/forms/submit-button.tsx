"use client";

import { useTranslations } from "next-intl";
import { useFormStatus } from "react-dom";

/** Disabled while its form is being sent, so a double tap on a slow connection sends once. */
export function SubmitButton({ children, className, describedBy }: { children: React.ReactNode; className?: string; describedBy?: string }) {
  const { pending } = useFormStatus();
  const t = useTranslations("forms");
  return (
    <button type="submit" className={className ?? "button"} disabled={pending} aria-disabled={pending} aria-describedby={describedBy}>
      {pending ? t("saving") : children}
    </button>
  );
}
