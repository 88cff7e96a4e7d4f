import type { LocalizedText } from "../../lib/localized-text";
import type { ClaimStance, PartyRole } from "../schema/enums";

/** The Mariupol–Zaporizhzhia ceasefire corridor (shared/sources 004) and both sides' claims. */
export const MARIUPOL_CORRIDOR = {
  key: "mariupol-zaporizhzhia-ceasefire",
  title: {
    uk: "Гуманітарний коридор Маріуполь – Запоріжжя",
    ru: "Гуманитарный коридор Мариуполь – Запорожье",
    en: "Mariupol – Zaporizhzhia humanitarian corridor",
  } satisfies LocalizedText,
  routeSlug: "mariupol-zaporizhzhia",
  // "Russia declared a cease-fire near Mariupol on Thursday at 10 a.m. local time": the demo
  // places the window at the next 10:00 Kyiv time after seeding. The articles give no end time.
  startLocalHour: 10,
  durationHours: 12,
  terms: {
    uk:
      "Режим тиші біля Маріуполя з 10:00 за місцевим часом, щоб люди могли виїхати до Запоріжжя, за 140 км на північний захід. " +
      "Час завершення не оголошено; вікно записано до 22:00 для планування, його треба підтвердити повторно.",
    ru:
      "Режим тишины у Мариуполя с 10:00 по местному времени, чтобы люди могли выехать в Запорожье, в 140 км к северо-западу. " +
      "Время окончания не объявлено; окно записано до 22:00 для планирования, его нужно подтвердить повторно.",
    en:
      "Ceasefire near Mariupol from 10:00 local time so that people can leave for Zaporizhzhia, 140 km to the north-west. " +
      "No end time was announced; the window is logged until 22:00 for planning and must be re-confirmed.",
  } satisfies LocalizedText,
  sourceKeys: ["regroup-article", "19fortyfive-luhansk"],
  parties: [
    { key: "russia", name: "Russian Federation", role: "party_to_conflict" as PartyRole, representative: "Mikhail Mizintsev, head of the National Defence Control Centre, Ministry of Defence" },
    { key: "ukraine", name: "Ukraine", role: "party_to_conflict" as PartyRole, representative: "Iryna Vereshchuk, Deputy Prime Minister" },
    { key: "icrc", name: "International Committee of the Red Cross", role: "broker" as PartyRole, representative: "" },
  ],
  claims: [
    {
      key: "mizintsev-declared",
      party: "russia",
      claimant: "Mikhail Mizintsev, Russian Ministry of Defence",
      stance: "affirms" as ClaimStance,
      statement: "Declared a ceasefire near Mariupol from 10:00 local time so people can flee to Zaporizhzhia; further humanitarian routes would be created.",
      minutesAgo: 10 * 60,
      sourceKey: "regroup-article",
    },
    {
      key: "vereshchuk-agreed",
      party: "ukraine",
      claimant: "Iryna Vereshchuk, Deputy Prime Minister of Ukraine",
      stance: "affirms" as ClaimStance,
      statement: "Three humanitarian corridors have been agreed for people to evacuate some cities, including Mariupol.",
      minutesAgo: 9 * 60,
      sourceKey: "regroup-article",
    },
    {
      key: "icrc-stuck",
      party: "icrc",
      claimant: "International Committee of the Red Cross",
      stance: "neutral" as ClaimStance,
      statement: "Thousands of people are still stuck in Mariupol; one of the organisation's warehouses there has been damaged.",
      minutesAgo: 8 * 60,
      sourceKey: "regroup-article",
    },
    {
      key: "polyanskiy-dismissed",
      party: "russia",
      claimant: "Dmitry Polyanskiy, Russia's Deputy Ambassador to the UN",
      stance: "disputes" as ClaimStance,
      statement: "Dismissed calls for new humanitarian ceasefires as an aspiration \"to provide Kyiv nationalists breathing room\".",
      minutesAgo: 20 * 60,
      sourceKey: "19fortyfive-luhansk",
    },
  ],
};
