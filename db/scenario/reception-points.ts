import type { LocalizedText } from "@/lib/localized-text";
import type { ReceptionService, ReceptionStatus } from "@/lib/reception-points";

// Reception points at the destinations of the scenario's routes. The places are where people
// from the east were received in 2022; the names, addresses and counts are made up for the demo.
// One is confirmed recently and one too long ago, so the app shows both states out of the box.

export type ScenarioReceptionPoint = {
  key: string;
  town: string;
  organisation: string;
  name: LocalizedText;
  address: LocalizedText;
  bedsTotal: number;
  bedsAccessible: number;
  bedsFree: number;
  bedsAccessibleFree: number;
  services: ReceptionService[];
  status: ReceptionStatus;
  confirmedMinutesAgo: number;
};

export const SCENARIO_RECEPTION_POINTS: ScenarioReceptionPoint[] = [
  {
    key: "zaporizhzhia-hub",
    town: "zaporizhzhia",
    organisation: "government",
    name: { uk: "Центр прийому евакуйованих (демо)", ru: "Центр приёма эвакуированных (демо)", en: "Evacuee reception centre (demo)" },
    address: { uk: "просп. Соборний, демо-адреса", ru: "просп. Соборный, демо-адрес", en: "Sobornyi Avenue, demo address" },
    bedsTotal: 400,
    bedsAccessible: 20,
    bedsFree: 120,
    bedsAccessibleFree: 4,
    services: ["medical", "food", "onward_transport"],
    status: "open",
    confirmedMinutesAgo: 40,
  },
  {
    key: "dnipro-station",
    town: "dnipro",
    organisation: "luhansk-rma",
    name: { uk: "Пункт прийому біля вокзалу (демо)", ru: "Пункт приёма у вокзала (демо)", en: "Station reception point (demo)" },
    address: { uk: "пл. Вокзальна, демо-адреса", ru: "пл. Вокзальная, демо-адрес", en: "Vokzalna Square, demo address" },
    bedsTotal: 250,
    bedsAccessible: 30,
    bedsFree: 35,
    bedsAccessibleFree: 6,
    services: ["medical", "pets", "food"],
    status: "nearly_full",
    // Past the three-hour window: shown as not confirmed recently until a coordinator confirms it.
    confirmedMinutesAgo: 4 * 60,
  },
];
