// What the recording bench measures in each phase of a recording's life (nothing rendering, running with chunks
// rendered ahead, finishing): the latency of every API call made in it, and the server's event loop over it (the
// server runs in the bench's process): its delay (monitorEventLoopDelay, 10 ms resolution) and how busy it was
// (eventLoopUtilization). A phase may come back (one per round): its figures add up. Each visit of a phase gets a
// histogram of its own: one disabled and enabled again would count the time in between as a delay.
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { median, percentile } from '../median.js';

interface Phase {
  name: string;
  latencies: number[];
  errors: number;
  /** One per visit of the phase. */
  delays: IntervalHistogram[];
  wallMs: number;
  active: number;
  idle: number;
}

export interface PhaseFigures {
  name: string;
  calls: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  wallMs: number;
  /** Event-loop delay, ms. */
  loopP99: number;
  loopMax: number;
  /** The share of the phase's wall time the event loop was busy, 0 to 1. */
  loopBusy: number;
}

export class PhaseMeter {
  readonly #phases = new Map<string, Phase>();
  #current: { phase: Phase; since: number; elu: EventLoopUtilization } | undefined;

  /** Ends the current phase (if any) and starts (or resumes) `name`. */
  begin(name: string): void {
    this.end();
    let phase = this.#phases.get(name);
    if (!phase) {
      phase = {
        name,
        latencies: [],
        errors: 0,
        delays: [],
        wallMs: 0,
        active: 0,
        idle: 0,
      };
      this.#phases.set(name, phase);
    }
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    phase.delays.push(delay);
    this.#current = { phase, since: performance.now(), elu: performance.eventLoopUtilization() };
  }

  end(): void {
    const current = this.#current;
    if (!current) return;
    this.#current = undefined;
    current.phase.delays.at(-1)!.disable();
    current.phase.wallMs += performance.now() - current.since;
    const used = performance.eventLoopUtilization(current.elu);
    current.phase.active += used.active;
    current.phase.idle += used.idle;
  }

  /** A call's latency, counted in the phase it started in (none: not counted). */
  record(phaseName: string | undefined, latencyMs: number, failed: boolean): void {
    const phase = phaseName === undefined ? undefined : this.#phases.get(phaseName);
    if (!phase) return;
    phase.latencies.push(latencyMs);
    if (failed) phase.errors++;
  }

  /** The phase calls started in now. */
  get current(): string | undefined {
    return this.#current?.phase.name;
  }

  figures(name: string): PhaseFigures {
    return figuresOf([this.#phase(name)], name);
  }

  /** Several phases taken together (e.g. a recording's whole life). */
  combined(names: readonly string[], label: string): PhaseFigures {
    return figuresOf(
      names.map((n) => this.#phase(n)),
      label,
    );
  }

  #phase(name: string): Phase {
    const phase = this.#phases.get(name);
    if (!phase) throw new Error(`no phase ${name}`);
    return phase;
  }
}

function figuresOf(phases: readonly Phase[], name: string): PhaseFigures {
  const latencies = phases.flatMap((p) => p.latencies).sort((a, b) => a - b);
  // Delay percentiles cannot be merged exactly: across phases and their visits, the worst visit's.
  const ms = (ns: number) => ns / 1e6;
  const active = phases.reduce((sum, p) => sum + p.active, 0);
  const idle = phases.reduce((sum, p) => sum + p.idle, 0);
  return {
    name,
    calls: latencies.length,
    errors: phases.reduce((sum, p) => sum + p.errors, 0),
    p50: latencies.length > 0 ? median(latencies) : NaN,
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    wallMs: phases.reduce((sum, p) => sum + p.wallMs, 0),
    loopP99: Math.max(...phases.flatMap((p) => p.delays.map((d) => ms(d.percentile(99))))),
    loopMax: Math.max(...phases.flatMap((p) => p.delays.map((d) => ms(d.max)))),
    loopBusy: active + idle > 0 ? active / (active + idle) : 0,
  };
}
