import { useLocale } from "next-intl";

/**
 * A plain link within the page's language, rendered on the server. Public pages use it instead of
 * next-intl's Link (a client component that needs the i18n runtime in the browser): residents on
 * 2G get working links without downloading it.
 */
export function LocaleLink({ href, ...props }: Omit<React.ComponentProps<"a">, "href"> & { href: string }) {
  const locale = useLocale();
  return <a href={`/${locale}${href === "/" ? "" : href}`} {...props} />;
}
