/**
 * The tab's icon with a count on it (issue 20): drawn on a canvas into a `<link rel=icon>` data
 * URL, put last in the head so that the browser prefers it to the page's own icon; removed, the
 * page's own icon shows again.
 */
const BADGE_LINK_ID = "ucc-unread-badge";
const SIZE = 64;
const BRAND = "#2f5bd3";
const BADGE = "#c62828";

let icon: Promise<HTMLImageElement | undefined> | undefined;

/** The page's own icon, loaded once (same origin: the canvas stays readable). */
function pageIcon(): Promise<HTMLImageElement | undefined> {
  icon ??= new Promise((resolve) => {
    const href = document.querySelector<HTMLLinkElement>(`link[rel~="icon"]:not(#${BADGE_LINK_ID})`)?.href;
    if (!href) return resolve(undefined);
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(undefined);
    img.src = href;
  });
  return icon;
}

let latest = 0;

/** Shows `count` on the tab's icon; 0 takes the badge away. */
export async function showFaviconBadge(count: number): Promise<void> {
  const call = ++latest;
  if (count <= 0) {
    document.getElementById(BADGE_LINK_ID)?.remove();
    return;
  }
  const canvas = document.createElement("canvas");
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const img = await pageIcon();
  // NOTE: a newer count (0 when the tab was shown meanwhile) wins over this one.
  if (call !== latest) return;
  if (img) ctx.drawImage(img, 0, 0, SIZE, SIZE);
  else {
    ctx.fillStyle = BRAND;
    ctx.fillRect(0, 0, SIZE, SIZE);
  }
  ctx.fillStyle = BADGE;
  ctx.beginPath();
  ctx.arc(SIZE - 20, 20, 20, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = "#fff";
  ctx.font = "bold 28px sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(count > 9 ? "9+" : String(count), SIZE - 20, 21);
  const existing = document.getElementById(BADGE_LINK_ID) as HTMLLinkElement | null;
  const link = existing ?? document.createElement("link");
  link.id = BADGE_LINK_ID;
  link.rel = "icon";
  link.type = "image/png";
  link.href = canvas.toDataURL("image/png");
  if (!existing) document.head.appendChild(link);
}
