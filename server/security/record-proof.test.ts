import { describe, expect, it } from "vitest";
import { isRecordProof, recordProof } from "./record-proof";

const SECRET = "a-secret-of-at-least-thirty-two-characters";
const A = "393f5a7f-1d86-5acc-be78-f1177033995a";
const B = "d9b3852e-ed28-5135-89be-0fe2f22ed701";

describe("a form's record proof", () => {
  it("holds for the record its page was rendered for, whatever the id's case", () => {
    expect(isRecordProof("organisation", A, recordProof("organisation", A, SECRET), SECRET)).toBe(true);
    expect(isRecordProof("organisation", A.toUpperCase(), recordProof("organisation", A, SECRET), SECRET)).toBe(true);
  });

  it("fails for another record, another kind of record, another deployment's secret, or anything mangled", () => {
    const proof = recordProof("organisation", A, SECRET);
    expect(isRecordProof("organisation", B, proof, SECRET)).toBe(false);
    expect(isRecordProof("account", A, proof, SECRET)).toBe(false);
    expect(isRecordProof("organisation", A, proof, `${SECRET}-other`)).toBe(false);
    for (const mangled of ["", proof.slice(1), `${proof}A`, "not base64 at all!", proof.replace(/^./, (c) => (c === "A" ? "B" : "A"))]) {
      expect(isRecordProof("organisation", A, mangled, SECRET), mangled).toBe(false);
    }
  });
});
