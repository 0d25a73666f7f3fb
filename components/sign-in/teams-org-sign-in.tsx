"use client";
/**
 * "Sign in with your organisation account" inside Microsoft Teams: the identity provider opens in
 * Teams' authentication window, never in the tab's iframe (lib/client/teams-org-sign-in.ts). A
 * closed window or a failed sign-in says so, and the button is there again.
 */
import { useCallback, useState } from "react";
import { ApiError } from "@/lib/client/api";
import { teamsSignedOutHere } from "@/lib/client/teams-sign-in";
import { signInThroughTeamsWindow, TeamsWindowError, WINDOW_CLOSED } from "@/lib/client/teams-org-sign-in";
import { useI18n, type MessageKey } from "@/lib/i18n";

type Step = { kind: "idle" } | { kind: "working" } | { kind: "failed"; message: MessageKey };

const FAILURES: Record<string, MessageKey> = {
  expired: "signin.failed.expired",
  refused: "signin.failed.refused",
  invalid: "signin.failed.invalid",
  unavailable: "signin.failed.unavailable",
  unknown: "signin.unknown.body",
};

/** What to tell the person about a sign-in that did not end with the tab signed in. */
function messageFor(error: unknown): MessageKey {
  if (error instanceof TeamsWindowError) return error.reason === WINDOW_CLOSED ? "signin.teams.org-closed" : (FAILURES[error.reason] ?? "signin.failed.invalid");
  // NOTE: 401: the code ran out or was spent before the tab redeemed it; 0: the connector is unreachable.
  if (error instanceof ApiError && error.status === 401) return "signin.failed.expired";
  return "signin.failed.unavailable";
}

export function TeamsOrgSignIn() {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: "idle" });

  const start = useCallback(async () => {
    setStep({ kind: "working" });
    try {
      await signInThroughTeamsWindow();
      teamsSignedOutHere.clear();
    } catch (error) {
      setStep({ kind: "failed", message: messageFor(error) });
    }
  }, []);

  if (step.kind === "working") {
    return (
      <p role="status" className="mt-6 text-slate-600">
        {t("signin.teams.org-working")}
      </p>
    );
  }
  return (
    <div className="mt-6">
      {step.kind === "failed" && (
        <p role="alert" className="mb-3 rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
          {t(step.message)}
        </p>
      )}
      <button
        type="button"
        onClick={() => void start()}
        className="block w-full rounded-md bg-brand-600 px-4 py-2 text-center font-medium text-white hover:bg-brand-700"
      >
        {t("signin.org")}
      </button>
    </div>
  );
}
