"use client";

import { useLocale } from "next-intl";
import dynamic from "next/dynamic";
import { useId, useMemo, useState } from "react";
import { routeLengthKm } from "@/lib/geo/route-length";
import { formatWaypointLines, parseWaypointLines, type WaypointLineProblem } from "@/lib/geo/waypoint-lines";
import { MapPlaceholder } from "./map-placeholder";
import { fill } from "./template";
import type { LonLat, MapPoint, MapTiles, MapTown, WaypointsFieldLabels } from "./types";
import { initialBounds, lonLatPoints } from "./view";

export type { WaypointsFieldLabels };

// A route's line as a form field. The submitted field is the textarea (one "lat, lon" per line,
// parsed on the server by the same parseWaypointLines), so the form works without JavaScript and
// keyboard users can do everything by typing; the map is an enhancement that edits that text.

const WaypointsMap = dynamic(() => import("./waypoints-map").then((m) => m.WaypointsMap), {
  ssr: false,
  loading: () => <MapPlaceholder />,
});

export type WaypointsFieldProps = {
  /** Name of the submitted textarea ("lat, lon" lines). */
  name: string;
  /** The line to start from; a string is the text as typed (to refill a form the server refused). */
  defaultValue: LonLat[] | string;
  towns: MapTown[];
  /**
   * Points the view fits together with the line (e.g. the chosen origin and destination); with
   * neither, Luhansk oblast. A new set of points (other towns chosen) fits the view again.
   */
  focus?: MapPoint[];
  tiles: MapTiles;
  /** The server's message for this field. */
  error?: string;
  required?: boolean;
  labels: WaypointsFieldLabels;
};

const PROBLEM_LABEL: Record<WaypointLineProblem, "errorFormat" | "errorLatitude" | "errorLongitude"> = {
  format: "errorFormat",
  latitude: "errorLatitude",
  longitude: "errorLongitude",
};

export function WaypointsField({ name, defaultValue, towns, focus = [], tiles, error, required, labels }: WaypointsFieldProps) {
  const id = useId();
  const locale = useLocale();
  const [text, setText] = useState(() => (typeof defaultValue === "string" ? defaultValue : formatWaypointLines(defaultValue)));
  const parsed = useMemo(() => parseWaypointLines(text), [text]);
  // The last good line: what the map shows (and the length measures) while the text has a bad line.
  const [points, setPoints] = useState<LonLat[]>(() => (parsed.ok ? parsed.points : []));
  // The view follows the chosen towns, not every click: drawing must not move the map under the
  // pointer. Never all the reference towns either (they span Ukraine): Luhansk oblast instead.
  const focusKey = focus.map(({ lat, lon }) => `${lat},${lon}`).join(";");
  const [view, setView] = useState(() => ({ focusKey, bounds: initialBounds([[...focus, ...lonLatPoints(points)]]) }));
  if (view.focusKey !== focusKey) setView({ focusKey, bounds: initialBounds([[...focus, ...lonLatPoints(points)]]) });
  // The chosen towns first: their names are the last to give way when names crowd.
  const orderedTowns = useMemo(() => {
    const chosen = new Set(focusKey.split(";"));
    return [...towns].sort((a, b) => Number(chosen.has(`${b.lat},${b.lon}`)) - Number(chosen.has(`${a.lat},${a.lon}`)));
  }, [towns, focusKey]);

  const onTextChange = (value: string) => {
    setText(value);
    const result = parseWaypointLines(value);
    if (result.ok) setPoints(result.points);
  };
  const onMapChange = (next: LonLat[]) => {
    setPoints(next);
    setText(formatWaypointLines(next));
  };

  const km = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(routeLengthKm(points));
  const problem = parsed.ok ? null : fill(labels[PROBLEM_LABEL[parsed.problem]], { line: parsed.line });
  // The server reads the lines with the same parser: while the browser already names the bad
  // line, the server's identical message would only repeat it (and be read out twice).
  const serverError = problem ? undefined : error;
  const describedBy = [`${id}-hint`, problem && `${id}-problem`, serverError && `${id}-error`].filter(Boolean).join(" ");
  const lineCount = text.split("\n").length;

  return (
    <fieldset className="map-field">
      <legend>{labels.legend}</legend>
      <WaypointsMap
        points={points}
        editable={parsed.ok}
        onChange={onMapChange}
        towns={orderedTowns}
        tiles={tiles}
        bounds={view.bounds}
        labels={labels}
      />
      <p className="map-length" aria-live="polite">
        {points.length >= 2 ? fill(labels.length, { km }) : labels.tooFewPoints}
      </p>
      <div className="field">
        <label htmlFor={`${id}-text`}>{labels.textareaLabel}</label>
        <p className="field-hint" id={`${id}-hint`}>
          {labels.textareaHint}
        </p>
        <textarea
          id={`${id}-text`}
          name={name}
          value={text}
          onChange={(event) => onTextChange(event.target.value)}
          rows={Math.min(12, Math.max(4, lineCount + 1))}
          required={required}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem || error ? true : undefined}
          aria-describedby={describedBy}
        />
        {problem && (
          <p className="field-error" id={`${id}-problem`}>
            {problem}
          </p>
        )}
        {serverError && (
          <p className="field-error" id={`${id}-error`}>
            {serverError}
          </p>
        )}
      </div>
    </fieldset>
  );
}
