/** Where Microsoft Graph posts Teams presence change notifications (under UCC_PUBLIC_URL). */
export const GRAPH_NOTIFICATIONS_PATH = "/api/graph/notifications";
