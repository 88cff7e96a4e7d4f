import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listTelegramChannels } from "@/db/queries/telegram-channels";
import { getTelegramConfig, type TelegramConfig } from "@/env";
import { pageLocale } from "@/i18n/page-locale";
import { ConfigError } from "@/lib/config-error";
import { formatStaffTime } from "@/lib/time";
import { LinkChannelForm, UnlinkChannelForm } from "./telegram-channel-forms";

export const dynamic = "force-dynamic";

export default async function TelegramChannelsPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ linked?: string; unlinked?: string }>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const channels = await listTelegramChannels(await getDb(), user);
  const { linked, unlinked } = await searchParams;
  const t = await getTranslations("telegramChannels");
  let config: TelegramConfig | null = null;
  let problem: string | null = null;
  try {
    config = getTelegramConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problem = error.message;
  }
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      {(linked === "1" || unlinked === "1") && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {linked === "1" ? t("linked") : t("unlinked")}
        </p>
      )}
      <p>{t("intro")}</p>
      {!config && (
        <section className="form-message form-message-error" aria-labelledby="telegram-off">
          <h2 id="telegram-off">{t("offTitle")}</h2>
          {problem && <p>{t("misconfigured", { problem })}</p>}
          <p>{t("off")}</p>
        </section>
      )}
      <section aria-labelledby="telegram-linked">
        <h2 id="telegram-linked">{t("listTitle")}</h2>
        {channels.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <ul className="town-list">
            {channels.map((channel) => (
              <li key={channel.id}>
                <strong>{channel.title}</strong>{" "}
                <span className="meta">
                  {t("columnLanguage")}: {t(`languages.${channel.locale as "uk" | "ru" | "en"}`)} · {t("columnLinked")}: {formatStaffTime(channel.createdAt, locale)} ·{" "}
                  {t("columnLastPost")}: {channel.lastSentAt ? formatStaffTime(channel.lastSentAt, locale) : t("notYet")}
                </span>
                <UnlinkChannelForm id={channel.id} title={channel.title} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {config && <LinkChannelForm defaultLanguage={locale} />}
    </main>
  );
}
