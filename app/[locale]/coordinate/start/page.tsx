import { redirect } from "next/navigation";
import { requireUser } from "@/auth";
import { pageLocale } from "@/i18n/page-locale";
import { startPath } from "@/lib/roles";

export const dynamic = "force-dynamic";

/** Where sign-in lands when no page was asked for: each role's own start page (the role is known only now). Under the workspace, so it is a staff page in every respect (proxy, headers, outage page). */
export default async function Start({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser();
  redirect(`/${locale}${startPath(user.role)}`);
}
