import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { landingPath } from "@/lib/roles";

export default async function Home() {
  const user = await getCurrentUser();
  redirect(user ? landingPath(user.role) : "/sign-in");
}
