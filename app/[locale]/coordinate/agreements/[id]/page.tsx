import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { getAgreementForEdit, type CoordinatorAgreement } from "@/db/queries/agreements";
import { SourceLink } from "@/components/sources/source-link";
import { LocalizedTextView } from "@/components/status/localized-text";
import { Link } from "@/i18n/navigation";
import { RouteLinkList } from "@/components/routes/route-link-list";
import { pageLocale } from "@/i18n/page-locale";
import { AGREEMENT_ACTIONS, allowedActions, type AgreementAction } from "@/lib/agreement-window";
import { hasAnyText } from "@/lib/localized-text";
import { formatStaffTime } from "@/lib/time";
import { LifecycleButtons } from "../agreement-form";
import { ClaimForm } from "../claim-form";
import { AgreementPhaseLine, StanceBadge, WindowRange } from "../phase-badge";

export const dynamic = "force-dynamic";

const isAction = (value: string | undefined): value is AgreementAction => AGREEMENT_ACTIONS.includes(value as AgreementAction);

type Claim = CoordinatorAgreement["claims"][number];

export default async function AgreementPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<{ saved?: string; done?: string; claim?: string }>;
}) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("coordinator");
  // Only a well-formed id reaches the database.
  if (!z.uuid().safeParse(id).success) notFound();
  const agreement = await getAgreementForEdit(await getDb(), user, id.toLowerCase());
  if (!agreement) notFound();
  const { saved, done, claim } = await searchParams;
  const now = new Date();
  const t = await getTranslations("agreements");
  const tk = await getTranslations("sourceKind");
  const message = saved === "1" ? t("saved") : isAction(done) ? t(`done_${done}`) : claim === "1" ? t("claimAdded") : null;
  const actions = allowedActions(agreement.state);

  // The ledger: one column per party, side by side (stacked on a phone), each in the order the
  // statements were made; statements of a party since removed keep their own column.
  const columns: { key: string; title: string; role: string | null; claims: Claim[] }[] = agreement.parties.map((p) => ({
    key: p.id,
    title: p.name,
    role: t(`role_${p.role}`),
    claims: agreement.claims.filter((c) => c.partyId === p.id),
  }));
  const unlinked = agreement.claims.filter((c) => c.partyId === null);
  if (unlinked.length > 0) columns.push({ key: "unlinked", title: t("unlinkedParty"), role: null, claims: unlinked });

  return (
    <main id="main" className="wide">
      <h1>
        <LocalizedTextView value={agreement.title} />
      </h1>
      {message && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {message}
        </p>
      )}
      <AgreementPhaseLine agreement={agreement} now={now} locale={locale} />
      <p>
        {/* Violated, rejected and cancelled agreements stay as recorded (the data layer refuses edits). */}
        {actions.length > 0 && (
          <>
            <Link href={`/coordinate/agreements/${agreement.id}/edit`}>{t("editAgreement")}</Link> ·{" "}
          </>
        )}
        <Link href="/coordinate/agreements">{t("backToList")}</Link>
      </p>

      <section aria-labelledby="agreement-details-title">
        <h2 id="agreement-details-title">{t("detailsTitle")}</h2>
        <dl className="details">
          <dt>{t("windowLabel")}</dt>
          <dd>
            <WindowRange start={agreement.windowStart} end={agreement.windowEnd} locale={locale} />
          </dd>
          <dt>{t("recordedState")}</dt>
          <dd>{t(`state_${agreement.state}`)}</dd>
          <dt>{t("routesLabel")}</dt>
          <dd>
            <RouteLinkList routes={agreement.routes} locale={locale} className="plain-list" />
          </dd>
          <dt>{t("termsLabelShort")}</dt>
          <dd className="reason">{hasAnyText(agreement.terms) ? <LocalizedTextView value={agreement.terms} /> : "—"}</dd>
          <dt>{t("lastChanged")}</dt>
          <dd>
            {formatStaffTime(agreement.updatedAt, locale)}
            {agreement.updatedByEmail && ` ${t("changedBy", { email: agreement.updatedByEmail })}`}
          </dd>
        </dl>

        <h3>{t("partiesLegend")}</h3>
        <ul className="party-list">
          {agreement.parties.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong> · {t(`role_${p.role}`)}
              {p.representative && <> · {p.representative}</>}
            </li>
          ))}
        </ul>

        <h3>{t("sourcesLegend")}</h3>
        {agreement.sources.length === 0 ? (
          <p>{t("noSources")}</p>
        ) : (
          <ul className="source-list">
            {agreement.sources.map((s) => (
              <li key={s.id}>
                <SourceLink url={s.url}>{s.outlet}</SourceLink>
                {s.title && <> · “{s.title}”</>} · {tk(s.kind)}
                {s.publishedAt && <> · {formatStaffTime(s.publishedAt, locale)}</>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="lifecycle-title">
        <h2 id="lifecycle-title">{t("lifecycleTitle")}</h2>
        {actions.length > 0 ? (
          <LifecycleButtons id={agreement.id} version={agreement.version} actions={actions} />
        ) : (
          <p>{t("noActions", { state: t(`state_${agreement.state}`) })}</p>
        )}
      </section>

      <section aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t("ledgerTitle")}</h2>
        <p className="intro">{t("ledgerIntro")}</p>
        {agreement.claims.length === 0 && <p>{t("noClaims")}</p>}
        <div className="ledger">
          {columns.map((column) => (
            <section key={column.key} className="ledger-party" aria-labelledby={`ledger-${column.key}`}>
              <h3 id={`ledger-${column.key}`}>
                {column.title}
                {column.role && <span className="meta"> · {column.role}</span>}
              </h3>
              {column.claims.length === 0 ? (
                <p className="meta">{t("noClaimsByParty")}</p>
              ) : (
                <ol className="claims">
                  {column.claims.map((c) => (
                    <li key={c.id} className="claim" data-stance={c.stance}>
                      <p>
                        <StanceBadge stance={c.stance} />{" "}
                        <time dateTime={c.claimedAt.toISOString()}>{formatStaffTime(c.claimedAt, locale)}</time>
                      </p>
                      <p className="meta">{c.claimant}</p>
                      <blockquote className="reason">{c.statement}</blockquote>
                      {c.source?.outlet && (
                        <p className="meta">
                          <SourceLink url={c.source.url}>{t("claimSource", { outlet: c.source.outlet })}</SourceLink>
                        </p>
                      )}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          ))}
        </div>
      </section>

      <section aria-labelledby="add-claim-title">
        <h2 id="add-claim-title">{t("addClaimTitle")}</h2>
        <ClaimForm
          agreementId={agreement.id}
          parties={agreement.parties.map((p) => ({ value: p.id, label: `${p.name} (${t(`role_${p.role}`)})` }))}
         
        />
      </section>
    </main>
  );
}
