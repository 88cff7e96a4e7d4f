import { z } from "zod";

/**
 * A resident's phone number as a gateway gives it in an inbound webhook's From and takes it in
 * an outbound To: E.164 ("+380501234567"); some gateways leave out the "+". Kept exactly as given,
 * so that replies and notifications go to the number the message came from.
 */
export const smsAddressSchema = z.string().regex(/^\+?[1-9][0-9]{2,14}$/);
