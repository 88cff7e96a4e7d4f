import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { getNoticeForEdit } from "@/db/queries/area-notices";
import { pageLocale } from "@/i18n/page-locale";
import { formatStaffTime, toPlaceLocalInput } from "@/lib/time";
import { ExpireNoticeForm, NoticeForm } from "../notice-form";
import { noticeTargetOptions } from "../notice-options";

export const dynamic = "force-dynamic";

export default async function EditNoticePage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("coordinator");
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await getDb();
  const notice = await getNoticeForEdit(db, user, id);
  if (!notice) notFound();
  const options = await noticeTargetOptions(db, user, locale);
  const t = await getTranslations("coordinate");
  const inForce = notice.expiresAt === null || notice.expiresAt > new Date();
  return (
    <main id="main">
      <h1>{t("editNoticeTitle")}</h1>
      {/* An ended notice stays in the record as it was; a new situation gets a new notice. */}
      {!inForce && <p className="intro">{t("ended", { time: formatStaffTime(notice.expiresAt!, locale) })}</p>}
      {inForce && <NoticeForm
        {...options}
       
        notice={{
          id: notice.id,
          version: notice.version,
          target: notice.townId ? `town:${notice.townId}` : `oblast:${notice.oblastId}`,
          severity: notice.severity,
          textUk: notice.textUk,
          textRu: notice.textRu,
          textEn: notice.textEn,
          expiresAt: notice.expiresAt ? toPlaceLocalInput(notice.expiresAt) : "",
        }}
      />}
      {inForce && <ExpireNoticeForm id={notice.id} version={notice.version} />}
    </main>
  );
}
