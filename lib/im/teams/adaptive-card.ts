/**
 * The Teams invitation as an Adaptive Card: the invite-message, who the interaction is from,
 * its subject, until when it can be answered, and a button that opens the UC Connector's
 * extension window (the Teams tab's page) with the invitation link.
 */
import { createTranslator } from "../../i18n/translator";
import type { Invitation } from "../gateway";

/** Adaptive Card text is markdown: a customer's name must not become a link or a heading. */
export function plainText(text: string): string {
  return text.replace(/[\\`*_[\]#>]/g, (c) => `\\${c}`).replace(/\s+/g, " ").trim();
}

export function invitationCard(invitation: Invitation) {
  const { t } = createTranslator(invitation.locale);
  const { interaction } = invitation;
  const facts = [
    { title: t("invitation.card.from"), value: plainText(interaction.from) },
    ...(interaction.subject ? [{ title: t("invitation.card.subject"), value: plainText(interaction.subject) }] : []),
    // NOTE: Teams shows {{TIME(...)}} in the reader's own time zone.
    { title: t("invitation.card.answer-by"), value: `{{TIME(${invitation.expiresAt.replace(/\.\d+Z$/, "Z")})}}` },
  ];
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body: [
      {
        type: "TextBlock",
        text: t(interaction.media === "voice" ? "invitation.card.call" : "invitation.card.chat"),
        weight: "Bolder",
        size: "Medium",
        wrap: true,
      },
      ...(invitation.text ? [{ type: "TextBlock", text: plainText(invitation.text), wrap: true }] : []),
      { type: "FactSet", facts },
    ],
    actions: [{ type: "Action.OpenUrl", title: t("invitation.card.open"), url: invitation.link }],
  };
}
