import "server-only";
import crypto from "node:crypto";
import { getAuthSecret } from "@/env";

// A staff form that edits one record names it in a hidden field, and anything in a form can be
// changed before it is sent: a page for organisation A sent with B's id edited B with the values
// typed for A. The page also sends this proof, a keyed hash of the record's kind and id made when
// the page was rendered, so the action edits only the record whose page the form came from.
// Keyed with AUTH_SECRET, which every instance shares, so any instance checks any page's proof.

function proofOf(kind: string, id: string, secret: string): Buffer {
  return crypto.createHmac("sha256", secret).update(`corridor form record\0${kind}\0${id.toLowerCase()}`).digest();
}

/** The proof a page puts beside the id of the record its form edits. */
export function recordProof(kind: string, id: string, secret = getAuthSecret()): string {
  return proofOf(kind, id, secret).toString("base64url");
}

/** Whether `proof` was made for this record by a page of this deployment. */
export function isRecordProof(kind: string, id: string, proof: string, secret = getAuthSecret()): boolean {
  const given = Buffer.from(proof, "base64url");
  const expected = proofOf(kind, id, secret);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
