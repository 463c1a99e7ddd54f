import type { Command } from 'commander';

/** The `eval` command group; each task adds its sub-command. */
export function registerEvalCommand(program: Command): Command {
  return program
    .command('eval')
    .description('用公开数据评测效果，并在同一次运行中给出基线 / evaluate quality on public data with baselines in the same run');
}
