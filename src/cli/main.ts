#!/usr/bin/env node
import { Command } from 'commander';
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

registerCommands(program);

await program.parseAsync(process.argv);
