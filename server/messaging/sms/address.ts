import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";

/**
 * A resident's phone number as a gateway gives it in an inbound webhook's From and takes it in
 * an outbound To: E.164 ("+380501234567"); some gateways leave out the "+". Normalised to E.164
 * before it is hashed or sealed, so that "+380…" and "380…" are one subscriber, and replies and
 * notifications go to the number the message came from. A number libphonenumber-js does not
 * recognise as possible (test ranges, new plans) is kept as "+" and its digits.
 */
export const smsAddressSchema = z
  .string()
  .regex(/^\+?[1-9][0-9]{2,14}$/)
  .transform((raw) => {
    const international = raw.startsWith("+") ? raw : `+${raw}`;
    const parsed = parsePhoneNumberFromString(international);
    return parsed?.isPossible() ? parsed.number : international;
  });
