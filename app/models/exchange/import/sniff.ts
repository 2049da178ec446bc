/**
 * What a file is, by its bytes rather than its name: people rename files, mail clients add
 * ".xlsx" to anything, and Excel saves CSV under ".xls" when asked. Pure, no decoding of more than
 * the few bytes each check needs.
 */
export type Sniffed =
  | { format: "xlsx" }
  | { format: "text"; text: string; encoding: "utf-8" | "gbk" | "utf-16le" }
  | { format: "refused"; message: string };

export const MESSAGES = {
  encrypted: "这个工作簿设置了打开密码，请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入",
  xls: "这是旧版 Excel（.xls）文件，请在 Excel/WPS 中「另存为」.xlsx 或 CSV（UTF-8）后导入",
  ods: "这是 OpenDocument 表格（.ods）文件，请在 WPS/LibreOffice 中「另存为」.xlsx 或 CSV（UTF-8）后导入",
  notSpreadsheet: "这不是电子表格文件（支持 .xlsx 和 .csv）",
  empty: "文件是空的",
  html: "这是网页格式的表格（常见于从其他系统导出的 .xls），请在 Excel/WPS 中打开后「另存为」.xlsx 再导入",
  broken: "文件已损坏，无法读取。请在 Excel/WPS 中打开后重新「另存为」.xlsx 再导入",
} as const;

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function contains(bytes: Uint8Array, needle: string, encoding: "latin1" | "utf16le" = "latin1"): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.indexOf(Buffer.from(needle, encoding)) !== -1;
}

/** C0 controls other than tab, line feed and carriage return: a text file never has them. */
function looksBinary(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/u.test(text.slice(0, 65_536));
}

function decodeText(bytes: Uint8Array): Sniffed {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    // Excel's 「Unicode 文本」: UTF-16LE with a BOM, tab-separated.
    const text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
    return looksBinary(text)
      ? { format: "refused", message: MESSAGES.notSpreadsheet }
      : { format: "text", text, encoding: "utf-16le" };
  }
  // A NUL byte never occurs in UTF-8 or GBK text.
  if (bytes.subarray(0, 65_536).includes(0)) return { format: "refused", message: MESSAGES.notSpreadsheet };
  const withoutBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  let encoding: "utf-8" | "gbk" = "utf-8";
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(withoutBom);
  } catch {
    try {
      // GBK is what Chinese Excel writes for 「CSV（逗号分隔）」; GB 18030 decodes all of GBK.
      text = new TextDecoder("gb18030", { fatal: true }).decode(bytes);
      encoding = "gbk";
    } catch {
      return { format: "refused", message: MESSAGES.notSpreadsheet };
    }
  }
  if (looksBinary(text)) return { format: "refused", message: MESSAGES.notSpreadsheet };
  // Systems that "export to Excel" often write an HTML table (or SpreadsheetML) named .xls.
  if (
    /^\s*</u.test(text) &&
    /<(html|table)\b|urn:schemas-microsoft-com:office:spreadsheet/iu.test(text.slice(0, 4096))
  ) {
    return { format: "refused", message: MESSAGES.html };
  }
  return { format: "text", text, encoding };
}

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.byteLength === 0) return { format: "refused", message: MESSAGES.empty };
  if (startsWith(bytes, ZIP)) {
    // Entry names are stored uncompressed, in each local header and in the central directory.
    if (contains(bytes, "xl/workbook.xml")) return { format: "xlsx" };
    if (contains(bytes, "application/vnd.oasis.opendocument.spreadsheet"))
      return { format: "refused", message: MESSAGES.ods };
    return { format: "refused", message: MESSAGES.notSpreadsheet };
  }
  if (startsWith(bytes, CFB)) {
    // Office wraps an encrypted .xlsx in a compound file whose directory (UTF-16LE names) holds
    // an EncryptedPackage stream; an old .xls holds a Workbook (or Book) stream instead.
    if (contains(bytes, "EncryptedPackage", "utf16le")) return { format: "refused", message: MESSAGES.encrypted };
    if (contains(bytes, "Workbook", "utf16le") || contains(bytes, "Book", "utf16le")) {
      return { format: "refused", message: MESSAGES.xls };
    }
    return { format: "refused", message: MESSAGES.notSpreadsheet };
  }
  return decodeText(bytes);
}
