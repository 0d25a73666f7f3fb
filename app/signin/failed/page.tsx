import type { Metadata } from "next";
import { SignInOutcome } from "@/components/sign-in/sign-in-outcome";

export const metadata: Metadata = { title: "Sign-in did not complete · UC Connector" };

/** Where a refused sign-in callback lands (wrong state, replayed code, provider unreachable...). */
export default async function SignInFailedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason } = await searchParams;
  return <SignInOutcome kind="failed" reason={Array.isArray(reason) ? reason[0] : reason} />;
}
