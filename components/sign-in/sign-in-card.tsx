"use client";
import { useEffect, useState } from "react";
import { I18nProvider, pickLocale } from "@/lib/i18n";

/** The frame of the sign-in pages: the browser's language, one centred card. */
export function SignInCard({ labelledBy, children }: { labelledBy: string; children: React.ReactNode }) {
  const [locale, setLocale] = useState("en");
  useEffect(() => {
    const next = pickLocale(navigator.languages ?? [navigator.language]);
    setLocale(next);
    document.documentElement.lang = next;
  }, []);
  return (
    <I18nProvider locale={locale}>
      <main className="flex min-h-screen items-start justify-center p-4 sm:p-6">
        <section aria-labelledby={labelledBy} className="mt-8 w-full max-w-md rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:mt-16 sm:p-8">
          {children}
        </section>
      </main>
    </I18nProvider>
  );
}
