import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { pageLocale } from "@/i18n/page-locale";
import { NoticeForm } from "../notice-form";
import { noticeTargetOptions } from "../notice-options";

export const dynamic = "force-dynamic";

export default async function NewNoticePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ town?: string }>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const options = await noticeTargetOptions(await getDb(), user, locale);
  const { town } = await searchParams;
  const t = await getTranslations("coordinate");
  return (
    <main id="main">
      <h1>{t("newNotice")}</h1>
      <NoticeForm {...options} defaultTarget={town ? `town:${town}` : undefined} />
    </main>
  );
}
