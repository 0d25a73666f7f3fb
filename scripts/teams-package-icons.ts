/**
 * The Teams app's icons, drawn at build time: a 192x192 colour icon (a chat bubble with a headset
 * on the accent colour) and a 32x32 outline icon (the same shape, white on transparent, as Teams
 * requires). Rendered from SVG with sharp; checked after rendering (checkIcons).
 */
import sharp from "sharp";
import { ACCENT_COLOR } from "./teams-package-manifest";

/** The glyph on a 32-unit grid: a speech bubble and, inside it, a headset. */
const GLYPH = (stroke: string, width: number) => `
  <path d="M6 7h20a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H14l-6 5v-5H6a2 2 0 0 1-2-2V9a2 2 0 0 1 2-2z" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linejoin="round"/>
  <path d="M11 17v-2a5 5 0 0 1 10 0v2" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linecap="round"/>
  <rect x="9.5" y="15.5" width="3" height="4" rx="1" fill="${stroke}"/>
  <rect x="19.5" y="15.5" width="3" height="4" rx="1" fill="${stroke}"/>`;

export async function colorIcon(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192" viewBox="0 0 32 32">
    <rect width="32" height="32" rx="6" fill="${ACCENT_COLOR}"/>
    <g transform="translate(4 4) scale(0.75)">${GLYPH("#ffffff", 2)}</g></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function outlineIcon(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">${GLYPH("#ffffff", 2)}</svg>`;
  // NOTE: anti-aliased edges get grey RGB from the renderer; the outline must be white only, with
  // the shape in the alpha channel.
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i += 4) {
    data[i] = data[i + 1] = data[i + 2] = 255;
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer();
}

/** What is wrong with the icons, if anything: sizes, and the outline's transparency and colour. */
export async function checkIcons(color: Buffer, outline: Buffer): Promise<string[]> {
  const problems: string[] = [];
  const c = await sharp(color).metadata();
  if (c.format !== "png" || c.width !== 192 || c.height !== 192) problems.push(`color icon: ${c.format} ${c.width}x${c.height}, want png 192x192`);
  const o = await sharp(outline).metadata();
  if (o.format !== "png" || o.width !== 32 || o.height !== 32) problems.push(`outline icon: ${o.format} ${o.width}x${o.height}, want png 32x32`);
  if (!o.hasAlpha) problems.push("outline icon: no transparency");
  const { data } = await sharp(outline).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let transparent = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) transparent++;
    else if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) {
      problems.push("outline icon: a pixel that is not white");
      break;
    }
  }
  if (transparent === 0) problems.push("outline icon: no transparent background");
  return problems;
}
