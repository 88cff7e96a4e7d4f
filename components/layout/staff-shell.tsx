import { NextIntlClientProvider } from "next-intl";
import { requireUser } from "@/auth";
import type { UserRole } from "@/db/schema/enums";
import { pageLocale } from "@/i18n/page-locale";
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
  // The workspace uses next-intl's client Link (soft navigation) and client forms; public pages
  // ship none of that, so the provider starts here rather than in the root layout.
  return (
    <NextIntlClientProvider messages={{}}>
      <StaffHeader user={user} />
      {children}
    </NextIntlClientProvider>
  );
}
