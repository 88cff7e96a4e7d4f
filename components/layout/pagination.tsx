import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";

/** "Previous · Page 2 of 7 · Next" under a long list; nothing when it fits on one page. */
export async function Pagination({ page, pages, hrefFor }: { page: number; pages: number; hrefFor: (page: number) => string }) {
  if (pages <= 1) return null;
  const t = await getTranslations("list");
  return (
    <nav aria-label={t("pagination")} className="pagination">
      {page > 1 && <Link href={hrefFor(page - 1)}>{t("previous")}</Link>} <span>{t("pageOf", { page, pages })}</span>{" "}
      {page < pages && <Link href={hrefFor(page + 1)}>{t("next")}</Link>}
    </nav>
  );
}
