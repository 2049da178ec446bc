/**
 * A small RFC 4180 reader: quoted fields, "" inside quotes, line breaks inside quotes, CRLF or LF
 * (or a lone CR, as old Mac exports write). Comma-separated, or tab-separated when the first line
 * has tabs and no commas (Excel's 「Unicode 文本」 and copies from a web page). Rows come one at a
 * time so a caller can stop at its row limit without splitting the whole file.
 */
export type Delimiter = "," | "\t";

export function detectDelimiter(text: string): Delimiter {
  const end = text.search(/[\r\n]/u);
  const firstLine = end === -1 ? text : text.slice(0, end);
  return firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Yields each record's fields. An unclosed quote runs to the end of the text, as Excel reads it. */
export function* parseCsv(text: string, delimiter: Delimiter = detectDelimiter(text)): Generator<string[]> {
  const sep = delimiter.charCodeAt(0);
  const length = text.length;
  let i = 0;
  if (length === 0) return;
  while (i < length) {
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted field: up to the closing quote, "" standing for one quote.
        let value = "";
        let start = ++i;
        for (;;) {
          const q = text.indexOf('"', start);
          if (q === -1) {
            value += text.slice(start);
            i = length;
            break;
          }
          value += text.slice(start, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            start = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        // Text after the closing quote (`"a"b`) is kept, as spreadsheet programs do.
        let end = i;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === sep || c === CR || c === LF) break;
          end++;
        }
        field = value + text.slice(i, end);
        i = end;
      } else {
        let end = i;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === sep || c === CR || c === LF) break;
          end++;
        }
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (i < length && text.charCodeAt(i) === sep) {
        i++;
        // A separator at the very end of the text still ends in one more (empty) field.
        if (i === length) fields.push("");
        continue;
      }
      break;
    }
    // End of record: CRLF, LF or CR.
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    yield fields;
  }
}
