import { hasAnyText, type LocalizedText } from "./localized-text";

// One definition of a route's assembly point as residents see it, for the page, the lite page,
// the map and the API alike. It is a place meant for residents: its name, rounded point, hours and
// official number are public. Nothing here names a person or carries a staff note, and the point
// arrives already rounded by the public read (db/public/columns.ts), so no output can sharpen it.

/** The route's assembly point fields as every public read gives them. */
export type AssemblyPointFacts = {
  assemblyPoint: LocalizedText;
  assemblyPointLat: number | null;
  assemblyPointLon: number | null;
  assemblyPointOpens: string | null;
  assemblyPointCloses: string | null;
  assemblyPointCall: string | null;
};

export type PublicAssemblyPoint = {
  name: LocalizedText;
  point: { lat: number; lon: number } | null;
  hours: { opens: string; closes: string } | null;
  call: string | null;
};

/** The assembly point, or null when the coordinator gave none of its parts. */
export function publicAssemblyPoint(facts: AssemblyPointFacts): PublicAssemblyPoint | null {
  const point = facts.assemblyPointLat !== null && facts.assemblyPointLon !== null ? { lat: facts.assemblyPointLat, lon: facts.assemblyPointLon } : null;
  const hours = facts.assemblyPointOpens && facts.assemblyPointCloses ? { opens: facts.assemblyPointOpens, closes: facts.assemblyPointCloses } : null;
  const call = facts.assemblyPointCall?.trim() ? facts.assemblyPointCall.trim() : null;
  if (!hasAnyText(facts.assemblyPoint) && !point && !hours && !call) return null;
  return { name: facts.assemblyPoint, point, hours, call };
}

