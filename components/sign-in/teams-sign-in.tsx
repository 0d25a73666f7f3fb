"use client";
/**
 * Inside Microsoft Teams a signed-out window signs itself in once: teams-js gives a token for the
 * person in Teams (`authentication.getAuthToken`), the connector checks it (POST /signin/teams),
 * and the tab keeps it in memory as its bearer (lib/client/teams-auth.ts): no cookie is needed in
 * Teams' iframe. After a sign-out it waits for the person's "Sign in" (no automatic loop). A token
 * that needs consent first offers the consent step, in Teams' authentication window.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "@/lib/client/api";
import { hostAuthToken, hostState } from "@/lib/client/host";
import { holdTeamsToken, useTeamsAuth } from "@/lib/client/teams-auth";
import { needsConsent, signInWithTeamsToken, teamsSignedOutHere } from "@/lib/client/teams-sign-in";
import { useI18n } from "@/lib/i18n";

type Step = "working" | "not-worker" | "no-token" | "failed" | "consent" | "signed-out";

export const CONSENT_PATH = "/signin/teams/consent";

/** The consent page, told the person's tenant and name from the Teams context (Entra then asks no more). */
function consentUrl(): string {
  const url = new URL(CONSENT_PATH, window.location.origin);
  const host = hostState();
  if (host.kind === "teams" && host.user.tenant) url.searchParams.set("tenant", host.user.tenant);
  if (host.kind === "teams" && host.user.upn) url.searchParams.set("hint", host.user.upn);
  return url.href;
}

export function TeamsSignIn() {
  const { t } = useI18n();
  const auth = useTeamsAuth();
  const automatic = auth.kind === "none" && !teamsSignedOutHere.read();
  const [step, setStep] = useState<Step>(automatic ? "working" : "signed-out");

  const attempt = useCallback(async (explicit: boolean) => {
    setStep("working");
    let token: string | undefined;
    try {
      token = await hostAuthToken();
    } catch (error) {
      return setStep(needsConsent(error) ? "consent" : "no-token");
    }
    if (!token) return setStep("no-token");
    try {
      await signInWithTeamsToken(token);
    } catch (error) {
      return setStep(error instanceof ApiError && error.status === 403 ? "not-worker" : "failed");
    }
    teamsSignedOutHere.clear();
    // NOTE: after a sign-out this page's data and connection are spent: it starts afresh, and signs in by itself.
    if (explicit) window.location.reload();
    else holdTeamsToken(token);
  }, []);

  const started = useRef(false);
  useEffect(() => {
    if (!automatic || started.current) return;
    started.current = true;
    void attempt(false);
  }, [automatic, attempt]);

  const consent = useCallback(async () => {
    setStep("working");
    try {
      const { teamsAuthenticate } = await import("@/lib/client/teams-session");
      await teamsAuthenticate(consentUrl());
    } catch {
      // NOTE: the person closed the window or refused: the consent step stays.
      return setStep("consent");
    }
    await attempt(auth.kind === "ended");
  }, [attempt, auth.kind]);

  if (step === "working") {
    return (
      <p role="status" className="mt-6 text-slate-600">
        {t("signin.teams.working")}
      </p>
    );
  }
  if (step === "signed-out" || step === "consent") {
    return (
      <div className="mt-6">
        <p className="text-sm text-slate-700">{t(step === "consent" ? "signin.teams.consent" : "signin.teams.signed-out")}</p>
        <button
          type="button"
          onClick={() => void (step === "consent" ? consent() : attempt(true))}
          className="mt-3 block w-full rounded-md bg-brand-600 px-4 py-2 text-center font-medium text-white hover:bg-brand-700"
        >
          {t(step === "consent" ? "signin.teams.give-consent" : "signin.teams.sign-in")}
        </button>
      </div>
    );
  }
  return (
    <div role="alert" className="mt-6 rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
      <p>{t(`signin.teams.${step}`)}</p>
      {step !== "not-worker" && (
        <button type="button" onClick={() => void attempt(auth.kind === "ended")} className="mt-2 font-medium underline">
          {t("signin.retry")}
        </button>
      )}
    </div>
  );
}
