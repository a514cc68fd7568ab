import type { Command } from 'commander';

// Placeholder until the command is built: registers nothing.
export function registerCallCommand(_program: Command): void {}
