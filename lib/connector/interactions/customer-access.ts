/**
 * The customer's token: made at creation, given once to whoever created the interaction (the
 * customer's chat page), kept only as a SHA-256 so a copy of the database reaches no chat.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Store } from "../../store/store";

export const hashCustomerToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function newCustomerToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: hashCustomerToken(token) };
}

/** The interaction a customer token reaches, or undefined. */
export function customerInteraction(store: Store, token: string): Promise<string | undefined> {
  return store.interactionIdForCustomerToken(hashCustomerToken(token));
}
