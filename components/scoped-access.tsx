"use client";
/**
 * What a window opened by an invitation link says (issue 15): its session reaches this one
 * interaction, and a full sign-in is one link away; once the interaction is over, that the access
 * has ended.
 */
import useSWR from "swr";
import { api } from "@/lib/client/api";
import { useI18n } from "@/lib/i18n";

/** Where "Sign in for everything" goes: the configured sign-in, back to the extension window. */
const FULL_SIGN_IN = `/signin?next=${encodeURIComponent("/extension")}`;

function FullSignInLink({ className }: { className: string }) {
  const { t } = useI18n();
  const options = useSWR("/api/kw/sign-in-options", api.signInOptions);
  if (!options.data?.dev && !options.data?.oidc) return null;
  return (
    <a href={FULL_SIGN_IN} className={className}>
      {t("scoped.signin")}
    </a>
  );
}

/** In place of the presence drop-down: this session is for one interaction. */
export function ScopedNote({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  return (
    <section role="note" aria-label={t("scoped.note")} className={`flex flex-wrap items-center justify-between gap-2 rounded-lg bg-amber-50 text-amber-900 ring-1 ring-amber-200 ${compact ? "p-3" : "p-4"}`}>
      <p className="text-sm">{t("scoped.note")}</p>
      <FullSignInLink className="text-sm font-semibold text-brand-700 underline underline-offset-2 hover:text-brand-900" />
    </section>
  );
}

/** The interaction is over, and with it this window's access. */
export function ScopeEndedPanel() {
  const { t } = useI18n();
  return (
    <section role="status" aria-labelledby="scope-ended-heading" className="mx-auto mt-16 max-w-md rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
      <h2 id="scope-ended-heading" className="text-xl font-semibold">
        {t("scoped.ended.title")}
      </h2>
      <p className="mt-2 text-slate-600">{t("scoped.ended.body")}</p>
      <FullSignInLink className="mt-6 block rounded-md bg-brand-600 px-4 py-2 text-center font-medium text-white hover:bg-brand-700" />
    </section>
  );
}
