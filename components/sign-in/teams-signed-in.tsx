"use client";
/**
 * The last page of the organisation sign-in in Teams' authentication window: the callback put the
 * handoff code (or why there is none) in the fragment; teams-js hands it to the tab that opened
 * the window, and Teams closes it. Opened anywhere else, it says what it is for and hands nothing.
 */
import { useEffect, useState } from "react";
import type { MessageKey } from "@/lib/i18n";
import { AuthWindowStatus, SignInCard } from "./sign-in-card";

/** teams-js waits 60 s for a host that is not there; this page says so much sooner. */
const HOST_WAIT_MS = 5_000;

type Shown = "working" | "done" | "failed" | "outside";

function outcomeOf(hash: string): { code: string } | { failure: string } | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const code = params.get("handoff");
  const failure = params.get("failure");
  if (code) return { code };
  return failure ? { failure: failure.slice(0, 100) } : undefined;
}

export function TeamsSignedIn() {
  const [shown, setShown] = useState<Shown>("working");
  useEffect(() => {
    const outcome = outcomeOf(window.location.hash);
    // NOTE: the code leaves the address bar (and the history) at once.
    window.history.replaceState(null, "", window.location.pathname);
    if (!outcome || !window.opener) return setShown("outside");
    const timer = setTimeout(() => setShown("outside"), HOST_WAIT_MS);
    void import("@/lib/client/teams-session")
      .then(({ handOverTeamsSignIn }) => handOverTeamsSignIn(outcome))
      .then(
        () => {
          clearTimeout(timer);
          setShown("code" in outcome ? "done" : "failed");
        },
        () => setShown("outside"),
      );
    return () => clearTimeout(timer);
  }, []);
  return (
    <SignInCard labelledBy="teams-signed-in-heading" title="signin.heading">
      <AuthWindowStatus headingId="teams-signed-in-heading" message={TEXTS[shown]} />
    </SignInCard>
  );
}

const TEXTS = {
  working: "signin.teams.working",
  done: "signin.teams.org-done",
  // NOTE: the tab says why (it was handed the reason); this window closes at once.
  failed: "signin.failed.title",
  outside: "signin.teams.org-outside",
} as const satisfies Record<Shown, MessageKey>;
