import { describe, expect, it } from "vitest";
import { allowOf, otherMethods } from "./methods";

const request = (method: string) => new Request("http://test.invalid/api/health?x=1", { method });

describe("the methods a route handler does not take", () => {
  it("names what an address takes, HEAD with GET and OPTIONS always", () => {
    expect(allowOf(["GET"])).toBe("GET, HEAD, OPTIONS");
    expect(allowOf(["GET", "POST"])).toBe("GET, HEAD, POST, OPTIONS");
    expect(allowOf(["POST"])).toBe("POST, OPTIONS");
  });

  it("refuses every other method with 405 and Allow, and never a method it takes", async () => {
    const handlers = otherMethods(["GET"], "plain");
    expect(Object.keys(handlers).sort()).toEqual(["DELETE", "OPTIONS", "PATCH", "POST", "PUT"]);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      const answer = handlers[method](request(method));
      expect(answer.status, method).toBe(405);
      expect(answer.headers.get("allow"), method).toBe("GET, HEAD, OPTIONS");
      expect(answer.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await answer.text()).toBe("Method not allowed.\n");
    }
    expect(Object.keys(otherMethods(["GET", "POST"], "plain")).sort()).toEqual(["DELETE", "OPTIONS", "PATCH", "PUT"]);
  });

  it("answers OPTIONS with the same Allow as its 405, so neither lists a refused method", () => {
    const handlers = otherMethods(["GET", "POST"], "problem");
    const options = handlers.OPTIONS(request("OPTIONS"));
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe(handlers.PUT(request("PUT")).headers.get("allow"));
  });

  it("gives a machine address a problem document naming the method and the address", async () => {
    const answer = otherMethods(["GET"], "problem").PUT(request("PUT"));
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await answer.json()).toMatchObject({
      type: "/api/v1/problems/method-not-allowed",
      status: 405,
      instance: "/api/health?x=1",
      detail: expect.stringContaining("PUT"),
    });
  });
});
