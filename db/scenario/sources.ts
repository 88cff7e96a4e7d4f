import type { SourceKind } from "../schema/enums";

/** The articles in shared/sources the scenario is drawn from, and the outlets they cite. */
export type ScenarioSource = {
  key: string;
  kind: SourceKind;
  outlet: string;
  title: string;
  archiveRef: string;
  /** Minutes before the seeding time. */
  publishedMinutesAgo: number;
};

const ARTICLE_LUHANSK = "shared/sources/000_9e4cf14b13f58f05.txt";
const ARTICLE_KYIV_REGROUP = "shared/sources/004_c4160769f9d0df45.txt";

export const SCENARIO_SOURCES: ScenarioSource[] = [
  {
    key: "haidai-telegram",
    kind: "official_channel",
    outlet: "Luhansk Regional Military Administration (Telegram)",
    title: "Serhiy Haidai: evacuations from Rubizhne, Hirske, Popasna, Lysychansk and Severodonetsk",
    archiveRef: ARTICLE_LUHANSK,
    publishedMinutesAgo: 2 * 24 * 60,
  },
  {
    key: "reuters-kreminna",
    kind: "wire_agency",
    outlet: "Reuters",
    title: "Four civilians shot dead fleeing Kreminna by car",
    archiveRef: ARTICLE_LUHANSK,
    publishedMinutesAgo: 26 * 60,
  },
  {
    key: "kyiv-independent-kreminna",
    kind: "local_media",
    outlet: "Kyiv Independent",
    title: "Haidai: evacuating residents from Kreminna is now impossible",
    archiveRef: ARTICLE_LUHANSK,
    publishedMinutesAgo: 24 * 60,
  },
  {
    key: "19fortyfive-luhansk",
    kind: "international_media",
    outlet: "19FortyFive",
    title: "Putin is Coming: Russia's Military Has Its Guns Aimed At Luhansk",
    archiveRef: ARTICLE_LUHANSK,
    publishedMinutesAgo: 20 * 60,
  },
  {
    key: "regroup-article",
    kind: "international_media",
    outlet: "News report (shared/sources 004)",
    title: "As Putin's Army Regroup Ukraine Readies For New Russian Strikes",
    archiveRef: ARTICLE_KYIV_REGROUP,
    publishedMinutesAgo: 10 * 60,
  },
];
