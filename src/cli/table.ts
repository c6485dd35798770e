/** Plain aligned text table (no colours: it goes to logs and CI output too). */
export function renderTable(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...body.map((row) => displayWidth(row[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => padEnd(c ?? '', widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** Rows of objects as a table, values shortened to `max` columns. */
export function renderRows(rows: Record<string, unknown>[], max = 60): string {
  if (rows.length === 0) return '(no rows)';
  const header = Object.keys(rows[0]!);
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return truncate(s.replace(/\s+/g, ' '), max);
  };
  return renderTable(header, rows.map((r) => header.map((h) => cell(r[h]))));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * How many terminal columns `text` takes: a grapheme (what a reader sees as
 * one character) takes 2 when it is East Asian Wide or Fullwidth (CJK, kana,
 * Hangul) or shown as an emoji (a ZWJ family, a flag, a keycap), 0 when it is
 * nothing but combining marks, joiners or control characters, and 1
 * otherwise. `.length` counts UTF-16 units instead: 東京 is 2 but takes 4
 * columns, 👨‍👩‍👧 is 8 but takes 2, and an accent written as a combining mark
 * adds 1 that takes none.
 */
export function displayWidth(text: string): number {
  // Printable ASCII, the common case, is one column a unit.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += graphemeWidth(segment);
  return width;
}

/** `text` cut to at most `max` columns, ending in … when cut; never splits a grapheme. */
export function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = graphemeWidth(segment);
    if (width + w > max - 1) break;
    out += segment;
    width += w;
  }
  return `${out}…`;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

// A text-presentation symbol becomes an emoji with VS16 (U+FE0F), a keycap with U+20E3.
const EMOJI = /^(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\u200d|\p{Emoji}\ufe0f|\p{Emoji}\u20e3|\p{Regional_Indicator})/u;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}\u1160-\u11ff]/u;

function graphemeWidth(grapheme: string): number {
  if (EMOJI.test(grapheme)) return 2;
  // A grapheme's width is its base's: the marks and joiners after it add nothing.
  if (ZERO_WIDTH.test(grapheme)) return 0;
  return isWide(grapheme.codePointAt(0)!) ? 2 : 1;
}

/**
 * East Asian Wide (W) and Fullwidth (F) code points outside the emoji, by
 * block (Unicode's EastAsianWidth.txt, folded into ranges; the few narrow
 * code points inside them are rare in names and notes).
 */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo, leading consonants
  [0x2329, 0x232a], // angle brackets
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed and compatibility
  [0x3400, 0x4dbf], // CJK Unified Ideographs Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo Extended-A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x17000, 0x18cff], // Tangut, Khitan
  [0x1b000, 0x1b2ff], // Kana supplement and extensions, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK Unified Ideographs Extensions B to F, compatibility supplement
  [0x30000, 0x3fffd], // CJK Unified Ideographs Extensions G and H
];

function isWide(codePoint: number): boolean {
  if (codePoint < WIDE[0]![0]) return false;
  return WIDE.some(([from, to]) => codePoint >= from && codePoint <= to);
}
