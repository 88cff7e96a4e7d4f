import { z } from "zod";
import { PUBLIC_LANGUAGES } from "@/lib/cap-text";
import { unknownParameters } from "../api/v1/schemas";

// The query parameters of the feeds, checked as the API's are (server/http/query.ts): a parameter
// not listed, given twice or with a bad value is a 400 problem. A feed reader subscribed to
// "?lang=ua" would otherwise get English entries and never learn why.

export const feedQuery = z.strictObject(
  {
    lang: z
      .enum(PUBLIC_LANGUAGES, { error: `must be one of: ${PUBLIC_LANGUAGES.join(", ")}` })
      .optional()
      .meta({ description: "The language of the feed's titles and summaries (English by default).", example: "uk" }),
  },
  unknownParameters,
);

/**
 * A CAP alert's address under /feeds/cap/: its id (a UUID), for a corridor message optionally
 * "-v" and the version its identifier ends with, and ".xml" (lib/cap.ts capMessageFile).
 */
export const CAP_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:-v([1-9][0-9]{0,8}))?\.xml$/;

/** A CAP alert carries every language; it takes no parameter. */
export const capAlertQuery = z.strictObject({}, unknownParameters);
