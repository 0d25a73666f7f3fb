import type { Metadata } from "next";
import { TeamsSignedIn } from "@/components/sign-in/teams-signed-in";

export const metadata: Metadata = { title: "Sign in · UC Connector" };

/** Where the organisation sign-in in Teams' authentication window ends (lib/http/routes/teams-handoff.ts). */
export default function TeamsSignedInPage() {
  return <TeamsSignedIn />;
}
