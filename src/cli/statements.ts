/**
 * Reading SQL text the way Postgres's lexer splits it: where its statements
 * end, and the keyword each begins with. Semicolons inside quotes ('…', E'…',
 * "…", $tag$…$tag$) and comments (-- …, nested /* … *\/) do not end one.
 */

const IDENT = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** The index just past the quoted text or comment that starts at `i`, or `i` when none does. */
function skipQuoted(text: string, i: number): number {
  const c = text[i]!;
  const next = text[i + 1];
  if (c === '-' && next === '-') {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end + 1;
  }
  if (c === '/' && next === '*') {
    let depth = 1;
    let j = i + 2;
    while (j < text.length && depth > 0) {
      if (text.startsWith('/*', j)) (depth++, (j += 2));
      else if (text.startsWith('*/', j)) (depth--, (j += 2));
      else j++;
    }
    return j;
  }
  if (c === "'" || c === '"') {
    // E'…' strings take backslash escapes; the others only a doubled quote.
    const escapes = c === "'" && /[eE]/.test(text[i - 1] ?? '') && !IDENT.test(text[i - 2] ?? '');
    let j = i + 1;
    while (j < text.length) {
      if (escapes && text[j] === '\\') j += 2;
      else if (text[j] === c && text[j + 1] === c) j += 2;
      else if (text[j] === c) return j + 1;
      else j++;
    }
    return text.length;
  }
  if (c === '$' && !IDENT.test(text[i - 1] ?? '')) {
    const tag = DOLLAR_TAG.exec(text.slice(i))?.[0];
    if (!tag) return i;
    const end = text.indexOf(tag, i + tag.length);
    return end < 0 ? text.length : end + tag.length;
  }
  return i;
}

/** The statements of `text`, without the semicolons between them; empty ones (only blanks and comments) left out. */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const after = skipQuoted(text, i);
    if (after > i) {
      i = after;
    } else if (text[i] === ';') {
      statements.push(text.slice(start, i));
      start = ++i;
    } else {
      i++;
    }
  }
  statements.push(text.slice(start));
  return statements.filter((s) => leadingKeyword(s) !== '');
}

/** The first word of a statement, lower-cased, past blanks, comments and opening parentheses; '' when there is none. */
export function leadingKeyword(statement: string): string {
  let i = 0;
  while (i < statement.length) {
    const c = statement[i]!;
    const after = c === '-' || c === '/' ? skipQuoted(statement, i) : i;
    if (after > i) i = after;
    else if (/\s|\(/.test(c)) i++;
    else break;
  }
  const word = /^[A-Za-z_]+/.exec(statement.slice(i))?.[0];
  return word ? word.toLowerCase() : i < statement.length ? statement[i]! : '';
}
