import { LOCALES } from "@/i18n/routing";
import { repositoryFiles } from "./repository-files";

// The addresses app/'s pages and route handlers answer, one sample per dynamic segment: the address
// map's test classifies each, and the e2e methods walk sends each of them every method.

/** A page or route handler, or one of Next's metadata files (served at their own name). */
export const isAddressFile = (file: string) => /^app\/.*(?:\/page\.tsx|\/route\.ts)$/.test(file) || /^app\/(?:icon|apple-icon|favicon|opengraph-image)\.[a-z]+$/.test(file);

export const SAMPLE_UUID = "3f1c1b1e-9f0a-4d8e-8a6b-0c2d4e6f8a0b";
const SAMPLES: Record<string, string[]> = {
  "[slug]": ["lysychansk"],
  "[id]": [SAMPLE_UUID],
  "[name]": ["not-found"],
  "[file]": [`${SAMPLE_UUID}.xml`],
  "[...rest]": ["no/such-page"],
  "[...nextauth]": ["session"],
  "[[...unknown]]": ["", "no/such"],
};

/** Addresses the file answers: every language for [locale], each sample for the other segments. */
export function addressesOf(file: string): string[] {
  const segments = file.replace(/^app\//, "").replace(/(?:^|\/)(?:page\.tsx|route\.ts)$/, "").split("/").filter((s) => s !== "" && !/^\(.*\)$/.test(s));
  let paths = [""];
  for (const segment of segments) {
    const choices = segment === "[locale]" ? [...LOCALES] : (SAMPLES[segment] ?? (segment.startsWith("[") ? [] : [segment]));
    if (choices.length === 0) throw new Error(`${file}: no sample for ${segment}; add one to SAMPLES`);
    paths = paths.flatMap((p) => choices.map((c) => (c === "" ? p : `${p}/${c}`)));
  }
  return paths.map((p) => p || "/");
}

/** Every page, route handler and metadata file under app/, sorted. */
export const appAddressFiles = (): string[] => repositoryFiles().filter(isAddressFile).sort();
