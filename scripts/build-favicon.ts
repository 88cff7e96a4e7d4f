// Makes public/favicon.ico from app/icon.svg: 16, 32 and 48 px, each a PNG inside the ICO container
// (the format since Windows Vista, read by every browser that runs this app). Browsers ask for
// /favicon.ico on their own whatever the page links to, and a 404 there costs the lite page
// Lighthouse's best-practices points; a committed file is served as a plain static file, which
// costs the server nothing, where a route handler would render on each request.
// Development-time only (run after changing the icon, then commit the result): it uses sharp,
// which Next installs as its own optional dependency for image optimisation.
// Usage: tsx scripts/build-favicon.ts
import fs from "node:fs";
import path from "node:path";

const SIZES = [16, 32, 48];
const source = path.resolve("app/icon.svg");
const target = path.resolve("public/favicon.ico");

const { default: sharp } = await import("sharp").catch(() => {
  throw new Error("sharp is not installed (Next installs it as an optional dependency): npm install, then run again");
});
const svg = fs.readFileSync(source);
// Rendered at the target size from the vector (density scales the 32-unit viewBox), not downscaled.
const images = await Promise.all(SIZES.map((size) => sharp(svg, { density: (72 * size) / 32 }).resize(size, size).png({ compressionLevel: 9 }).toBuffer()));

// ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the images.
const header = Buffer.alloc(6 + 16 * images.length);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // 1 = icon
header.writeUInt16LE(images.length, 4);
let offset = header.length;
images.forEach((image, i) => {
  const entry = 6 + 16 * i;
  const size = SIZES[i]!;
  header.writeUInt8(size >= 256 ? 0 : size, entry); // width (0 means 256)
  header.writeUInt8(size >= 256 ? 0 : size, entry + 1); // height
  header.writeUInt8(0, entry + 2); // no palette
  header.writeUInt8(0, entry + 3); // reserved
  header.writeUInt16LE(1, entry + 4); // colour planes
  header.writeUInt16LE(32, entry + 6); // bits per pixel
  header.writeUInt32LE(image.length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += image.length;
});
fs.writeFileSync(target, Buffer.concat([header, ...images]));
console.log(`wrote ${path.relative(process.cwd(), target)}: ${SIZES.join(", ")} px, ${offset} bytes`);
