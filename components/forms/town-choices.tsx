import { Link } from "@/i18n/navigation";
import { localizedName, type LocalizedName } from "@/lib/localized-name";
import type { TownFilter } from "@/lib/town-search";

export type ChoosableTown = LocalizedName & { slug: string; aliases: string[]; oblast?: LocalizedName | null };

/**
 * What a typed town name resolved to, under the field that took it: a link to each town a shared
 * name may mean (with its oblast), or that no town has the name. Used by every form that narrows
 * by a typed town, so they read alike and work without JavaScript.
 */
export function TownChoices({
  town,
  locale,
  hrefFor,
  chooseText,
  notFoundText,
}: {
  town: TownFilter<ChoosableTown>;
  locale: string;
  /** The address that picks one of the towns. */
  hrefFor: (choice: ChoosableTown, name: string) => string;
  chooseText: string;
  notFoundText: (name: string) => string;
}) {
  return (
    <>
      {town.choices.length > 0 ? (
        <div role="status">
          <p>{chooseText}</p>
          <ul>
            {town.choices.map((choice) => (
              <li key={choice.slug}>
                <Link href={hrefFor(choice, localizedName(choice, locale))}>
                  {localizedName(choice, locale)}
                  {choice.oblast ? ` (${localizedName(choice.oblast, locale)})` : null}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {town.unmatched !== null ? (
        <p className="error" role="status">
          {notFoundText(town.unmatched)}
        </p>
      ) : null}
    </>
  );
}
