import type { UserRole } from "@/lib/enum-values";
import { AccessError, type SessionUser } from "./session-user";

// Admins can do everything coordinators can, and more (domain.md, "Who may do what").
const RANK: Record<UserRole, number> = { coordinator: 1, admin: 2 };

export function roleSatisfies(actual: UserRole, required: UserRole): boolean {
  return RANK[actual] >= RANK[required];
}

/** Data-layer guard: queries that read or write protected data call this with their caller. */
export function assertRole(actor: SessionUser | null | undefined, required: UserRole): asserts actor is SessionUser {
  if (!actor) throw new AccessError("unauthenticated");
  if (!roleSatisfies(actor.role, required)) throw new AccessError("forbidden");
}

/** Each role's start page after signing in: admins work the review queue, coordinators their routes. */
export function startPath(role: UserRole): string {
  return role === "admin" ? "/admin/incidents" : "/coordinate";
}
