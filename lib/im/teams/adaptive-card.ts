/**
 * The Teams invitation as an Adaptive Card: the invite-message, who the interaction is from,
 * its subject, until when it can be answered; its main button opens the app's tab in Teams on
 * this offer (a deep link), a second one the invitation link in a browser (for a Teams client
 * without the app's tab, or someone reading outside Teams). Once the offer ends, the same card
 * says how, with no button left (invitationEndedCard).
 */
import type { OfferOutcome } from "../../domain/interaction";
import { createTranslator } from "../../i18n/translator";
import type { Invitation } from "../gateway";

/** Adaptive Card text is markdown: a customer's name must not become a link or a heading. */
export function plainText(text: string): string {
  return text.replace(/[\\`*_[\]#>]/g, (c) => `\\${c}`).replace(/\s+/g, " ").trim();
}

/** What both cards show of the interaction; kept with the card so the update needs no lookup. */
export type CardInteraction = Pick<Invitation["interaction"], "media" | "from" | "subject">;

function header(t: ReturnType<typeof createTranslator>["t"], interaction: CardInteraction, extra: { title: string; value: string }[]) {
  const facts = [
    { title: t("invitation.card.from"), value: plainText(interaction.from) },
    ...(interaction.subject ? [{ title: t("invitation.card.subject"), value: plainText(interaction.subject) }] : []),
    ...extra,
  ];
  return [
    {
      type: "TextBlock",
      text: t(interaction.media === "voice" ? "invitation.card.call" : "invitation.card.chat"),
      weight: "Bolder",
      size: "Medium",
      wrap: true,
    },
    { type: "FactSet", facts },
  ];
}

const card = (body: unknown[], actions: unknown[]) => ({
  type: "AdaptiveCard",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: "1.5",
  body,
  actions,
});

/** `deepLink`: the Teams deep link into the tab on this offer (lib/im/teams/deep-link.ts). */
export function invitationCard(invitation: Invitation, deepLink: string) {
  const { t } = createTranslator(invitation.locale);
  const [title, facts] = header(t, invitation.interaction, [
    // NOTE: Teams shows {{TIME(...)}} in the reader's own time zone.
    { title: t("invitation.card.answer-by"), value: `{{TIME(${invitation.expiresAt.replace(/\.\d+Z$/, "Z")})}}` },
  ]);
  return card(
    [title, ...(invitation.text ? [{ type: "TextBlock", text: plainText(invitation.text), wrap: true }] : []), facts],
    [
      { type: "Action.OpenUrl", title: t("invitation.card.open-teams"), url: deepLink, style: "positive" },
      { type: "Action.OpenUrl", title: t("invitation.card.open-browser"), url: invitation.link },
    ],
  );
}

/** The same invitation once its offer ended: how it ended, and nothing left to press. */
export function invitationEndedCard(interaction: CardInteraction, outcome: OfferOutcome, locale: string) {
  const { t } = createTranslator(locale);
  return card(
    [
      ...header(t, interaction, []),
      {
        type: "TextBlock",
        text: t(`invitation.card.ended.${outcome}`, { media: interaction.media }),
        wrap: true,
        weight: "Bolder",
        color: outcome === "accepted" ? "Good" : "Attention",
      },
    ],
    [],
  );
}
