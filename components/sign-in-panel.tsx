"use client";
import { usePathname } from "next/navigation";
import useSWR from "swr";
import { api } from "@/lib/client/api";
import { useHost } from "@/lib/client/host";
import { useI18n } from "@/lib/i18n";
import { DevSignInForm } from "./sign-in/dev-sign-in-form";
import { TeamsSignIn } from "./sign-in/teams-sign-in";
import { TeamsOrgSignIn } from "./sign-in/teams-org-sign-in";

/** Shown when no session is open: how to sign in (the organisation's sign-in, or the demo's dev sign-in). */
export function SignInPanel() {
  const { t } = useI18n();
  const options = useSWR("/api/kw/sign-in-options", api.signInOptions);
  const inTeams = useHost().kind === "teams";
  // Back to this page (/ or /extension) after signing in.
  const next = usePathname() ?? "/";
  return (
    <section aria-labelledby="signin-heading" className="mx-auto mt-16 max-w-md rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
      <h2 id="signin-heading" className="text-xl font-semibold">
        {t("signin.title")}
      </h2>
      <p className="mt-2 text-slate-600">{t("signin.body")}</p>
      {inTeams && options.data?.teamsSso && <TeamsSignIn />}
      {/* NOTE: inside Teams, in Teams' authentication window: identity providers refuse to be framed, and no cookie reaches the frame. */}
      {options.data?.oidc && inTeams && <TeamsOrgSignIn />}
      {/* NOTE: never inside Teams' iframe: identity providers refuse to be framed, and its cookie would not reach the frame. */}
      {options.data?.oidc && !inTeams && (
        <a
          href={`/signin?next=${encodeURIComponent(next)}`}
          className="mt-6 block rounded-md bg-brand-600 px-4 py-2 text-center font-medium text-white hover:bg-brand-700"
        >
          {t("signin.org")}
        </a>
      )}
      {options.data?.dev && (
        <ul className="mt-6 flex flex-col gap-2">
          {options.data.workers.map((worker) => (
            <li key={worker.id}>
              <DevSignInForm worker={worker.id} next={next} label={t("signin.as", { name: `${worker.name} (${worker.id})` })} />
            </li>
          ))}
        </ul>
      )}
      {/* NOTE: inside Teams the Teams sign-in above is the way in. */}
      {options.data && !options.data.dev && !options.data.oidc && !(inTeams && options.data.teamsSso) && <p className="mt-6 text-sm text-slate-600">{t("signin.none")}</p>}
    </section>
  );
}
