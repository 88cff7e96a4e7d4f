import { getDb } from "@/db";
import { getPublicCorridorWindow, getPublicWithdrawnCorridorWindow } from "@/db/public/corridor-windows";
import { getPublicStatusEvent } from "@/db/public/status-events";
import { capAlertXml, capMessageFile, corridorCancelAlert, corridorWindowAlert, statusChangeAlert } from "@/lib/cap";
import { CONTENT_TYPES, publicOptions, publicResponse } from "@/server/http/public-response";
import { problemResponse, READ_ONLY, withApiErrors } from "@/server/http/problem";
import { parseQuery } from "@/server/http/query";
import { CAP_FILE, capAlertQuery } from "../../schemas";
import { capSender, siteOrigin } from "../../origin";

export const dynamic = "force-dynamic";

/**
 * One CAP 1.2 alert: /feeds/cap/<id>.xml, where <id> is a route status event (its alert expires
 * when the status stops being fresh) or an agreed corridor agreement (expires at the window's
 * end); /feeds/cap/<id>-v<version>.xml, one corridor message by the version its identifier ends
 * with: the agreed window's current one, or a withdrawn window's Cancel. The alerts a Cancel
 * cancels are not served again (what they said is no longer public): their addresses answer 410
 * with a Link to the Cancel. Anything else, a proposal that was never agreed included, is a 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const match = CAP_FILE.exec((await params).file.toLowerCase());
  if (!match) return noSuchAlert(request);
  const query = parseQuery(request, capAlertQuery);
  if (!query.ok) return query.response;
  const id = match[1]!;
  const version = match[2] === undefined ? null : Number(match[2]);
  return withApiErrors(request, async () => {
    const db = await getDb();
    const ctx = { sender: capSender(), baseUrl: siteOrigin(request) };
    const event = version === null ? await getPublicStatusEvent(db, { id }) : null;
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
      if (version !== null && version !== window.version) return noSuchAlert(request);
      const alert = corridorWindowAlert({ ...window, agreementId: window.id }, ctx);
      return publicResponse(request, capAlertXml(alert), CONTENT_TYPES.cap);
    }
    // A window that was public and was withdrawn: its Cancel at the Cancel's own address; the
    // addresses of the alerts it cancels say where it is.
    const withdrawn = await getPublicWithdrawnCorridorWindow(db, { id });
    if (withdrawn) {
      const cancel = withdrawn.published[withdrawn.published.length - 1]!;
      if (version === cancel.version) {
        const alert = corridorCancelAlert({ ...withdrawn, agreementId: withdrawn.id }, ctx);
        return publicResponse(request, capAlertXml(alert), CONTENT_TYPES.cap);
      }
      if (version === null || withdrawn.published.some((m) => m.version === version)) {
        const at = `${ctx.baseUrl}/feeds/cap/${capMessageFile(withdrawn.id, cancel.version)}`;
        return problemResponse(request, "withdrawn", {
          detail: `This corridor window was withdrawn; its Cancel is ${at}.`,
          headers: { Link: `<${at}>; rel="alternate"; type="application/cap+xml"` },
        });
      }
    }
    return noSuchAlert(request);
  });
}

function noSuchAlert(request: Request): Response {
  return problemResponse(request, "not-found", { detail: "No CAP alert has this address; /feeds/cap.atom lists the alerts in force." });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
