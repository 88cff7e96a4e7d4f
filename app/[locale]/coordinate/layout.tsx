import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { StaffShell } from "@/components/layout/staff-shell";

/**
 * The workspace's forms are client components (inline errors without losing input), so they get
 * the workspace's messages; the public pages stay lean and receive only `nav`.
 */
export default async function CoordinateLayout(props: { children: React.ReactNode; params: Promise<{ locale: string }> }) {
  // reasonCode, instructionCode and writtenIn: the status form's reasons, and texts shown in another language;
  // telegramChannels: the channel link form's Telegram-specific refusals; receptionStaff and
  // receptionReport: the reception point form's labels and its status and service words; runs: the transport run forms; routeChoice: the agreement and incident forms' route lists.
  const { nav, forms, status, coordinate, sourceKind, sources, mode, agreements, incidents, category, verification, reasonCode, instructionCode, writtenIn, telegramChannels, requests, receptionStaff, receptionReport, runs, routeChoice } = await getMessages();
  return (
    <StaffShell role="coordinator" params={props.params}>
      <NextIntlClientProvider messages={{ nav, forms, status, coordinate, sourceKind, sources, mode, agreements, incidents, category, verification, reasonCode, instructionCode, writtenIn, telegramChannels, requests, receptionStaff, receptionReport, runs, routeChoice }}>{props.children}</NextIntlClientProvider>
    </StaffShell>
  );
}
