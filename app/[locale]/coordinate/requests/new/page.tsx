import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listTownPoints } from "@/db/queries/towns";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { normaliseReferenceCode } from "@/lib/transport-requests";
import { HotlineForm } from "../hotline-form";

export const dynamic = "force-dynamic";

/** The hotline: a request taken on the phone, then its reference code to read back to the caller. */
export default async function NewRequestPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<{ code?: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const { code } = await searchParams;
  const saved = code ? normaliseReferenceCode(code) : null;
  const towns = (await listTownPoints(await getDb(), user)).map((town) => ({ value: town.slug, label: localizedName(town, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale));
  const t = await getTranslations("requests");
  return (
    <main id="main">
      <h1 id="hotline-title">{t("hotlineTitle")}</h1>
      <p className="intro">{t("hotlineIntro")}</p>
      {saved && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t("savedWithCode")} <strong data-testid="reference-code">{saved}</strong>
        </p>
      )}
      <HotlineForm key={saved ?? "new"} towns={towns} />
    </main>
  );
}
