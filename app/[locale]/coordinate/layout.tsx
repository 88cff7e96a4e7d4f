import { requireUser } from "@/auth";
import { StaffHeader } from "@/components/layout/staff-header";
import { pageLocale } from "@/i18n/page-locale";

export default async function CoordinateLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const locale = await pageLocale(params);
  // For the header; each page checks again itself (layouts are not re-run on client navigation).
  const user = await requireUser("coordinator");
  return (
    <>
      <StaffHeader user={user} locale={locale} />
      {children}
    </>
  );
}
