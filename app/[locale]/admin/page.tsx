import { redirect } from "next/navigation";
import { pageLocale } from "@/i18n/page-locale";

// The admin area opens on its review queue: reports waiting for an admin are the daily work.
export default async function AdminHomePage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  redirect(`/${locale}/admin/incidents`);
}
