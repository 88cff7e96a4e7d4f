import { ErrorPage } from "@/components/layout/error-page";

// Rendered with HTTP 403 when requireUser() finds a signed-in account without the needed role.
export default function Forbidden() {
  return <ErrorPage kind="forbidden" />;
}
