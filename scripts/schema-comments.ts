/**
 * Finds comments among the columns of the Drizzle table files. A column is
 * described once, in the data dictionary (src/db/dictionary*.ts), from which
 * docs/warehouse.md and the Postgres comments are made: a second description
 * beside the column is how the two came to disagree (the schema said a phone
 * kept its formatting while the sync kept its digits only). Comments on a
 * table as a whole, and on its indexes, stay where they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** A comment found in the column list of a table. */
export interface ColumnComment {
  /** 1-based line of the comment. */
  line: number;
  /** The table's SQL name (the first argument of `.table()`). */
  table: string;
  /** The property the comment belongs to: the column's TypeScript name, or `...helper()` for a spread. */
  column: string;
  /** The comment's text, trimmed to one line. */
  text: string;
}

/** `x.table('name', { columns })` (a `pgSchema`) or `pgTable('name', { columns })`. */
function columnsOf(call: ts.CallExpression): { table: string; columns: ts.ObjectLiteralExpression } | undefined {
  const callee = call.expression;
  const isTable = (ts.isPropertyAccessExpression(callee) && callee.name.text === 'table') || (ts.isIdentifier(callee) && callee.text === 'pgTable');
  const [name, columns] = call.arguments;
  if (!isTable || !name || !ts.isStringLiteral(name) || !columns || !ts.isObjectLiteralExpression(columns)) return undefined;
  return { table: name.text, columns };
}

/** Every comment inside the column list of a table, with the column it sits on, before or after. */
export function columnComments(source: string, fileName = 'schema.ts'): ColumnComment[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line + 1;
  const found: ColumnComment[] = [];
  const visit = (node: ts.Node): void => {
    const table = ts.isCallExpression(node) ? columnsOf(node) : undefined;
    if (!table) return ts.forEachChild(node, visit);
    const properties = table.columns.properties.map((p) => ({
      name: ts.isSpreadAssignment(p) ? `...${p.expression.getText(file)}` : (p.name?.getText(file) ?? '?'),
      first: lineOf(p.getStart(file)),
      last: lineOf(p.getEnd()),
    }));
    for (const comment of commentsIn(file, table.columns)) {
      const line = lineOf(comment.pos);
      // A comment belongs to the column on its line, else to the next one (a leading comment), else to the last.
      const owner = properties.find((p) => p.first <= line && line <= p.last) ?? properties.find((p) => p.first > line) ?? properties.at(-1);
      const text = source.slice(comment.pos, comment.end).replace(/^\/\*\*?|\*\/$|^\/\/|\n\s*\*?/g, ' ').replace(/\s+/g, ' ').trim();
      found.push({ line, table: table.table, column: owner?.name ?? '?', text });
    }
  };
  visit(file);
  return found;
}

/**
 * The comments after the opening brace of `node`: each is in the trivia before
 * a token, as a trailing comment of the line before (same line) or a leading one.
 */
function commentsIn(file: ts.SourceFile, node: ts.Node): ts.CommentRange[] {
  const start = node.getStart(file);
  const found = new Map<number, ts.CommentRange>();
  const walk = (n: ts.Node): void => {
    if (n.pos > start) {
      const ranges = [...(ts.getTrailingCommentRanges(file.text, n.pos) ?? []), ...(ts.getLeadingCommentRanges(file.text, n.pos) ?? [])];
      for (const range of ranges) found.set(range.pos, range);
    }
    for (const child of n.getChildren(file)) walk(child);
  };
  walk(node);
  return [...found.values()].sort((x, y) => x.pos - y.pos);
}

/**
 * What `docs:check` reports for the table files of the checkout at `root`
 * (src/db/schema/*.ts): one line per comment on a column, naming the file,
 * the line and the column.
 */
export function schemaCommentProblems(root: string): string[] {
  const dir = join(root, 'src', 'db', 'schema');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .flatMap((name) =>
      columnComments(readFileSync(join(dir, name), 'utf8'), name).map(
        (c) =>
          `src/db/schema/${name}:${c.line}: ${c.table}.${c.column} has a comment of its own ("${c.text}"); ` +
          'describe columns only in src/db/dictionary*.ts, which docs/warehouse.md and COMMENT ON are made from',
      ),
    );
}
