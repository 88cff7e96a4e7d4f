// A coordinator's reason shortened for a message that has a limit (characters, or SMS segments).
// Cut inside a word, a reason can say the opposite of what was meant or nothing at all
// ("міни на узб…", "the road is not clo…"): it is cut only where a word ends, and marked.

const ELLIPSIS = "…";
/** Punctuation and spaces left dangling before the mark ("дороги, …" reads as a list cut off). */
const DANGLING = /[\s.,;:!?\-–—(«"„]+$/u;

/**
 * `text` whole when `fits(text)`, else its longest start that ends where a word ends, with an
 * ellipsis, for which `fits` holds; null when not even the first word fits. `fits` must grow
 * stricter as the text grows (a length or a segment count), so the longest fitting cut is found
 * by halving rather than trying every word.
 */
export function cutAtWord(text: string, fits: (candidate: string) => boolean): string | null {
  if (fits(text)) return text;
  // Where a word ends: just before each run of white space (the text after it starts a new word).
  const ends: number[] = [];
  for (const match of text.matchAll(/\s+/gu)) {
    const head = text.slice(0, match.index).replace(DANGLING, "");
    if (head !== "" && ends.at(-1) !== head.length) ends.push(head.length);
  }
  const candidate = (end: number) => `${text.slice(0, end)}${ELLIPSIS}`;
  let low = 0;
  let high = ends.length - 1;
  let best: string | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const cut = candidate(ends[middle]!);
    if (fits(cut)) {
      best = cut;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

/** Length as a reader counts it: one for each character, astral ones (emoji) included. */
export const characterCount = (text: string) => [...text].length;
