"use client";
import { useI18n } from "@/lib/i18n";
import type { MessageKey } from "@/lib/i18n/en";
import { SignInCard } from "./sign-in-card";

const FAILURES = ["expired", "refused", "invalid", "unavailable"] as const;

/** Where a sign-in that did not open a session lands: an unknown person, or a refused callback. */
export function SignInOutcome({ kind, reason }: { kind: "unknown" | "failed"; reason?: string }) {
  return (
    <SignInCard labelledBy="signin-outcome-heading" title={kind === "unknown" ? "signin.unknown.title" : "signin.failed.title"}>
      <OutcomeBody kind={kind} reason={reason} />
    </SignInCard>
  );
}

function OutcomeBody({ kind, reason }: { kind: "unknown" | "failed"; reason?: string }) {
  const { t } = useI18n();
  const known = FAILURES.find((f) => f === reason);
  const title: MessageKey = kind === "unknown" ? "signin.unknown.title" : "signin.failed.title";
  const body: MessageKey = kind === "unknown" ? "signin.unknown.body" : known ? `signin.failed.${known}` : "signin.failed.nothing";
  return (
    <>
      <h1 id="signin-outcome-heading" className="text-xl font-semibold">
        {t(title)}
      </h1>
      <p className="mt-2 text-slate-600">{t(body)}</p>
      {body !== "signin.failed.nothing" && <p className="mt-2 text-sm text-slate-600">{t("signin.failed.nothing")}</p>}
      <div className="mt-6 flex flex-wrap gap-3">
        {kind === "failed" && (
          <a href="/signin" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            {t("signin.retry")}
          </a>
        )}
        <a href="/" className="rounded-md px-4 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100">
          {t("signin.back")}
        </a>
      </div>
    </>
  );
}
