import type { Metadata } from "next";
import { TeamsConsentDone } from "@/components/sign-in/teams-consent-done";

export const metadata: Metadata = { title: "Sign in · UC Connector" };

/** Where Entra ID sends Teams' authentication window back after the consent step (GET /signin/teams/consent). */
export default async function TeamsConsentDonePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { error } = await searchParams;
  return <TeamsConsentDone error={Array.isArray(error) ? error[0] : error} />;
}
