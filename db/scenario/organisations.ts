// The organisations the scenario's routes and demo accounts belong to. Short names are what staff
// pages and the route pages show, spelled as the sources give them.
export type ScenarioOrganisation = { key: string; shortName: string; nameUk: string; nameRu: string; nameEn: string; publicContact: string };

export const SCENARIO_ORGANISATIONS: ScenarioOrganisation[] = [
  {
    key: "luhansk-rma",
    shortName: "Luhansk Regional Military Administration",
    nameUk: "Луганська обласна військова адміністрація",
    nameRu: "Луганская областная военная администрация",
    nameEn: "Luhansk Regional Military Administration",
    publicContact: "",
  },
  {
    key: "government",
    shortName: "Government of Ukraine (Deputy Prime Minister Iryna Vereshchuk)",
    nameUk: "Уряд України (віцепрем'єр-міністерка Ірина Верещук)",
    nameRu: "Правительство Украины (вице-премьер-министр Ирина Верещук)",
    nameEn: "Government of Ukraine (Deputy Prime Minister Iryna Vereshchuk)",
    publicContact: "",
  },
  { key: "corridor-demo", shortName: "Corridor demo", nameUk: "Corridor demo", nameRu: "Corridor demo", nameEn: "Corridor demo", publicContact: "" },
];
