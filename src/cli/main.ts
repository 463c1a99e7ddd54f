#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';

const program = new Command();
program
  .name('shopmind')
  .description('商智 shopmind：移动电商 AI 运营平台 / AI operations for mobile e-commerce')
  .version('0.1.0')
  .option('--shop <id>', '店铺 ID / shop id (default: SHOPMIND_SHOP or "demo")')
  .option('--home <dir>', '工作目录：SQLite 文件、模型与密钥 / working folder for the SQLite file, models and secrets (default: SHOPMIND_DATA_DIR or ./.shopmind)')
  .showHelpAfterError('（用 --help 查看用法 / use --help for usage）')
  .showSuggestionAfterError(true);

// Usage mistakes exit with 2, like other invalid input; help and version exit with 0.
// Set before the sub-commands are added, so they inherit it.
program.exitOverride();
registerCommands(program);

// A closed pipe (`shopmind … | head`) is a normal end of output, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  if (error.exitCode !== 0 && !error.code.startsWith('commander.help') && error.code !== 'commander.version') {
    process.stderr.write('命令用法有误，见上方提示 / Invalid command usage, see the message above\n');
    process.exitCode = 2;
  }
}
