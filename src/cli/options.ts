import type { Command } from 'commander';
import type { ShopmindConfig } from '../core/config.js';

export interface GlobalOptions {
  shop?: string;
  home?: string;
}

/** Reads the root program's --shop and --home into config overrides. */
export function globalOverrides(command: Command): Partial<ShopmindConfig> {
  const options = command.optsWithGlobals<GlobalOptions>();
  return {
    ...(options.shop ? { defaultShop: options.shop } : {}),
    ...(options.home ? { dataDir: options.home } : {}),
  };
}
