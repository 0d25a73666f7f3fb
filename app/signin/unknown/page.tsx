import type { Metadata } from "next";
import { SignInOutcome } from "@/components/sign-in/sign-in-outcome";

export const metadata: Metadata = { title: "Not a Knowledge Worker · UC Connector" };

/** Where the identity provider's callback lands a person who is not one of the configured workers. */
export default function UnknownPersonPage() {
  return <SignInOutcome kind="unknown" />;
}
