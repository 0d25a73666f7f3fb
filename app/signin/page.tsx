import type { Metadata } from "next";
import { DevSignInPage } from "@/components/sign-in/dev-sign-in-page";

export const metadata: Metadata = { title: "Sign in · UC Connector" };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The dev sign-in form (demo configuration, this machine only). With OpenID Connect the connector
 * answers /signin itself, with a redirect to the identity provider, and this page is not reached.
 */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return <DevSignInPage worker={one(params.worker)} next={one(params.next)} />;
}
