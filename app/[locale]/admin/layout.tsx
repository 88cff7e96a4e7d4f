import { requireUser } from "@/auth";
import { StaffHeader } from "@/components/layout/staff-header";
import { pageLocale } from "@/i18n/page-locale";

export default async function AdminLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("admin");
  return (
    <>
      <StaffHeader user={user} locale={locale} />
      {children}
    </>
  );
}
