"use client";
import useSWR from "swr";
import { api } from "@/lib/client/api";
import { useI18n } from "@/lib/i18n";
import { DevSignInForm } from "./dev-sign-in-form";
import { SignInCard } from "./sign-in-card";

/** `/signin?worker=kw1[&next=/extension]`: the dev sign-in's page, one button for that worker. */
export function DevSignInPage({ worker, next }: { worker?: string; next?: string }) {
  return (
    <SignInCard labelledBy="signin-heading" title="signin.heading">
      <DevSignInBody worker={worker} next={next} />
    </SignInCard>
  );
}

function DevSignInBody({ worker, next }: { worker?: string; next?: string }) {
  const { t } = useI18n();
  const options = useSWR("/api/kw/sign-in-options", api.signInOptions);
  const shown = worker ? options.data?.workers.filter((w) => w.id === worker) : options.data?.workers;
  return (
    <>
      <h1 id="signin-heading" className="text-xl font-semibold">
        {t("signin.heading")}
      </h1>
      {options.isLoading && (
        <p role="status" className="mt-4 text-slate-600">
          {t("loading")}
        </p>
      )}
      {options.error && (
        <p role="alert" className="mt-4 text-red-800">
          {t("error.load")}
        </p>
      )}
      {options.data && !options.data.dev && <p className="mt-4 text-slate-600">{t("signin.none")}</p>}
      {options.data?.dev && (
        <>
          <p className="mt-2 text-sm text-slate-600">{t("signin.devIntro")}</p>
          {shown && shown.length > 0 ? (
            <ul className="mt-6 flex flex-col gap-2">
              {shown.map((w) => (
                <li key={w.id}>
                  <DevSignInForm worker={w.id} next={next} label={t("signin.as", { name: w.name })} />
                </li>
              ))}
            </ul>
          ) : (
            <p role="alert" className="mt-6 text-red-800">
              {t("signin.unknownWorker", { id: worker ?? "" })}
            </p>
          )}
        </>
      )}
    </>
  );
}
