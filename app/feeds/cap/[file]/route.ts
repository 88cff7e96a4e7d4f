import { getDb } from "@/db";
import { getPublicCorridorWindow, getPublicWithdrawnCorridorWindow } from "@/db/public/corridor-windows";
import { getPublicStatusEvent } from "@/db/public/status-events";
import { capAlertXml, corridorCancelAlert, corridorWindowAlert, statusChangeAlert } from "@/lib/cap";
import { CONTENT_TYPES, publicOptions, publicResponse } from "@/server/http/public-response";
import { problemResponse, READ_ONLY, withApiErrors } from "@/server/http/problem";
import { parseQuery } from "@/server/http/query";
import { CAP_FILE, capAlertQuery } from "../../schemas";
import { capSender, siteOrigin } from "../../origin";

export const dynamic = "force-dynamic";

/**
 * One CAP 1.2 alert: /feeds/cap/<id>.xml, where <id> is a route status event (its alert expires
 * when the status stops being fresh), an agreed corridor agreement (expires at the window's end),
 * or a once agreed, since withdrawn one (its Cancel). Anything else, a proposal that was never
 * agreed included, is a 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const match = CAP_FILE.exec((await params).file.toLowerCase());
  if (!match) return noSuchAlert(request);
  const query = parseQuery(request, capAlertQuery);
  if (!query.ok) return query.response;
  const id = match[1]!;
  return withApiErrors(request, async () => {
    const db = await getDb();
    const ctx = { sender: capSender(), baseUrl: siteOrigin(request) };
    const event = await getPublicStatusEvent(db, { id });
    if (event) {
      const alert = statusChangeAlert(
        {
          eventId: event.id,
          status: event.status,
          reasonCodes: event.reasonCodes,
          reason: event.reason,
          instructions: event.instructions,
          confirmedAt: event.confirmedAt,
          recordedAt: event.recordedAt,
          freshnessWindowHours: event.freshnessWindowHours,
          routeSlug: event.route.slug,
          origin: event.route.origin,
          destination: event.route.destination,
          previous: event.previous,
          sourceKind: event.sourceKind,
          kind: event.kind,
        },
        ctx,
      );
      return publicResponse(request, capAlertXml(alert), CONTENT_TYPES.cap);
    }
    const window = await getPublicCorridorWindow(db, { id, now: new Date() });
    if (window) {
      const alert = corridorWindowAlert({ ...window, agreementId: window.id }, ctx);
      return publicResponse(request, capAlertXml(alert), CONTENT_TYPES.cap);
    }
    // A window that was public and was withdrawn: its Cancel, at the same address as its alert.
    const withdrawn = await getPublicWithdrawnCorridorWindow(db, { id });
    if (withdrawn) {
      const alert = corridorCancelAlert({ ...withdrawn, agreementId: withdrawn.id }, ctx);
      return publicResponse(request, capAlertXml(alert), CONTENT_TYPES.cap);
    }
    return noSuchAlert(request);
  });
}

function noSuchAlert(request: Request): Response {
  return problemResponse(request, "not-found", { detail: "No CAP alert has this address; /feeds/cap.atom lists the alerts in force." });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
