"use client";
import { I18nProvider, useDocumentTitle, useI18n, useResolvedLocale, type MessageKey } from "@/lib/i18n";

/**
 * The frame of the sign-in pages: the browser's language, one centred card, and the tab's title
 * (`title` · UC Connector) in that language rather than the page's static English one.
 */
export function SignInCard({ labelledBy, title, children }: { labelledBy: string; title: MessageKey; children: React.ReactNode }) {
  // The browser's languages (or the test-only pseudo-locale); I18nProvider sets <html lang>.
  const locale = useResolvedLocale();
  return (
    <I18nProvider locale={locale}>
      <DocumentTitle title={title} />
      <main className="flex min-h-screen items-start justify-center p-4 sm:p-6">
        <section aria-labelledby={labelledBy} className="mt-8 w-full max-w-md rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:mt-16 sm:p-8">
          {children}
        </section>
      </main>
    </I18nProvider>
  );
}

function DocumentTitle({ title }: { title: MessageKey }) {
  const { t } = useI18n();
  const text = t(title);
  // The product's name ends the title once: "Sign in to the UC Connector" already has it.
  useDocumentTitle(text.includes(t("app.title")) ? text : `${text} · ${t("app.title")}`);
  return null;
}

/**
 * What Teams' authentication window shows while it hands over to the tab (and Teams closes it):
 * the sign-in heading, and one status line. The card's `labelledBy` is `headingId`.
 */
export function AuthWindowStatus({ headingId, message }: { headingId: string; message: MessageKey }) {
  const { t } = useI18n();
  return (
    <>
      <h1 id={headingId} className="text-xl font-semibold">
        {t("signin.heading")}
      </h1>
      <p role="status" className="mt-2 text-slate-600">
        {t(message)}
      </p>
    </>
  );
}
