import * as vscode from 'vscode';
import { formatLogLine } from '../sessions/logLineFormat';
import type { Redactor } from '../secrets/redactor';

/** The single "Viban" log channel; every line carries its component and passes the redactor. */
export class Logger {
  private static channel: vscode.LogOutputChannel | undefined;
  private static redactor: Redactor | undefined;

  static init(redactor: Redactor): vscode.LogOutputChannel {
    this.redactor = redactor;
    this.channel ??= vscode.window.createOutputChannel('Viban', { log: true });
    return this.channel;
  }

  constructor(private readonly component: string) {}

  info(message: string): void {
    Logger.channel?.info(formatLogLine(Logger.redactor, this.component, message));
  }
  warn(message: string): void {
    Logger.channel?.warn(formatLogLine(Logger.redactor, this.component, message));
  }
  error(message: string, err?: unknown): void {
    Logger.channel?.error(formatLogLine(Logger.redactor, this.component, message, err));
  }

  static redact(text: string): string {
    return Logger.redactor ? Logger.redactor.redact(text) : text;
  }

  static show(): void {
    Logger.channel?.show(true);
  }
}

/** An error as a person reads it (notifications, replies to the webview), secrets masked. */
export function errorText(err: unknown): string {
  return Logger.redact(err instanceof Error ? err.message : String(err));
}
