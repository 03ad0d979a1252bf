/** One line of an uploaded text, numbered from 1 as an editor shows it. */
export interface TextLine {
  lineNumber: number;
  text: string;
}

/**
 * Splits text into lines on CRLF, LF or a lone CR, and removes a UTF-8 byte
 * order mark at the start of any line, which also covers files joined with
 * `cat`. Blank lines are kept so that line numbers match the file.
 */
export function splitLines(text: string): TextLine[] {
  return text.split(/\r\n|\n|\r/).map((line, index) => ({
    lineNumber: index + 1,
    text: line.startsWith('\uFEFF') ? line.slice(1) : line,
  }));
}

/** Tells whether a line contains nothing but whitespace. */
export function isBlank(line: string): boolean {
  return line.trim() === '';
}
