import { describe, expect, it } from "vitest";
import * as route from "./route";

// Telegram only ever posts here. Next answers OPTIONS itself for a handler that does not, listing
// every method the file exports (GET, PUT, … are exported only to refuse them) as allowed.
describe("the Telegram webhook's methods", () => {
  it.each(["GET", "PUT", "PATCH", "DELETE", "OPTIONS"] as const)("%s is refused naming POST alone", async (method) => {
    const handler = route[method];
    expect(typeof handler, method).toBe("function");
    const response = await handler(new Request("http://localhost/api/telegram/webhook", { method }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});
