/**
 * The small page a refused invitation link gets: what happened and a way to sign in. Server
 * rendered (no script), in the browser's language when the i18n layer has it; it says nothing
 * about the offer the link was for.
 */
import { resolveLocale } from "../../i18n/resolve-locale";
import { createTranslator } from "../../i18n/translator";

export type RefusedInvitation = "invalid" | "expired" | "used" | "other-worker";

const STATUS: Record<RefusedInvitation, number> = { invalid: 400, expired: 410, used: 410, "other-worker": 403 };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function invitationRefusedPage(reason: RefusedInvitation, acceptLanguage: string | undefined): { status: number; html: string } {
  const preferred = (acceptLanguage ?? "").split(",").map((part) => part.split(";")[0].trim()).filter(Boolean);
  const { locale, t } = createTranslator(resolveLocale({ browserLanguages: preferred }));
  const heading = escapeHtml(t(`invitation.${reason}.heading`));
  const body = escapeHtml(t(`invitation.${reason}.body`));
  const html = `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t("invitation.page.title"))}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2937; background: #f8fafc; }
  main { max-width: 34rem; margin: 12vh auto 0; padding: 1.5rem; background: #fff; border: 1px solid #e2e8f0; border-radius: 0.5rem; }
  h1 { font-size: 1.25rem; margin: 0 0 0.75rem; }
  a { color: #1d4ed8; font-weight: 600; }
  a:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>${heading}</h1>
<p>${body}</p>
<p><a href="/extension">${escapeHtml(t("invitation.sign-in"))}</a></p>
</main>
</body>
</html>
`;
  return { status: STATUS[reason], html };
}
