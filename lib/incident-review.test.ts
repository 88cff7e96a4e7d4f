import { describe, expect, it } from "vitest";
import { applyReview, availableReviewActions, COORDINATOR_VERIFICATIONS, isAdminReviewed } from "./incident-review";

describe("applyReview", () => {
  it("verifies and disputes without touching visibility", () => {
    expect(applyReview({ verification: "corroborated", visibility: "public" }, "verify")).toEqual({ ok: true, next: { verification: "verified", visibility: "public" } });
    expect(applyReview({ verification: "verified", visibility: "internal" }, "dispute")).toEqual({ ok: true, next: { verification: "disputed", visibility: "internal" } });
  });

  it("retracting marks the incident false and takes it off the public pages", () => {
    expect(applyReview({ verification: "verified", visibility: "public" }, "retract")).toEqual({ ok: true, next: { verification: "false", visibility: "internal" } });
  });

  it("refuses to publish a retracted incident", () => {
    expect(applyReview({ verification: "false", visibility: "internal" }, "publish")).toEqual({ ok: false, code: "reviewRetractedNotPublic" });
  });

  it("a retraction can be undone by a later review", () => {
    expect(applyReview({ verification: "false", visibility: "internal" }, "verify")).toEqual({ ok: true, next: { verification: "verified", visibility: "internal" } });
  });

  it("refuses an action that changes nothing", () => {
    expect(applyReview({ verification: "verified", visibility: "internal" }, "verify")).toEqual({ ok: false, code: "reviewAlreadyInState" });
    expect(applyReview({ verification: "unverified", visibility: "internal" }, "unpublish")).toEqual({ ok: false, code: "reviewAlreadyInState" });
    expect(applyReview({ verification: "false", visibility: "internal" }, "retract")).toEqual({ ok: false, code: "reviewAlreadyInState" });
  });

  it("offers only the actions that apply", () => {
    expect(availableReviewActions({ verification: "unverified", visibility: "internal" })).toEqual(["verify", "dispute", "retract", "publish"]);
    expect(availableReviewActions({ verification: "false", visibility: "internal" })).toEqual(["verify", "dispute"]);
    expect(availableReviewActions({ verification: "verified", visibility: "public" })).toEqual(["dispute", "retract", "unpublish"]);
  });

  it("the queue's pending states are exactly the ones coordinators can set", () => {
    expect([...COORDINATOR_VERIFICATIONS].sort()).toEqual(["corroborated", "unverified"]);
    expect(isAdminReviewed({ verification: "corroborated", visibility: "public" })).toBe(true);
  });
});
