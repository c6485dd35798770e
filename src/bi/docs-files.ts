import { join } from 'node:path';
import { dictionaryProblems, renderQueriesDoc, renderWarehouseDoc } from './docs.js';
import { warehouseRelations } from './relations.js';
import { viewDefinition } from './views.js';

/** The generated documentation files of a checkout at `root`, and what the dictionary is missing. */
export function warehouseDocs(root: string): { files: { name: string; path: string; content: string }[]; problems: string[] } {
  const relations = warehouseRelations(viewDefinition);
  return {
    files: [
      { name: 'docs/warehouse.md', path: join(root, 'docs', 'warehouse.md'), content: renderWarehouseDoc(relations) },
      { name: 'docs/queries.md', path: join(root, 'docs', 'queries.md'), content: renderQueriesDoc() },
    ],
    problems: dictionaryProblems(relations),
  };
}
