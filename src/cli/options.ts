import type { Command } from 'commander';
import type { ShopmindConfig } from '../core/config.js';

export interface GlobalOptions {
  shop?: string;
  dataDir?: string;
}

/** Reads the root program's --shop and --data-dir into config overrides. */
export function globalOverrides(command: Command): Partial<ShopmindConfig> {
  const options = command.optsWithGlobals<GlobalOptions>();
  return {
    ...(options.shop ? { defaultShop: options.shop } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  };
}
