/**
 * Whether what an invitation link's session was opened for is still open: the offer it named,
 * still offered to that worker, or the interaction, while the worker takes part in it. Pure, so
 * the owner asks it of its open interactions and any other node of one it read from the store.
 */
import { roleOf } from "../../domain/capabilities";
import { isFinal, type Interaction } from "../../domain/interaction";

export function scopeOpenIn(i: Interaction | undefined, workerId: string, scope: { offer: string; interaction: string }): boolean {
  if (!i || i.id !== scope.interaction || isFinal(i.state)) return false;
  const offer = i.invite?.stage === "offered" ? i.invite.offer : i.state === "offered" ? i.offer : undefined;
  if (offer?.id === scope.offer && offer.worker === workerId) return true;
  return roleOf(i, workerId) !== undefined;
}
