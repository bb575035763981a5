import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from "pdf-lib";

/**
 * A small flowing layout on pdf-lib for documents that are mostly labelled
 * fields, paragraphs and one long table: text wraps, pages break, the table
 * header repeats, and every page gets a footer once the page count is known.
 */

const A4: [number, number] = [595.28, 841.89];
const MARGIN_X = 45;
const MARGIN_TOP = 50;
/** Room under the content for the footer. */
const MARGIN_BOTTOM = 60;
const LABEL_WIDTH = 135;
const FIELD_GAP = 3;
const CELL_PADDING = 3;

const TEXT = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.4, 0.4, 0.4);
const RULE = rgb(0.8, 0.8, 0.8);
const HEADER_FILL = rgb(0.93, 0.93, 0.93);

export type FontSet = { regular: PDFFont; bold: PDFFont; italic: PDFFont; mono: PDFFont };
export type TextStyle = { font: PDFFont; size: number; color?: RGB };
export type Column = { header: string; weight: number; align?: "left" | "right" };

/*
 * Why embedded DejaVu fonts and not the standard Helvetica: the standard PDF
 * fonts encode only WinAnsi, so pdf-lib throws on "→", "✓", or a signer named
 * "Łukasz Dvořák", and replacing such letters would misquote names and
 * comments in a document that is meant as evidence. DejaVu covers Latin,
 * Greek, Cyrillic, arrows and ticks; pdf-lib subsets it, so a PDF carries only
 * the glyphs it uses. What DejaVu lacks as well (CJK, most emoji) is drawn as
 * U+FFFD by `printable`, so drawing never meets a character it cannot show.
 */
const FONT_FILES: Record<keyof FontSet, string> = {
  regular: "DejaVuSans.ttf",
  bold: "DejaVuSans-Bold.ttf",
  italic: "DejaVuSans-Oblique.ttf",
  mono: "DejaVuSansMono.ttf",
};

let fontBytes: Promise<Record<keyof FontSet, Uint8Array>> | undefined;

