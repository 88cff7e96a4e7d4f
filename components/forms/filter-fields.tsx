// The fields of the plain GET filter forms above lists and exports. Server-rendered, no state:
// the URL holds the filters, so they work before any script runs and can be shared as links.

type Option = { value: string; label: string };

/** A labelled select whose first choice, "Any" (empty), means no filter. */
export function FilterSelect({ id, name, label, anyLabel, value, options, hint }: { id: string; name: string; label: string; anyLabel: string; value?: string; options: Option[]; hint?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""} aria-describedby={hint ? `${id}-hint` : undefined}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** "From date" and "To date" (Kyiv days, both inclusive), submitted as `from` and `to`. */
export function DateRangeFields({ idPrefix, labels, from, to }: { idPrefix: string; labels: { from: string; to: string }; from?: string; to?: string }) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-from`}>{labels.from}</label>
        <input id={`${idPrefix}-from`} type="date" name="from" defaultValue={from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-to`}>{labels.to}</label>
        <input id={`${idPrefix}-to`} type="date" name="to" defaultValue={to ?? ""} />
      </div>
    </>
  );
}
