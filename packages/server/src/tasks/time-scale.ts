/**
 * The emulator's task clock: with a scale of S every task timer (idle timeouts, record time limits) runs S times
 * faster than the wall clock, so a test waits seconds instead of minutes. The media itself stays in wall-clock
 * time: a file lasts as long as the task really ran (docs/tasks.md).
 */
export class TimeScale {
  constructor(readonly factor = 1) {
    if (!Number.isFinite(factor) || factor <= 0) throw new RangeError(`the time scale must be a positive number`);
  }

  /** Wall-clock ms after which `taskMs` of task time have passed. */
  wallMs(taskMs: number): number {
    return taskMs / this.factor;
  }

  /** Task-time ms that pass in `wallMs` of wall-clock time. */
  taskMs(wallMs: number): number {
    return wallMs * this.factor;
  }
}

/** Reads `RTC_TIME_SCALE`; unset or empty is 1, anything but a positive number a configuration error, named. */
export function timeScaleFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`RTC_TIME_SCALE (--time-scale) must be a positive number, got "${value}"`);
  }
  return scale;
}