/** Read once per process: the files are 2.4 MB together and never change. */
function loadFontBytes(): Promise<Record<keyof FontSet, Uint8Array>> {
  fontBytes ??= (async () => {
    const require = createRequire(import.meta.url);
    const entries = await Promise.all(
      Object.entries(FONT_FILES).map(async ([style, file]) => {
        const bytes = await readFile(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
        return [style, new Uint8Array(bytes)] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<keyof FontSet, Uint8Array>;
  })();
  return fontBytes;
}

export async function embedFonts(doc: PDFDocument): Promise<FontSet> {
  doc.registerFontkit(fontkit);
  const bytes = await loadFontBytes();
  const [regular, bold, italic, mono] = await Promise.all(
    (["regular", "bold", "italic", "mono"] as const).map((style) => doc.embedFont(bytes[style], { subset: true })),
  );
  if (!regular || !bold || !italic || !mono) throw new Error("A font could not be embedded");
  return { regular, bold, italic, mono };
}

const characterSets = new WeakMap<PDFFont, Set<number>>();

function characterSet(font: PDFFont): Set<number> {
  let set = characterSets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    characterSets.set(font, set);
  }
  return set;
}

const unitWidths = new WeakMap<PDFFont, Map<string, number>>();

/**
 * The width of a text, remembered per font: measuring runs fontkit's shaping,
 * which made measuring most of the time of a thousand-row table, and the
 * words of such a table repeat (names, projects, statuses).
 */
function widthOf(text: string, font: PDFFont, size: number): number {
  let widths = unitWidths.get(font);
  if (!widths) {
    widths = new Map();
    unitWidths.set(font, widths);
  }
  let width = widths.get(text);
  if (width === undefined) {
    width = font.widthOfTextAtSize(text, 1);
    widths.set(text, width);
  }
  return width * size;
}

const LINE_BREAKS_AND_TABS = /[\t\n\v\f\r\u0085\u2028\u2029]/u;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{M}\p{Emoji_Modifier}]/u;

/**
 * The text as one line the font can draw: line breaks and tabs become spaces,
 * invisible characters the font lacks (zero-width joiners, emoji variation
 * selectors) are left out, and any other character it lacks becomes U+FFFD.
 */
export function printable(text: string, font: PDFFont): string {
  const known = characterSet(font);
  const replacement = known.has(0xfffd) ? "\uFFFD" : "?";
  let result = "";
  for (const character of text.normalize("NFC")) {
    if (LINE_BREAKS_AND_TABS.test(character)) result += " ";
    else if (known.has(character.codePointAt(0) ?? 0)) result += character;
    else if (/\s/u.test(character)) result += " ";
    else if (!INVISIBLE.test(character)) result += replacement;
  }
  return result;
}

/** Paragraphs of a text; a run of empty lines counts as one, so a pasted text cannot fill pages with nothing. */
function paragraphs(text: string): string[] {
  const result: string[] = [];
  for (const line of text.trim().split(/\r\n|[\n\r\u2028\u2029]/u)) {
    const trimmed = line.trim();
    if (trimmed !== "" || result.at(-1) !== "") result.push(trimmed);
  }
  return result;
}

/** Splits a word wider than the line at character boundaries: user agents, hashes and URLs have no spaces. */
function breakWord(word: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const pieces: string[] = [];
  let piece = "";
  let width = 0;
  for (const character of word) {
    const characterWidth = widthOf(character, font, size);
    if (piece !== "" && width + characterWidth > maxWidth) {
      pieces.push(piece);
      piece = "";
      width = 0;
    }
    piece += character;
    width += characterWidth;
  }
  pieces.push(piece);
  return pieces;
}

function wrapParagraph(paragraph: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  const spaceWidth = widthOf(" ", font, size);
  let line = "";
  let width = 0;
  for (const word of paragraph.split(/ +/u).filter(Boolean)) {
    const wordWidth = widthOf(word, font, size);
    if (line !== "" && width + spaceWidth + wordWidth <= maxWidth) {
      line += ` ${word}`;
      width += spaceWidth + wordWidth;
      continue;
    }
    if (line !== "") lines.push(line);
    const pieces = wordWidth <= maxWidth ? [word] : breakWord(word, font, size, maxWidth);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? "";
    width = widthOf(line, font, size);
  }
  lines.push(line);
  return lines;
}

/** The lines of a text within maxWidth; paragraphs stay paragraphs. Always at least one line. */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  return paragraphs(text).flatMap((paragraph) =>
    paragraph === "" ? [""] : wrapParagraph(printable(paragraph, font), font, size, maxWidth),
  );
}

/** One line that fits maxWidth, shortened with an ellipsis when it does not. */
export function fitLine(text: string, font: PDFFont, size: number, maxWidth: number): string {
  const line = printable(text, font);
  if (widthOf(line, font, size) <= maxWidth) return line;
  const characters = Array.from(line);
  while (characters.length > 0 && widthOf(`${characters.join("")}…`, font, size) > maxWidth) characters.pop();
  return `${characters.join("")}…`;
}

function lineHeight(size: number): number {
  return size * 1.3;
}

type CellLines = string[][];

/** Places content from the top of the first page down, starting a new page where the room runs out. */
export class PageFlow {
  private page: PDFPage;
  /** The font the page is set to. */
  private pageFont: PDFFont | null = null;
  private y = 0;
  /** Drawn at the top of every page that starts inside a table: its header. */
  private repeatOnNewPage: { draw: () => void; height: number } | null = null;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: FontSet,
  ) {
    this.page = this.startPage();
  }

  get contentWidth(): number {
    return A4[0] - 2 * MARGIN_X;
  }

  get valueWidth(): number {
    return this.contentWidth - LABEL_WIDTH;
  }

  title(text: string): void {
    this.paragraph(text, { font: this.fonts.bold, size: 18 });
    this.gap(4);
    this.rule();
  }

  /** A section heading; it moves to the next page rather than stand alone at the bottom. */
  heading(text: string): void {
    this.gap(10);
    this.ensureRoom(lineHeight(12) + 3 * lineHeight(9.5));
    this.paragraph(text, { font: this.fonts.bold, size: 12 });
    this.gap(3);
  }

  paragraph(text: string, style: TextStyle, options: { indent?: number; bar?: boolean } = {}): void {
    const indent = options.indent ?? 0;
    const height = lineHeight(style.size);
    for (const line of wrapText(text, style.font, style.size, this.contentWidth - indent)) {
      this.ensureRoom(height);
      if (options.bar) this.page.drawRectangle({ x: MARGIN_X, y: this.y - height, width: 2, height, color: RULE });
      this.drawLine(line, MARGIN_X + indent, style);
      this.y -= height;
    }
  }

  /** A label with its value beside it; a long value wraps under itself and may continue on the next page. */
  field(label: string, value: string, style: Partial<TextStyle> = {}): void {
    const labelStyle: TextStyle = { font: this.fonts.regular, size: 9, color: MUTED };
    const valueStyle: TextStyle = { font: this.fonts.regular, size: 9.5, ...style };
    const labelLines = wrapText(label, labelStyle.font, labelStyle.size, LABEL_WIDTH - 10);
    const valueLines = wrapText(value, valueStyle.font, valueStyle.size, this.valueWidth);
    const height = lineHeight(Math.max(labelStyle.size, valueStyle.size));
    for (let index = 0; index < Math.max(labelLines.length, valueLines.length); index += 1) {
      this.ensureRoom(height);
      const labelLine = labelLines[index];
      const valueLine = valueLines[index];
      if (labelLine) this.drawLine(labelLine, MARGIN_X, labelStyle);
      if (valueLine) this.drawLine(valueLine, MARGIN_X + LABEL_WIDTH, valueStyle);
      this.y -= height;
    }
    this.gap(FIELD_GAP);
  }

  /** A label beside something drawn by the caller (an image) in a box of the given height. */
  fieldBlock(label: string, height: number, draw: (page: PDFPage, x: number, top: number) => void): void {
    this.ensureRoom(height);
    this.drawLine(fitLine(label, this.fonts.regular, 9, LABEL_WIDTH - 10), MARGIN_X, { font: this.fonts.regular, size: 9, color: MUTED });
    draw(this.page, MARGIN_X + LABEL_WIDTH, this.y);
    this.y -= height;
    this.gap(FIELD_GAP);
  }

  gap(height: number): void {
    this.y -= height;
  }

  rule(): void {
    this.ensureRoom(6);
    this.page.drawLine({ start: { x: MARGIN_X, y: this.y - 3 }, end: { x: A4[0] - MARGIN_X, y: this.y - 3 }, thickness: 0.5, color: RULE });
    this.y -= 6;
  }

  /**
   * A table over the full width. Column weights share out the width. The
   * header repeats on every page; a row taller than the room left moves to
   * the next page, and one taller than a page is split between pages.
   */
  table(columns: Column[], rows: string[][], size = 7.5): void {
    const totalWeight = columns.reduce((sum, column) => sum + column.weight, 0);
    const widths = columns.map((column) => (column.weight / totalWeight) * this.contentWidth);
    const wrapCells = (cells: string[], font: PDFFont): CellLines =>
      widths.map((width, index) => wrapText(cells[index] ?? "", font, size, width - 2 * CELL_PADDING));
    const header = wrapCells(columns.map((column) => column.header), this.fonts.bold);
    const drawHeader = () => this.drawRowSlice(header, 0, rowLineCount(header), { columns, widths, size, font: this.fonts.bold, fill: HEADER_FILL });

    const headerHeight = this.rowHeight(rowLineCount(header), size);
    this.ensureRoom(headerHeight + this.rowHeight(1, size));
    drawHeader();
    this.repeatOnNewPage = { draw: drawHeader, height: headerHeight };
    try {
      for (const row of rows) this.drawRow(wrapCells(row, this.fonts.regular), { columns, widths, size, font: this.fonts.regular });
    } finally {
      this.repeatOnNewPage = null;
    }
  }

  /** Draws the footer on every page, now that their number is known. */
  addFooters(footer: (page: number, pages: number) => { left: string; right: string }): void {
    const pages = this.doc.getPages();
    const style: TextStyle = { font: this.fonts.regular, size: 7.5, color: MUTED };
    pages.forEach((page, index) => {
      const { left, right } = footer(index + 1, pages.length);
      const baseline = MARGIN_BOTTOM - 30;
      page.drawLine({ start: { x: MARGIN_X, y: baseline + 12 }, end: { x: A4[0] - MARGIN_X, y: baseline + 12 }, thickness: 0.5, color: RULE });
      const rightLine = fitLine(right, style.font, style.size, this.contentWidth / 3);
      const rightWidth = widthOf(rightLine, style.font, style.size);
      page.setFont(style.font);
      const { size, color } = style;
      page.drawText(fitLine(left, style.font, size, this.contentWidth - rightWidth - 20), { x: MARGIN_X, y: baseline, size, color });
      page.drawText(rightLine, { x: A4[0] - MARGIN_X - rightWidth, y: baseline, size, color });
    });
  }

  private drawRow(cells: CellLines, table: TableStyle): void {
    const lines = rowLineCount(cells);
    const roomOnAFreshPage = A4[1] - MARGIN_TOP - MARGIN_BOTTOM - (this.repeatOnNewPage?.height ?? 0);
    const height = this.rowHeight(lines, table.size);
    if (height > this.room() && height <= roomOnAFreshPage) this.startPage();
    let from = 0;
    while (from < lines) {
      const fitting = Math.floor((this.room() - 2 * CELL_PADDING) / lineHeight(table.size));
      if (fitting < 1) {
        this.startPage();
        continue;
      }
      const to = Math.min(lines, from + fitting);
      this.drawRowSlice(cells, from, to, table);
      from = to;
      if (from < lines) this.startPage();
    }
    this.page.drawLine({ start: { x: MARGIN_X, y: this.y }, end: { x: A4[0] - MARGIN_X, y: this.y }, thickness: 0.3, color: RULE });
  }

  /**
   * Lines [from, to) of every cell of a row, side by side. Where a row goes
   * on from an earlier page, the cells that ended there show their first
   * line again, greyed, so the continued text can be told apart.
   */
  private drawRowSlice(cells: CellLines, from: number, to: number, table: TableStyle & { fill?: RGB }): void {
    const height = this.rowHeight(to - from, table.size);
    if (table.fill) this.page.drawRectangle({ x: MARGIN_X, y: this.y - height, width: this.contentWidth, height, color: table.fill });
    let x = MARGIN_X;
    cells.forEach((lines, column) => {
      const width = table.widths[column] ?? 0;
      const alignRight = table.columns[column]?.align === "right";
      const reminder = from > 0 && lines.length <= from;
      const shown = reminder ? lines.slice(0, 1) : lines.slice(from, to);
      const style: TextStyle = { font: table.font, size: table.size, color: reminder ? MUTED : TEXT };
      shown.forEach((line, index) => {
        const top = this.y - CELL_PADDING - index * lineHeight(table.size);
        const lineX = alignRight ? x + width - CELL_PADDING - widthOf(line, table.font, table.size) : x + CELL_PADDING;
        this.drawLine(line, lineX, style, top);
      });
      x += width;
    });
    this.y -= height;
  }

  private rowHeight(lines: number, size: number): number {
    return lines * lineHeight(size) + 2 * CELL_PADDING;
  }

  private room(): number {
    return this.y - MARGIN_BOTTOM;
  }

  private ensureRoom(height: number): void {
    if (height > this.room()) this.startPage();
  }

  private startPage(): PDFPage {
    this.page = this.doc.addPage(A4);
    this.pageFont = null;
    this.y = A4[1] - MARGIN_TOP;
    this.repeatOnNewPage?.draw();
    return this.page;
  }

  /** One line of text whose line box starts at `top` (the current position by default). */
  private drawLine(text: string, x: number, style: TextStyle, top = this.y): void {
    if (text === "") return;
    this.useFont(style.font);
    // The baseline sits one font size below the top of the line box: room for ascenders above and descenders below.
    this.page.drawText(printable(text, style.font), { x, y: top - style.size, size: style.size, color: style.color ?? TEXT });
  }

  /**
   * pdf-lib adds a font resource to the page at every drawText that names a
   * font, and looks for a free name among all of them first: on a page of a
   * thousand lines that is quadratic. So the page changes font only when the
   * font changes.
   */
  private useFont(font: PDFFont): void {
    if (this.pageFont === font) return;
    this.page.setFont(font);
    this.pageFont = font;
  }
}

type TableStyle = { columns: Column[]; widths: number[]; size: number; font: PDFFont };

function rowLineCount(cells: CellLines): number {
  return Math.max(1, ...cells.map((lines) => lines.length));
}
