import type { Command } from 'commander';
import { registerAssistantCommands } from './assistant.js';
import { registerDemoCommand } from './demo.js';
import { registerEvalCommand } from './eval.js';
import { registerEvalAssistantCommand } from './eval-assistant.js';
import { registerEvalRecommendCommand } from './eval-recommend.js';
import { registerHandoffCommands } from './handoffs.js';
import { registerImportCommand } from './import.js';
import { registerRecommendCommands } from './recommend.js';
import { registerServeCommand } from './serve.js';

/** Adds every sub-command to the root program. */
export function registerCommands(program: Command): void {
  const evaluation = registerEvalCommand(program);
  registerEvalAssistantCommand(evaluation);
  registerImportCommand(program);
  registerAssistantCommands(program);
  registerHandoffCommands(program);
  registerRecommendCommands(program);
  registerServeCommand(program);
  registerDemoCommand(program);
  registerEvalRecommendCommand(evaluation);
}
