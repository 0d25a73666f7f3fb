"use client";
import useSWR from "swr";
import { api } from "@/lib/client/api";
import { useI18n } from "@/lib/i18n";

/** Shown when no session is open: how to sign in (dev sign-in links in the demo configuration). */
export function SignInPanel() {
  const { t } = useI18n();
  const options = useSWR("/api/kw/sign-in-options", api.signInOptions);
  return (
    <section aria-labelledby="signin-heading" className="mx-auto mt-16 max-w-md rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
      <h2 id="signin-heading" className="text-xl font-semibold">
        {t("signin.title")}
      </h2>
      <p className="mt-2 text-slate-600">{t("signin.body")}</p>
      {options.data?.dev ? (
        <ul className="mt-6 flex flex-col gap-2">
          {options.data.workers.map((worker) => (
            <li key={worker.id}>
              <a
                href={`/signin?worker=${encodeURIComponent(worker.id)}`}
                className="block rounded-md bg-brand-600 px-4 py-2 text-center font-medium text-white hover:bg-brand-700"
              >
                {t("signin.as", { name: `${worker.name} (${worker.id})` })}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        options.data && <p className="mt-6 text-sm text-slate-600">{t("signin.none")}</p>
      )}
    </section>
  );
}
