import { commands, window, type ExtensionContext, type OutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const RESTART_SERVER = 'schemasense.restartServer';

/**
 * "SchemaSense: Restart Server": stops the language server and starts it again (after a hang, or to read
 * everything afresh), saying so in the output channel. ("SchemaSense: Show Output" is the status bar's
 * command, registered with it.)
 */
export function registerServerCommands(context: ExtensionContext, client: LanguageClient, output: OutputChannel): void {
  context.subscriptions.push(
    commands.registerCommand(RESTART_SERVER, async () => {
      output.appendLine('SchemaSense: restarting the language server');
      try {
        await client.restart();
      } catch (e) {
        output.appendLine(`SchemaSense: the language server did not restart: ${(e as Error).message ?? e}`);
        void window.showErrorMessage('SchemaSense: the language server did not restart; see the SchemaSense output.');
      }
    }),
  );
}
