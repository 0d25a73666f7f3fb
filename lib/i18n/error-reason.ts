/**
 * What went wrong, in the reader's language. The connector's error messages are English and for
 * developers; the page says the error's code (lib/errors.ts vocabulary, plus the client's own
 * "network") in words instead.
 */
import type { MessageKey } from "./en";
import type { Translate } from "./translator";

const CODES = [
  "network",
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "too_many_requests",
  "payload_too_large",
  "internal",
] as const;

/** `error` is an ApiError (or anything with a `code`); other errors read as "something went wrong". */
export function errorReason(t: Translate, error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  return (CODES as readonly string[]).includes(code) ? t(`error.reason.${code}` as MessageKey) : t("error.reason.unknown");
}
