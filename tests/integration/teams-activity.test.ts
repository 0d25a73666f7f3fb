/**
 * Issue 17: the `teams-activity` IM gateway sends an invitation as a Teams activity-feed
 * notification through Microsoft Graph (a stand-in here that checks Graph's documented shape),
 * opening the app's tab on the offer; when Graph refuses it (the app is not installed for the
 * worker), the next gateway delivers the invitation.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "../support/certificates";
import { startConnectorProcess, type ConnectorProcess } from "../support/connector-process";
import { startGraphStandIn, type GraphStandIn } from "../support/graph-stand-in";
import { demoConfigRaw } from "../support/harness";
import { api, chat, createOk, events, offersOf, setPresenceAsWorker, signIn } from "../support/interactions";
import { waitFor } from "../support/wait";
import { en } from "../../lib/i18n/en";
import { tabDeepLink } from "../../lib/im/teams/deep-link";
import { OFFER_ACTIVITY_TYPE } from "../../lib/im/teams/teams-app";

const APP_ID = "7d3f2c1a-9b8e-4f6d-a5c4-3b2a1f0e9d8c";
const UPN = "alex.morgan@contoso.onmicrosoft.com";

let certificates: TestCertificates;
let graph: GraphStandIn;
let c: ConnectorProcess;
let userId: string;
let cookie: string;

beforeAll(async () => {
  certificates = makeTestCertificates();
  graph = await startGraphStandIn(certificates);
  userId = graph.addUser(UPN);
  const raw = demoConfigRaw();
  raw.graph = graph.config();
  raw["microsoft-ocs"]["presence-sync-mode"] = "off";
  raw.workers[0].upn = UPN;
  raw.im = { gateways: [{ type: "teams-activity", "app-id": APP_ID }, { type: "console" }] };
  c = await startConnectorProcess({ config: raw, env: { NODE_EXTRA_CA_CERTS: certificates.caPem } });
  cookie = await signIn(c, "kw1");
  await setPresenceAsWorker(c, cookie, "available");
});
afterAll(async () => {
  await c?.cleanup();
  await graph?.close();
  certificates?.remove();
});

const notifications = () => graph.requests().filter((r) => r.path === `/v1.0/users/${userId}/teamwork/sendActivityNotification`);
const invitationEvent = (interaction: string) =>
  waitFor(() => events(c), (list) => list.some((e) => e.interaction === interaction && e.type.startsWith("Invitation")), { what: "the invitation's outcome" }).then(
    (list) => list.find((e) => e.interaction === interaction && e.type.startsWith("Invitation"))!,
  );

it("an invitation is an activity-feed notification whose deep link opens the tab on the offer", async () => {
  const created = await createOk(c, chat("Pat", { subject: "Refund", worker: "kw1" }));
  const [offer] = await offersOf(c, cookie);
  const [sent] = await waitFor(notifications, (list) => list.length === 1, { what: "a notification" });
  const body = sent.body as { topic: { webUrl: string; value: string }; activityType: string; previewText: { content: string }; templateParameters: unknown[]; teamsAppId: string };
  expect(sent.status).toBe(204);
  // The manifest's own activity type (Teams refuses one it does not declare) and the card's deep link.
  expect(body).toMatchObject({ activityType: OFFER_ACTIVITY_TYPE, teamsAppId: APP_ID, topic: { source: "text", value: "Refund" } });
  expect(body.topic.webUrl).toBe(tabDeepLink({ appId: APP_ID, publicUrl: c.url, label: en["interactions.heading"], subEntityId: offer.id }));
  expect(body.templateParameters).toEqual([{ name: "from", value: "Pat" }, { name: "media", value: "chat" }]);
  expect(body.previewText.content).toBe(demoConfigRaw()["microsoft-ocs"]["invite-message"]);
  const link = new URL(body.topic.webUrl);
  expect(link.pathname).toBe(`/l/entity/${APP_ID}/ucc-extension`);
  expect(JSON.parse(link.searchParams.get("context")!)).toEqual({ subEntityId: offer.id });
  expect(link.searchParams.get("webUrl")).toBe(`${c.url}/extension`);
  expect((await invitationEvent(created.id)).reasons).toMatchObject({ gateway: "teams-activity" });
  await api(c, "POST", `/api/v1/interactions/${created.id}/end`);
});

it("when Graph refuses it (the app is not installed), the next gateway delivers the invitation", async () => {
  graph.appInstalled(false);
  await waitFor(async () => (await offersOf(c, cookie)).length, (n) => n === 0, { what: "no open offer" });
  const created = await createOk(c, chat("Robin", { worker: "kw1" }));
  const event = await invitationEvent(created.id);
  expect(event).toMatchObject({ type: "InvitationSent", reasons: { gateway: "console" } });
  expect(notifications().at(-1)!.status).toBe(403);
});
