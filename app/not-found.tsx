import Link from "next/link";

// Requests that match no locale at all (the proxy prefixes every page path, so this is rare).
export default function GlobalNotFound() {
  return (
    <html lang="en">
      <head>
        <title>Page not found · Corridor</title>
      </head>
      <body>
        <main>
          <h1>Page not found</h1>
          <p>
            <Link href="/">Corridor: evacuation routes</Link>
          </p>
        </main>
      </body>
    </html>
  );
}
