// JSX typings for the few toolkit custom elements the wrappers in this folder render.
import type { HTMLAttributes } from 'preact';

type ToolkitProps = HTMLAttributes<HTMLElement> & { disabled?: boolean; value?: string };

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'vscode-button': ToolkitProps & { appearance?: 'primary' | 'secondary' | 'icon' };
      'vscode-text-field': ToolkitProps & { placeholder?: string; readonly?: boolean; maxlength?: number };
      'vscode-text-area': ToolkitProps & { placeholder?: string; rows?: number; resize?: 'none' | 'vertical' | 'both' | 'horizontal' };
      'vscode-dropdown': ToolkitProps & { position?: 'above' | 'below' };
      'vscode-option': ToolkitProps & { selected?: boolean };
    }
  }
}
