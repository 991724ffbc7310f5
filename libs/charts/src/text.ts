// How wide a piece of chart text is, without a canvas (none is installed, and a server has no
// fonts to ask). The page's fonts are Frutiger (NHS design system) falling back to Arial, so the
// estimate uses Arial's advance widths, made 10% wider (15% for bold) to cover Frutiger and
// rendering differences. Vega is given the same estimate while it lays a chart out
// (`withTextMetrics` in render.ts), so where vega places a label and where the tests say it ends
// are one calculation.

/** The type sizes of every chart: 14 px text, 18 px between lines (drawn 1:1 on a phone). */
export const FONT_SIZE = 14;
export const LINE_HEIGHT = 18;
export const FONT_FAMILY = '"Frutiger W01", Arial, Helvetica, sans-serif';

/** Arial's advance widths (1/1000 em) for printable ASCII, from space (32) to tilde (126). */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
];

/** The few non-ASCII characters the charts print; anything else counts as a full em. */
const OTHER_WIDTHS: Record<string, number> = {
  '\u2212': 584, // minus sign
  '\u00b1': 584, // ±
  '\u00a3': 556, // £
  '\u00b2': 333, // ²
  '\u2013': 556, // en dash
  '\u2014': 1000, // em dash
  '\u2019': 222, // right single quote
  '\u2018': 222,
  '\u00a0': 278, // no-break space
  '\u2009': 167, // thin space
  '\u00e9': 556, // é
};

const REGULAR_MARGIN = 1.1;
const BOLD_MARGIN = 1.15;

function charWidth(ch: string): number {
  const code = ch.codePointAt(0)!;
  if (code >= 32 && code <= 126) return ASCII_WIDTHS[code - 32];
  return OTHER_WIDTHS[ch] ?? 1000;
}

/** The estimated width in px of one line of text at a font size, regular or bold. */
export function textWidth(text: string, fontSize = FONT_SIZE, bold = false): number {
  let units = 0;
  for (const ch of text) units += charWidth(ch);
  return (units / 1000) * fontSize * (bold ? BOLD_MARGIN : REGULAR_MARGIN);
}

/** The widest line of a label that may have several lines. */
export function linesWidth(lines: string | readonly string[], fontSize = FONT_SIZE, bold = false): number {
  const all = typeof lines === 'string' ? [lines] : lines;
  return all.reduce((w, line) => Math.max(w, textWidth(line, fontSize, bold)), 0);
}

/**
 * A label broken at spaces (and after hyphens and slashes) into lines no wider than `maxWidth`.
 * Nothing is cut: a single word wider than the line gets a line of its own, and the caller makes
 * room for the widest line (`linesWidth`), so no label is ever truncated.
 */
export function wrapText(text: string, maxWidth: number, fontSize = FONT_SIZE, bold = false): string[] {
  // Pieces of words split after an inner hyphen or slash ("Non-|Elective") rejoin without a space.
  const pieces = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
    .flatMap((word) => word.split(/(?<=[^\s][-/])(?=.)/).map((piece, i) => ({ piece, glued: i > 0 })));
  const lines: string[] = [];
  let current = '';
  for (const { piece, glued } of pieces) {
    const candidate = current === '' ? piece : `${current}${glued ? '' : ' '}${piece}`;
    if (current !== '' && textWidth(candidate, fontSize, bold) > maxWidth) {
      lines.push(current);
      current = piece;
    } else {
      current = candidate;
    }
  }
  if (current !== '') lines.push(current);
  return lines.length ? lines : [''];
}
