// Shows the recipe editor for the column the hub says is being edited (opened from a column's menu).
import type { Column } from '../../src/protocol/model';
import { useAutomation } from './automationContext';
import { RecipeEditor } from './RecipeEditor';

export function RecipeEditorHost({ columns }: { columns: readonly Column[] }) {
  const hub = useAutomation();
  const column = hub?.editorColumnId ? columns.find((c) => c.id === hub.editorColumnId) : undefined;
  if (!hub || !column) return null;
  return <RecipeEditor key={column.id} column={column} onClose={() => hub.openEditor(null)} />;
}
