import { v5 as uuidv5 } from "uuid";

// Scenario rows get deterministic ids (UUID v5 of a readable key), so seeding again finds the
// same rows and inserts nothing: idempotent without comparing contents.
const SCENARIO_NAMESPACE = "6f1c7a52-3a54-4c1e-9f53-1d5e8c0b2a10";

export function scenarioId(key: string): string {
  return uuidv5(key, SCENARIO_NAMESPACE);
}
