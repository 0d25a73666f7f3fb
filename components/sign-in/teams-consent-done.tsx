"use client";
import { useEffect } from "react";
import { AuthWindowStatus, SignInCard } from "./sign-in-card";

/** Teams' authentication window, back from Entra ID's consent: tells the tab, and Teams closes the window. */
export function TeamsConsentDone({ error }: { error?: string }) {
  useEffect(() => {
    void import("@/lib/client/teams-session").then(({ finishTeamsAuthentication }) => finishTeamsAuthentication(error?.slice(0, 100)));
  }, [error]);
  return (
    <SignInCard labelledBy="teams-consent-heading" title="signin.heading">
      <AuthWindowStatus headingId="teams-consent-heading" message={error !== undefined ? "signin.failed.refused" : "signin.teams.working"} />
    </SignInCard>
  );
}
