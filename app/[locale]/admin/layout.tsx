import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { StaffShell } from "@/components/layout/staff-shell";

/** The namespaces the admin area's client forms read; the rest stays on the server. */
const CLIENT_NAMESPACES = ["nav", "forms", "status", "incidents", "review", "verification", "visibility", "accounts", "organisations", "role", "reasonCode", "writtenIn", "requestPurge"] as const;

export default async function AdminLayout(props: { children: React.ReactNode; params: Promise<{ locale: string }> }) {
  const messages = await getMessages();
  const clientMessages = Object.fromEntries(CLIENT_NAMESPACES.filter((ns) => ns in messages).map((ns) => [ns, messages[ns]]));
  return (
    <StaffShell role="admin" params={props.params}>
      <NextIntlClientProvider messages={clientMessages}>{props.children}</NextIntlClientProvider>
    </StaffShell>
  );
}
