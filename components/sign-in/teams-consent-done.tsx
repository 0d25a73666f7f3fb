"use client";
import { useEffect } from "react";
import { useI18n } from "@/lib/i18n";
import { SignInCard } from "./sign-in-card";

/** Teams' authentication window, back from Entra ID's consent: tells the tab, and Teams closes the window. */
export function TeamsConsentDone({ error }: { error?: string }) {
  useEffect(() => {
    void import("@/lib/client/teams-session").then(({ finishTeamsAuthentication }) => finishTeamsAuthentication(error?.slice(0, 100)));
  }, [error]);
  return (
    <SignInCard labelledBy="teams-consent-heading" title="signin.heading">
      <Body refused={error !== undefined} />
    </SignInCard>
  );
}

function Body({ refused }: { refused: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <h1 id="teams-consent-heading" className="text-xl font-semibold">
        {t("signin.heading")}
      </h1>
      <p role="status" className="mt-2 text-slate-600">
        {t(refused ? "signin.failed.refused" : "signin.teams.working")}
      </p>
    </>
  );
}
