import { routing } from "@/i18n/routing";
import { MEDICAL_NEEDS, MOBILITY_LEVELS } from "@/lib/transport-requests";
import { checkbox, phoneField, telegramField } from "./contact-fields";
import { REQUEST_ADDRESS_MAX, REQUEST_MEDICAL_NOTE_MAX, REQUEST_NAME_MAX } from "./limits";
import { oneOf, someOf, text, wholeNumber } from "./zod-fields";

/**
 * What a request for transport says about the people and how to reach them, as the residents' form
 * and the hotline form both take it: one rule for each field, so a request reads the same however
 * it came in. Each form adds its own town field, who may ask, and what it needs besides.
 */
export const requestFactFields = {
  name: text(REQUEST_NAME_MAX, { optional: true }).default(""),
  peopleCount: wholeNumber(1, 50),
  childrenCount: wholeNumber(0, 50),
  mobility: oneOf(MOBILITY_LEVELS),
  pets: checkbox,
  medicalNeeds: someOf(MEDICAL_NEEDS),
  medicalNote: text(REQUEST_MEDICAL_NOTE_MAX, { optional: true }).default(""),
  phone: phoneField,
  telegram: telegramField,
  // The requester's own language (what they are told in), which may differ from the page's: a
  // form never sends "locale", which actions take from the page.
  language: oneOf(routing.locales),
  address: text(REQUEST_ADDRESS_MAX),
};
