import { describe, expect, it } from "vitest";
import { schemaRefusal } from "./form-state";

describe("a schema's refusal as the form shows it", () => {
  it("keeps errors on visible fields beside them", () => {
    expect(schemaRefusal({ shortName: { code: "required" } })).toEqual({ fieldErrors: { shortName: { code: "required" } } });
  });

  it("turns a forged hidden field into the form's message, never a field to correct that is not there", () => {
    expect(schemaRefusal({ version: { code: "invalidNumber" } })).toEqual({ fieldErrors: {}, formError: { code: "formAltered" } });
    expect(schemaRefusal({ "seen.0": { code: "invalidUuid" }, status: { code: "required" } })).toEqual({ fieldErrors: { status: { code: "required" } }, formError: { code: "formAltered" } });
  });

  it("shows a refusal of the whole form as the form's message", () => {
    expect(schemaRefusal({ form: { code: "generic" } })).toEqual({ fieldErrors: {}, formError: { code: "generic" } });
  });
});
