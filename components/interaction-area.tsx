"use client";
import type { WorkerView } from "@/lib/client/api";
import { useI18n } from "@/lib/i18n";

/** Where Previews and accepted interactions appear; an honest empty state until then. */
export function InteractionArea({ worker }: { worker: WorkerView }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="interactions-heading" className="flex flex-1 flex-col gap-3">
      <h2 id="interactions-heading" className="text-lg font-semibold text-slate-900">
        {t("interactions.heading")}
      </h2>
      <div className="flex flex-1 flex-col items-center justify-center rounded-lg border-2 border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <svg aria-hidden="true" viewBox="0 0 24 24" className="mb-3 h-10 w-10 text-slate-400" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path strokeLinecap="round" strokeLinejoin="round" d="M8 10h8M8 14h5m-9 6 3-3h10a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v9a2 2 0 0 0 1 1.7V20Z" />
        </svg>
        <p className="font-medium text-slate-800">{t("interactions.empty.title")}</p>
        <p className="mt-1 max-w-sm text-sm text-slate-600">
          {worker.ready ? t("interactions.empty.ready") : t("interactions.empty.notReady")}
        </p>
      </div>
    </section>
  );
}
