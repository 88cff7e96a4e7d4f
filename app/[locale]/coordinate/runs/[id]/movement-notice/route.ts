import { otherMethods } from "@/server/http/methods";
import { z } from "zod";
import { getAccess } from "@/auth";
import { getDb } from "@/db";
import { getRunMovementFacts } from "@/db/queries/run-manifests";
import { movementNotice } from "@/lib/movement-notice";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// A run as a humanitarian movement notification (JSON, for the notification cell): the
// organisation's own runs only, and nothing about the people on it (lib/movement-notice.ts).

function plain(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
}

export async function GET(_request: Request, { params }: { params: Promise<{ locale: string; id: string }> }) {
  const { id } = await params;
  const access = await getAccess("coordinator");
  if (!access.ok) return access.reason === "forbidden" ? plain(403, "Forbidden: coordinators only.") : plain(401, "Unauthorized: sign in as a coordinator of the run's organisation.");
  if (!z.uuid().safeParse(id).success) return plain(404, "Not found: no run of your organisation at this address.");
  const facts = await getRunMovementFacts(await getDb(), access.user, { id: id.toLowerCase() });
  if (!facts) return plain(404, "Not found: no run of your organisation at this address.");
  return new Response(`${JSON.stringify(movementNotice(facts), null, 2)}\n`, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="movement-notice-${facts.referenceCode}.json"`,
      "Cache-Control": "no-store, private",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"], "plain");
