import { notFound } from "next/navigation";

// Any address under a locale that no page matches gets that locale's own "page not found" (in the
// visitor's language, with the site header), not the bare root fallback.
export default function UnknownPage() {
  notFound();
}
