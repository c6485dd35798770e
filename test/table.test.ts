/**
 * Tables line up in a terminal whatever the names hold: widths are counted
 * in columns, by grapheme, not in UTF-16 units.
 */
import { describe, expect, it } from 'vitest';
import { displayWidth, renderRows, renderTable, truncate } from '../src/cli/table.js';

const FAMILY = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}'; // 👨‍👩‍👧, three emoji joined by ZWJ
const FLAG = '\u{1f1ef}\u{1f1f5}'; // 🇯🇵, two regional indicators
const CAFE = 'Cafe\u0301'; // é as e + COMBINING ACUTE ACCENT

describe('displayWidth', () => {
  it.for([
    ['ASCII', 'Studio 1', 8],
    ['CJK ideographs', '東京', 4],
    ['kana', 'カタカナ', 8],
    ['halfwidth kana', 'ｶﾀｶﾅ', 4],
    ['Hangul syllables', '한국어', 6],
    ['fullwidth digits', '１２', 4],
    ['an emoji', '\u{1f44d}', 2],
    ['a ZWJ family', FAMILY, 2],
    ['a ZWJ sequence with a skin tone', '\u{1f469}\u{1f3fd}\u200d\u{1f4bb}', 2],
    ['a flag', FLAG, 2],
    ['a rainbow flag (VS16 and ZWJ)', '\u{1f3f3}\ufe0f\u200d\u{1f308}', 2],
    ['a keycap', '#\ufe0f\u20e3', 2],
    ['a heart with VS16', '\u2764\ufe0f', 2],
    ['a text-presentation symbol', '\u263a', 1],
    ['a combining accent', CAFE, 4],
    ['stacked combining marks', 'e\u0301\u0302', 1],
    ['a lone zero-width joiner', '\u200d', 0],
    ['a zero-width space', 'a\u200bb', 2],
    ['Cyrillic', 'Анна', 4],
  ] as const)('%s', ([, text, width]) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('renderTable', () => {
  it('lines columns up when cells hold CJK, emoji and combining accents', () => {
    const table = renderTable(['name', 'n'], [['東京', '1'], [`${FAMILY} family`, '2'], [CAFE, '3'], [FLAG, '4']]);
    expect(table.split('\n')).toEqual([
      'name       n',
      '---------  -',
      '東京       1',
      `${FAMILY} family  2`,
      `${CAFE}       3`,
      `${FLAG}         4`,
    ]);
  });

  it('puts every second column at the same terminal column', () => {
    const names = ['東京都渋谷区', 'Анна', `${FLAG}${FLAG}`, 'e\u0301e\u0301', '\u{1f469}\u{1f3fd}\u200d\u{1f4bb} dev', 'plain'];
    const lines = renderTable(['location', 'id'], names.map((n, i) => [n, String(i)])).split('\n');
    const starts = lines.map((line) => displayWidth(line.slice(0, line.search(/\S+$/))));
    expect(new Set(starts)).toEqual(new Set([displayWidth('東京都渋谷区') + 2]));
  });
});

describe('truncate', () => {
  it('cuts by columns and never splits a grapheme', () => {
    expect(truncate('東京都渋谷区', 7)).toBe('東京都…');
    expect(truncate(FAMILY.repeat(3), 4)).toBe(`${FAMILY}…`);
    expect(truncate('e\u0301'.repeat(4), 3)).toBe(`${'e\u0301'.repeat(2)}…`);
    expect(truncate('東京', 4)).toBe('東京');
  });

  it('keeps long cells of renderRows within their width', () => {
    const [, , row] = renderRows([{ note: '東'.repeat(40), n: 1 }], 10).split('\n');
    expect(row).toBe('東東東東…  1');
    expect(displayWidth(row!.slice(0, -1).trimEnd())).toBeLessThanOrEqual(10);
  });
});
