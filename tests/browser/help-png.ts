/**
 * Makes Chromium's screenshots small enough to commit: its true-colour PNG (about 125 KB for a
 * 1280×800 page) becomes a 256-colour palette PNG (median cut, no dithering) of the same size in
 * pixels, about half the bytes. Screens of text and flat colours lose nothing a reader notices.
 * Only node:zlib, so taking the guide's pictures needs no image library.
 */
import { deflateSync, inflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes) as RGB pixels. */
function decode(png: Buffer): { width: number; height: number; rgb: Buffer } {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("不是 PNG 文件");
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0)
        throw new Error(`不支持的 PNG 格式（位深 ${depth}，颜色类型 ${colour}，隔行 ${interlace}）`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels]! : 0;
      const b = up[i]!;
      const c = i >= channels ? up[i - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[i] = (line[i]! + predictor) & 0xff;
    }
  }
  const rgb = Buffer.alloc(width * height * 3);
  for (let p = 0; p < width * height; p++) pixels.copy(rgb, p * 3, p * channels, p * channels + 3);
  return { width, height, rgb };
}

interface Box {
  colours: number[];
  count: number;
}

const channel = (colour: number, c: number) => (colour >> (16 - 8 * c)) & 0xff;

/** Median cut over the picture's colours, weighted by how many pixels have each. */
function palette(counts: Map<number, number>, size: number): number[] {
  const boxes: Box[] = [{ colours: [...counts.keys()], count: [...counts.values()].reduce((a, b) => a + b, 0) }];
  const spread = (box: Box) => {
    let best = { c: 0, range: -1 };
    for (let c = 0; c < 3; c++) {
      let lo = 255;
      let hi = 0;
      for (const colour of box.colours) {
        const v = channel(colour, c);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > best.range) best = { c, range: hi - lo };
    }
    return best;
  };
  while (boxes.length < size) {
    let pick = -1;
    let score = 0;
    boxes.forEach((box, i) => {
      if (box.colours.length < 2) return;
      const s = spread(box).range * Math.sqrt(box.count);
      if (s > score) [pick, score] = [i, s];
    });
    if (pick < 0) break;
    const box = boxes[pick]!;
    const { c } = spread(box);
    box.colours.sort((x, y) => channel(x, c) - channel(y, c));
    let seen = 0;
    let cut = 1;
    for (; cut < box.colours.length - 1; cut++) {
      seen += counts.get(box.colours[cut - 1]!)!;
      if (seen >= box.count / 2) break;
    }
    const part = (colours: number[]): Box => ({ colours, count: colours.reduce((n, k) => n + counts.get(k)!, 0) });
    boxes.splice(pick, 1, part(box.colours.slice(0, cut)), part(box.colours.slice(cut)));
  }
  return boxes.map((box) => {
    const sum = [0, 0, 0];
    for (const colour of box.colours) for (let c = 0; c < 3; c++) sum[c]! += channel(colour, c) * counts.get(colour)!;
    const [r, g, b] = sum.map((s) => Math.round(s / box.count));
    return (r! << 16) | (g! << 8) | b!;
  });
}

/** The same picture as an 8-bit palette PNG of at most 256 colours. */
export function toPalettePng(png: Buffer): Buffer {
  const { width, height, rgb } = decode(png);
  const counts = new Map<number, number>();
  for (let i = 0; i < rgb.length; i += 3) {
    const colour = (rgb[i]! << 16) | (rgb[i + 1]! << 8) | rgb[i + 2]!;
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  const colours = palette(counts, 256);
  const nearest = new Map<number, number>();
  for (const colour of counts.keys()) {
    let best = 0;
    let bestDistance = Infinity;
    colours.forEach((p, i) => {
      const d = [0, 1, 2].reduce((sum, c) => sum + (channel(p, c) - channel(colour, c)) ** 2, 0);
      if (d < bestDistance) [best, bestDistance] = [i, d];
    });
    nearest.set(colour, best);
  }
  // Filter type 0 on every row: the usual choice for palette images, and the smallest here.
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[y * (width + 1) + 1 + x] = nearest.get((rgb[i]! << 16) | (rgb[i + 1]! << 8) | rgb[i + 2]!)!;
    }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8);
  const plte = Buffer.alloc(colours.length * 3);
  colours.forEach((p, i) => plte.set([channel(p, 0), channel(p, 1), channel(p, 2)], i * 3));
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("PLTE", plte),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
