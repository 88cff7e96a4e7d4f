"use client";

import { useTranslations } from "next-intl";
import type { FieldError, FormState } from "@/lib/forms/form-state";

/** Translates a form error code (`forms.errors.*`), falling back to a generic message for an unknown code. */
export function useErrorText() {
  const t = useTranslations("forms.errors");
  return (error: FieldError | undefined) => {
    if (!error) return undefined;
    return t.has(error.code) ? t(error.code, error.values) : t("generic");
  };
}

export function fieldErrorOf(state: FormState, name: string): FieldError | undefined {
  return state.status === "invalid" ? state.fieldErrors[name] : undefined;
}

/**
 * The error of a group of repeated fields ("reasonCodes[]"): its own, else the first about one of
 * its values ("reasonCodes.2": a value not in the list), so it always shows beside the group.
 */
export function groupErrorOf(state: FormState, name: string): FieldError | undefined {
  if (state.status !== "invalid") return undefined;
  const key = Object.keys(state.fieldErrors).find((k) => k === name || k.startsWith(`${name}.`));
  return key === undefined ? undefined : state.fieldErrors[key];
}

/** What the user last typed into this field, else the stored value. */
export function valueOf(state: FormState, name: string, stored: string | number | null | undefined): string {
  if (state.status === "invalid" || state.status === "conflict") {
    const typed = state.values[name];
    if (typed !== undefined) return typed;
  }
  return stored === null || stored === undefined ? "" : String(stored);
}

/** A new key per submission result, so a refused form re-mounts with what the user typed. */
export function formKey(state: FormState): string {
  return state.status === "invalid" || state.status === "conflict" ? String(state.at) : state.status;
}

/**
 * The version a form submits. After a conflict it is the newer version the message showed, so
 * sending again is a deliberate choice to replace what the user has now seen, never a silent one.
 */
export function versionOf(state: FormState, loaded: number): number {
  return state.status === "conflict" ? state.conflict.version : loaded;
}

/** The values of a repeated field ("routeIds[]") the user last sent, else the stored ones. */
export function valuesOf(state: FormState, name: string, stored: readonly string[]): string[] {
  if (state.status === "invalid" || state.status === "conflict") {
    const typed = state.values[`${name}[]`];
    return typed === undefined ? [] : typed.split("\n");
  }
  return [...stored];
}

/** How many rows of a repeatable group ("sources.N.…") the user last sent, so a refused form shows them all again. */
export function submittedRowCount(state: FormState, name: string): number {
  if (state.status !== "invalid" && state.status !== "conflict") return 0;
  const prefix = `${name}.`;
  const indexes = Object.keys(state.values)
    .filter((key) => key.startsWith(prefix))
    .map((key) => Number(key.slice(prefix.length).split(".")[0]))
    .filter((i) => Number.isInteger(i) && i >= 0);
  return indexes.length ? Math.max(...indexes) + 1 : 0;
}
