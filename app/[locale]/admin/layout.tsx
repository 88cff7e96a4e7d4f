import { StaffShell } from "@/components/layout/staff-shell";

export default function AdminLayout(props: { children: React.ReactNode; params: Promise<{ locale: string }> }) {
  return <StaffShell role="admin" {...props} />;
}
