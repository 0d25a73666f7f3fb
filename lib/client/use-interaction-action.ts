"use client";
/**
 * Runs one worker control on an interaction and folds the connector's answer (the interaction as
 * it is now, with its capabilities) into the client's list. A refusal is shown in the worker's
 * language (by its code),
 * and the list is fetched again, so a control that drifted is set right at once.
 */
import { useCallback, useState } from "react";
import { useSWRConfig } from "swr";
import type { Action } from "../domain/capabilities";
import { errorReason, useI18n } from "../i18n";
import { api, ApiError, type HeldInteraction } from "./api";
import { INTERACTIONS_KEY } from "./use-live-worker";

export function useInteractionAction(interactionId: string) {
  const { mutate } = useSWRConfig();
  const { t } = useI18n();
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async (action: Action, body: Record<string, unknown> = {}): Promise<boolean> => {
      setBusy(action);
      setError(null);
      try {
        const view = await api.act(interactionId, action, body);
        await mutate<HeldInteraction[]>(
          INTERACTIONS_KEY,
          (list = []) => (view.state === "done" ? list.filter((x) => x.id !== view.id) : list.map((x) => (x.id === view.id ? { ...x, ...view } : x))),
          // NOTE: SWR drops a fetch of the list that was under way when this lands (a chat just
          // accepted is fetched for its transcript): fetch again rather than lose it.
          { revalidate: true },
        );
        return true;
      } catch (e) {
        setError(errorReason(t, e));
        if (e instanceof ApiError && (e.status === 409 || e.status === 403)) void mutate(INTERACTIONS_KEY);
        return false;
      } finally {
        setBusy(null);
      }
    },
    [interactionId, mutate, t],
  );

  return { run, busy, error, setError };
}
