import { StaffShell } from "@/components/layout/staff-shell";

export default function CoordinateLayout(props: { children: React.ReactNode; params: Promise<{ locale: string }> }) {
  return <StaffShell role="coordinator" {...props} />;
}
