import * as vscode from 'vscode';

/** The single "Viban" log channel; every line carries the component that wrote it. */
export class Logger {
  private static channel: vscode.LogOutputChannel | undefined;

  static init(): vscode.LogOutputChannel {
    this.channel ??= vscode.window.createOutputChannel('Viban', { log: true });
    return this.channel;
  }

  constructor(private readonly component: string) {}

  info(message: string): void {
    Logger.channel?.info(`[${this.component}] ${message}`);
  }
  warn(message: string): void {
    Logger.channel?.warn(`[${this.component}] ${message}`);
  }
  error(message: string, err?: unknown): void {
    Logger.channel?.error(`[${this.component}] ${message}${err ? `: ${errorText(err)}` : ''}`);
  }

  static show(): void {
    Logger.channel?.show(true);
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
