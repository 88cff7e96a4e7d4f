import { NextIntlClientProvider } from "next-intl";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import type { UserRole } from "@/db/schema/enums";
import { pageLocale } from "@/i18n/page-locale";
import { placeOffset } from "@/lib/time";
import { StaffHeader } from "./staff-header";

/**
 * The layout of a signed-in workspace. It checks the role for the header; each page checks again
 * itself, because layouts are not re-run on client-side navigation.
 */
export async function StaffShell({
  role,
  params,
  children,
}: {
  role: UserRole;
  params: Promise<{ locale: string }>;
  children: React.ReactNode;
}) {
  await pageLocale(params);
  const user = await requireUser(role);
  const t = await getTranslations("nav");
  // The workspace uses next-intl's client Link (soft navigation) and client forms; public pages
  // ship none of that, so the provider starts here rather than in the root layout.
  return (
    <NextIntlClientProvider messages={{}}>
      <StaffHeader user={user} />
      {/* The offset once per page; each time then says only its clock time (a time across a clock change says its own). */}
      <p className="staff-time-note">{t("kyivTime", { offset: placeOffset(new Date()) })}</p>
      {children}
    </NextIntlClientProvider>
  );
}
