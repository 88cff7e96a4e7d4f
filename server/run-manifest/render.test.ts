import { describe, expect, it } from "vitest";
import type { RunManifest } from "@/db/queries/run-manifests";
import type { TransportRequestPersonal } from "@/server/transport-requests/personal";
import { renderRunManifest, type ManifestPerson } from "./render";

const manifest: RunManifest = {
  id: "00000000-0000-4000-8000-000000000001",
  referenceCode: "R-8D74KV",
  status: "planned",
  vehicle: "bus",
  seats: 10,
  wheelchairPlaces: 0,
  stretcherPlaces: 1,
  petsAllowed: false,
  departsFrom: new Date("2026-12-08T08:00:00Z"),
  departsUntil: new Date("2026-12-08T10:00:00Z"),
  townName: { nameUk: "Лисичанськ", nameRu: "Лисичанск", nameEn: "Lysychansk" },
  destinationTownName: { nameUk: "Дніпро", nameRu: "Днепр", nameEn: "Dnipro" },
  routeSlug: null,
  assemblyPoint: { uk: "", ru: "", en: "" },
  routeAssemblyPoint: null,
  stops: [],
};

function person(personal: Partial<TransportRequestPersonal>, order = 1): ManifestPerson {
  return {
    stop: { pickupOrder: order, referenceCode: `K7M4-QX2${order}`, peopleCount: 1, childrenCount: 0, mobility: "bedridden", pets: false, medicalNeeds: ["oxygen"], outcome: null, personalSealed: "sealed", notClaimed: false },
    personal: { name: "Олена", phone: "", telegram: "", address: "вул. Тестова 1", point: null, medicalNote: "", noContactReason: "", ...personal },
  };
}

const render = (people: ManifestPerson[], locale: "uk" | "ru" | "en" = "en") =>
  renderRunManifest({ manifest: { ...manifest, stops: people.map((p) => p.stop) }, people, locale, now: new Date("2026-12-08T07:00:00Z"), openedBy: "c@example.org", downloadHref: "?download=1", nonce: null });

describe("a run's manifest", () => {
  // The crew dialled "@olena_k": a Telegram account was shown under "Phone" when there was no phone.
  it("names a Telegram account as Telegram, never as a phone", () => {
    const page = render([person({ telegram: "@olena_k" })]);
    expect(page).not.toMatch(/<dt>Phone<\/dt><dd>@olena_k/);
    expect(page).toContain("<dt>Telegram</dt><dd>@olena_k</dd>");
    const both = render([person({ phone: "+380501234567", telegram: "@olena_k" })]);
    expect(both).toContain('<dt>Phone</dt><dd><a href="tel:+380501234567">+380501234567</a></dd>');
    expect(both).toContain("<dt>Telegram</dt><dd>@olena_k</dd>");
  });

  // The resident wrote them for whoever comes: on the form, then shown to no one.
  it("gives the crew the medical note and the map point the person gave", () => {
    const page = render([person({ medicalNote: "concentrator, 5 l/min", point: { lat: 48.90412, lon: 38.44231 } })], "uk");
    expect(page).toContain("concentrator, 5 l/min");
    expect(page).toContain('href="geo:48.90412,38.44231"');
  });

  it("leaves out what the person did not give", () => {
    const page = render([person({ phone: "+380501234567" })]);
    expect(page).not.toContain("<dt>Telegram</dt>");
    expect(page).not.toContain("geo:");
  });

  // It said "12/08, 12:32 AM", which a reader in Ukraine takes for 12 August, past midnight or noon.
  it("writes its times as every other page does: the month in words, a 24-hour Kyiv clock", () => {
    const page = render([]);
    expect(page).toContain("8 Dec 2026, 10:00");
    expect(page).toContain("8 Dec 2026, 12:00");
    expect(page).not.toMatch(/\b(?:AM|PM)\b|12\/08/);
  });
});
