import { z } from "zod";
import { text, uuid, version } from "@/lib/forms/zod-fields";
import { ORGANISATION_CONTACT_MAX, ORGANISATION_NAME_MAX, ORGANISATION_SHORT_NAME_MAX } from "./limits";

const details = {
  shortName: text(ORGANISATION_SHORT_NAME_MAX),
  nameUk: text(ORGANISATION_NAME_MAX),
  nameRu: text(ORGANISATION_NAME_MAX),
  nameEn: text(ORGANISATION_NAME_MAX),
  /** Public by nature (a hotline, a website): never a person's own number. */
  publicContact: text(ORGANISATION_CONTACT_MAX, { optional: true }),
};

export const organisationCreateSchema = z.object(details);

/** `recordProof`: made by the page for its organisation (server/security/record-proof.ts), so a changed id is refused. */
export const organisationEditSchema = z.object({ id: uuid, version, recordProof: z.string().min(1).max(100), ...details });
