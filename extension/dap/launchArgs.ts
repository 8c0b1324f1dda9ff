import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ExceptionFilterSetting, LaunchOverrides } from '../../engine/protocol';
import { Errors } from './errors';
import { readBreakOn } from './exceptionFilters';

/** A `backstep` launch configuration, as written in launch.json (see `configurationAttributes`). */
export interface BackstepLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  program?: unknown;
  stopOnEntry?: unknown;
  steps?: unknown;
  breakOn?: unknown;
}

/** The launch options, checked. */
export interface LaunchConfig {
  readonly program: string;
  /** Unset: the file's `debug.stop_on_entry` decides. */
  readonly stopOnEntry?: boolean;
  readonly steps?: number;
  /** Overrides the file's `debug.break_on` when given. */
  readonly breakOn?: readonly ExceptionFilterSetting[];
  /** Run mode (Ctrl+F5 / "Run model"): train to the end, printing progress, stopping nowhere. */
  readonly noDebug: boolean;
}

/** Checks the options VS Code (or any client) sent; other keys (`name`, `type`, `__sessionId`) are ignored. */
export function readLaunchArgs(raw: unknown): LaunchConfig {
  const args = (typeof raw === 'object' && raw !== null ? raw : {}) as BackstepLaunchArguments;
  if (args.program === undefined || args.program === null || args.program === '') throw Errors.noProgram();
  if (typeof args.program !== 'string') throw Errors.badOption(`\`program\` is the path of a model file or a recording, got ${JSON.stringify(args.program)}`);
  if (args.stopOnEntry !== undefined && typeof args.stopOnEntry !== 'boolean') throw Errors.badOption(`\`stopOnEntry\` is true or false, got ${JSON.stringify(args.stopOnEntry)}`);
  if (args.steps !== undefined && !(Number.isInteger(args.steps) && (args.steps as number) >= 1)) {
    throw Errors.badOption(`\`steps\` is a whole number of training steps, at least 1, got ${JSON.stringify(args.steps)}`);
  }
  if (args.noDebug !== undefined && typeof args.noDebug !== 'boolean') throw Errors.badOption(`\`noDebug\` is true or false, got ${JSON.stringify(args.noDebug)}`);
  let breakOn: ExceptionFilterSetting[] | undefined;
  if (args.breakOn !== undefined) {
    const read = readBreakOn(args.breakOn);
    if (typeof read === 'string') throw Errors.badOption(read);
    breakOn = read;
  }
  return {
    program: args.program,
    ...(args.stopOnEntry !== undefined ? { stopOnEntry: args.stopOnEntry as boolean } : {}),
    ...(args.steps !== undefined ? { steps: args.steps as number } : {}),
    ...(breakOn ? { breakOn } : {}),
    noDebug: args.noDebug ?? false,
  };
}

/** What the session is told of a launch configuration; run mode (Ctrl+F5) stops on nothing but a failing op. */
export function launchOverrides(config: LaunchConfig): LaunchOverrides {
  const exceptionFilters = config.noDebug ? [] : config.breakOn;
  return {
    ...(config.stopOnEntry !== undefined ? { stopOnEntry: config.stopOnEntry } : {}),
    ...(config.steps !== undefined ? { steps: config.steps } : {}),
    ...(exceptionFilters ? { exceptionFilters } : {}),
  };
}
