import type { Locale } from "@/i18n/routing";
import type { MedicalNeed, MobilityLevel, RequesterKind } from "@/lib/transport-requests";

/** What a checked request form (residents' or hotline) says about the people, in the form's own names. */
export type RequestFactsInput = {
  peopleCount: number;
  childrenCount: number;
  mobility: MobilityLevel;
  pets: boolean;
  medicalNeeds: MedicalNeed[];
  /** The requester's own language: what they are told in. */
  language: Locale;
  requesterKind: RequesterKind;
};

/**
 * A request's non-personal facts as the data layer stores them, from either form: one mapping, so
 * a request reads the same however it came in. The town and the consent's language are the
 * caller's to say: the residents' form consents in the page's language, the hotline in the
 * requester's own, or not at all when the operator gives a reason.
 */
export function requestFacts(input: RequestFactsInput, { townSlug, consentLocale }: { townSlug: string; consentLocale: Locale | null }) {
  return {
    townSlug,
    peopleCount: input.peopleCount,
    childrenCount: input.childrenCount,
    mobility: input.mobility,
    pets: input.pets,
    medicalNeeds: input.medicalNeeds,
    locale: input.language,
    requesterKind: input.requesterKind,
    consentLocale,
  };
}
