import { describe, expect, it } from "vitest";
import { addressOf, languageOf, type AddressKind } from "@/lib/addresses";
import { ROUTE_SLUG_MAX_LENGTH, SLUG_MAX_LENGTH } from "@/lib/slug";
import { addressesOf, appAddressFiles, SAMPLE_UUID as UUID } from "./app-addresses";

// Every page and route handler under app/, with the kind lib/addresses.ts must give its address.
// A new page or route fails here until it is listed, so the address map cannot fall behind app/.
const EXPECTED: Record<string, AddressKind> = {
  "app/[locale]/(public)/page.tsx": "resident-page",
  "app/[locale]/(public)/towns/[slug]/page.tsx": "resident-page",
  "app/[locale]/(public)/routes/[slug]/page.tsx": "resident-page",
  "app/[locale]/(public)/api/page.tsx": "partner-page",
  "app/[locale]/[...rest]/page.tsx": "unknown-page",
  "app/[locale]/login/page.tsx": "sign-in",
  "app/[locale]/lite/route.ts": "lite-page",
  "app/[locale]/transport/route.ts": "resident-form",
  "app/[locale]/transport/withdraw/route.ts": "resident-form",
  "app/[locale]/lite/towns/[slug]/route.ts": "lite-page",
  "app/lite/route.ts": "lite-page",
  "app/lite/towns/[slug]/route.ts": "lite-page",
  "app/lite/oblasts/[slug]/route.ts": "lite-page",
  "app/[locale]/lite/oblasts/[slug]/route.ts": "lite-page",
  "app/[locale]/(public)/oblasts/[slug]/page.tsx": "resident-page",
  "app/api/[[...unknown]]/route.ts": "unknown-api",
  "app/api/admin/exports/incidents.csv/route.ts": "staff-api",
  "app/api/admin/exports/incidents.geojson/route.ts": "staff-api",
  "app/api/admin/exports/routes.csv/route.ts": "staff-api",
  "app/api/auth/[...nextauth]/route.ts": "auth",
  "app/api/health/route.ts": "health",
  "app/api/sms/inbound/route.ts": "webhook",
  "app/api/telegram/webhook/route.ts": "webhook",
  "app/api/v1/incidents.geojson/route.ts": "public-api",
  "app/api/v1/openapi.json/route.ts": "public-api",
  "app/api/v1/problems/[name]/route.ts": "public-api",
  "app/api/v1/routes.geojson/route.ts": "public-api",
  "app/api/v1/reception-points/route.ts": "public-api",
  "app/api/v1/reception-points.csv/route.ts": "public-api",
  "app/api/v1/transport-run-counts/route.ts": "public-api",
  "app/api/v1/routes/route.ts": "public-api",
  "app/api/v1/towns/route.ts": "public-api",
  "app/feeds/[[...unknown]]/route.ts": "unknown-api",
  "app/feeds/cap.atom/route.ts": "feed",
  "app/feeds/cap/[file]/route.ts": "feed",
  "app/feeds/status.atom/route.ts": "feed",
  "app/icon.svg": "static",
};
// Every page under these folders is a staff page; listing each one would only be copied along.
const STAFF_FOLDERS = ["app/[locale]/coordinate/", "app/[locale]/admin/"];

describe("the address map", () => {
  const files = appAddressFiles();

  it("finds the pages and routes under app/", () => {
    expect(files).toContain("app/[locale]/(public)/towns/[slug]/page.tsx");
    expect(files.length).toBeGreaterThan(30);
  });

  it("classifies every page and route handler under app/", () => {
    const wrong: string[] = [];
    for (const file of files) {
      const expected = STAFF_FOLDERS.some((folder) => file.startsWith(folder)) ? "staff-page" : EXPECTED[file];
      if (expected === undefined) {
        wrong.push(`${file}: not listed in EXPECTED`);
        continue;
      }
      for (const address of addressesOf(file)) {
        const { kind } = addressOf(address);
        if (kind !== expected) wrong.push(`${file}: ${address} is ${kind}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("lists no file that is gone", () => {
    expect(Object.keys(EXPECTED).filter((file) => !files.includes(file))).toEqual([]);
  });

  it("shares what is the same for everyone, and nothing else", () => {
    const shared = ["/en", "/uk/", "/ru/towns/lysychansk", "/en/routes/lysychansk-bakhmut-2", "/uk/lite", "/en/lite/towns/lysychansk", "/en/oblasts/luhansk", "/uk/lite/oblasts/donetsk", "/api/v1/routes", "/api/v1/openapi.json", "/feeds/status.atom", `/feeds/cap/${UUID}.xml`];
    for (const path of shared) expect(addressOf(path).shared, path).toBe(true);
    const notShared = ["/", "/lite", "/lite/towns/lysychansk", "/lite/oblasts/luhansk", "/en/oblasts/UPPER", "/en/api", "/en/login", "/en/coordinate", "/api/v1/problems/not-found", "/api/health", "/api/v1", "/api/v1/routes/", "/feeds", "/feeds/cap/x.xml", "/en/towns/UPPER", "/en/towns/a--b", "/en/towns/a/b", "/sw.js", "/de"];
    for (const path of notShared) expect(addressOf(path).shared, path).toBe(false);
  });

  it("takes slug lengths from lib/slug.ts: a town's, and a route's made of two towns'", () => {
    const town = "a".repeat(SLUG_MAX_LENGTH);
    expect(addressOf(`/en/towns/${town}`).kind).toBe("resident-page");
    expect(addressOf(`/en/towns/${town}a`).kind).toBe("unknown-page");
    expect(addressOf(`/en/lite/towns/${town}a`).shared).toBe(false);
    const route = `${town}-${town}-12`;
    expect(route.length).toBeLessThanOrEqual(ROUTE_SLUG_MAX_LENGTH);
    expect(addressOf(`/en/routes/${route}`).kind).toBe("resident-page");
    expect(addressOf(`/en/routes/${"a".repeat(ROUTE_SLUG_MAX_LENGTH + 1)}`).kind).toBe("unknown-page");
  });

  it("says the language: the path's, English for machines, the default otherwise", () => {
    expect(addressOf("/ru/admin/users").locale).toBe("ru");
    expect(languageOf(addressOf("/api/v1/routes"))).toBe("en");
    expect(languageOf(addressOf("/feeds/nothing"))).toBe("en");
    expect(languageOf(addressOf("/lite"))).toBe("uk");
    expect(addressOf("/en/coordinates").kind).toBe("unknown-page");
    expect(addressOf("/api").kind).toBe("unknown-api");
  });
});
