// `{prompt}` and `{workspace}` inside argv elements. One pass over the template, so text that
// arrives in the prompt (even a literal "{workspace}") is never substituted again, and a
// replacement function so `$&`-style patterns in the prompt stay literal. No shell is involved:
// quotes, `$()`, backticks and newlines reach the program byte for byte.
export interface PlaceholderValues {
  prompt: string;
  workspace: string;
}

export function substitutePlaceholders(template: string, values: PlaceholderValues): string {
  return template.replace(/\{(prompt|workspace)\}/g, (_match, key: keyof PlaceholderValues) => values[key]);
}
