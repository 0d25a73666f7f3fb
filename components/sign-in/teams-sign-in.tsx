"use client";
/**
 * Inside Microsoft Teams a signed-out window signs itself in: teams-js gives a token for the
 * person in Teams (`authentication.getAuthToken`), the connector checks it (POST /signin/teams)
 * and sets the session; the page then loads again, signed in. What failed is said, with a retry.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "@/lib/client/api";
import { hostAuthToken } from "@/lib/client/host";
import { signInWithTeamsToken } from "@/lib/client/teams-sign-in";
import { useI18n } from "@/lib/i18n";

type Step = "working" | "not-worker" | "no-token" | "failed";

export function TeamsSignIn() {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>("working");

  const attempt = useCallback(async () => {
    setStep("working");
    let token: string | undefined;
    try {
      token = await hostAuthToken();
    } catch {
      token = undefined;
    }
    if (!token) return setStep("no-token");
    try {
      await signInWithTeamsToken(token);
      window.location.reload();
    } catch (error) {
      setStep(error instanceof ApiError && error.status === 403 ? "not-worker" : "failed");
    }
  }, []);

  useEffect(() => {
    void attempt();
  }, [attempt]);

  if (step === "working") {
    return (
      <p role="status" className="mt-6 text-slate-600">
        {t("signin.teams.working")}
      </p>
    );
  }
  return (
    <div role="alert" className="mt-6 rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
      <p>{t(`signin.teams.${step}`)}</p>
      {step !== "not-worker" && (
        <button type="button" onClick={() => void attempt()} className="mt-2 font-medium underline">
          {t("signin.retry")}
        </button>
      )}
    </div>
  );
}
