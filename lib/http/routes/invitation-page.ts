/**
 * The pages an invitation link gets, server rendered (no script), in the browser's language when
 * the i18n layer has it: a refused link's (what happened and a way to sign in; it says nothing
 * about the offer), and a good link's landing page (what it is for, with one button, Open, whose
 * POST uses the token: a link scanner's GET spends nothing).
 */
import type { Media } from "../../domain/interaction";
import { resolveLocale } from "../../i18n/resolve-locale";
import { createTranslator, type Translate } from "../../i18n/translator";

export type RefusedInvitation = "invalid" | "expired" | "used" | "other-worker";

const STATUS: Record<RefusedInvitation, number> = { invalid: 400, expired: 410, used: 410, "other-worker": 403 };

/** NOTE: no script, nothing from elsewhere; the form may post to this origin only. */
export const INVITATION_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function translatorFor(acceptLanguage: string | undefined) {
  const preferred = (acceptLanguage ?? "").split(",").map((part) => part.split(";")[0].trim()).filter(Boolean);
  return createTranslator(resolveLocale({ browserLanguages: preferred }));
}

function page(locale: string, title: string, main: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2937; background: #f8fafc; }
  main { max-width: 34rem; margin: 12vh auto 0; padding: 1.5rem; background: #fff; border: 1px solid #e2e8f0; border-radius: 0.5rem; }
  h1 { font-size: 1.25rem; margin: 0 0 0.75rem; }
  a { color: #1d4ed8; font-weight: 600; }
  a:focus-visible, button:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
  dt { color: #475569; }
  dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
  button { font: inherit; font-weight: 600; color: #fff; background: #1d4ed8; border: 0; border-radius: 0.375rem; padding: 0.5rem 1.5rem; cursor: pointer; }
  button:hover { background: #1e40af; }
  .note { color: #475569; font-size: 0.9375rem; }
  @media (max-width: 30rem) { main { margin: 0; border: 0; border-radius: 0; } }
</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}

export function invitationRefusedPage(reason: RefusedInvitation, acceptLanguage: string | undefined): { status: number; html: string } {
  const { locale, t } = translatorFor(acceptLanguage);
  const main = `<h1>${escapeHtml(t(`invitation.${reason}.heading`))}</h1>
<p>${escapeHtml(t(`invitation.${reason}.body`))}</p>
<p><a href="/extension">${escapeHtml(t("invitation.sign-in"))}</a></p>`;
  return { status: STATUS[reason], html: page(locale, t("invitation.page.title"), main) };
}

export interface InvitationFacts {
  media: Media;
  from: string;
  /** The name of the worker the link is for. */
  worker: string;
  /** When the offer runs out (ISO 8601). */
  deadline: string;
  now: Date;
}

/** Time left in words: seconds under two minutes (a Preview's countdown is short), else minutes. */
function timeLeft(t: Translate, deadline: string, now: Date): string {
  const seconds = Math.max(0, Math.ceil((Date.parse(deadline) - now.getTime()) / 1000));
  return seconds < 120 ? t("invitation.landing.left-seconds", { seconds }) : t("invitation.landing.left-minutes", { minutes: Math.floor(seconds / 60) });
}

/** The page a good invitation link shows: what it is for, and Open (a POST to this same URL). */
export function invitationLandingPage(facts: InvitationFacts, acceptLanguage: string | undefined): string {
  const { locale, t } = translatorFor(acceptLanguage);
  const heading = t(facts.media === "voice" ? "invitation.card.call" : "invitation.card.chat");
  const main = `<h1>${escapeHtml(heading)}</h1>
<dl>
<dt>${escapeHtml(t("invitation.card.from"))}</dt><dd>${escapeHtml(facts.from)}</dd>
<dt>${escapeHtml(t("invitation.landing.for"))}</dt><dd>${escapeHtml(facts.worker)}</dd>
<dt>${escapeHtml(t("invitation.landing.time-left"))}</dt><dd><time datetime="${escapeHtml(facts.deadline)}">${escapeHtml(timeLeft(t, facts.deadline, facts.now))}</time></dd>
</dl>
<form method="post">
<button type="submit">${escapeHtml(t("invitation.landing.open"))}</button>
</form>
<p class="note">${escapeHtml(t("invitation.landing.scope"))}</p>`;
  return page(locale, t("invitation.page.title"), main);
}
