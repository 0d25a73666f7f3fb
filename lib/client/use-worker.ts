"use client";
/**
 * The signed-in worker as the web client sees it: fetched with SWR, kept live by the pushes on
 * the worker's Bayeux channels, refetched after every reconnect.
 */
import { useEffect, useState } from "react";
import useSWR from "swr";
import { api, ApiError, type WorkerView } from "./api";
import { connectBayeux, type ConnectionState } from "./bayeux-client";

export const ME_KEY = "/api/kw/me";

export function useWorker() {
  const me = useSWR<WorkerView, ApiError>(ME_KEY, api.me, {
    shouldRetryOnError: (error) => error.status !== 401,
    revalidateOnFocus: true,
  });
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const workerId = me.data?.id;
  const { mutate } = me;

  useEffect(() => {
    if (!workerId) return;
    const connection = connectBayeux({
      workerId,
      onState: setConnection,
      onResync: () => void mutate(),
      onMessage(message) {
        if (message.type === "presence") {
          // Show the new presence at once; the refetch brings what depends on it (ready, hints).
          void mutate((current) => (current ? { ...current, presence: message.presence, presenceSince: message.since } : current), {
            revalidate: true,
          });
        }
      },
    });
    return () => connection.close();
  }, [workerId, mutate]);

  const signedOut = me.error?.status === 401 || connection === "signed-out";
  return { ...me, connection, signedOut };
}
