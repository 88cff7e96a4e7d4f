// The real root layout is app/[locale]/layout.tsx, which knows the language for <html lang>.
// This one only exists so that files outside [locale] (the global not-found) have a parent.
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return children;
}
