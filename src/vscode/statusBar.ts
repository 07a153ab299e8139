import * as vscode from 'vscode';

/** The "Viban" status-bar entry; idle for now, it focuses the board when clicked. */
export class VibanStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('viban.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Viban';
    this.item.command = 'viban.focusBoard';
    this.showIdle();
    this.item.show();
  }

  showIdle(): void {
    this.item.text = '$(project) Viban';
    this.item.tooltip = 'Viban: no agent is running. Click to open the board.';
    this.item.backgroundColor = undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
