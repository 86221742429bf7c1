import { Counter, type Registry } from 'prom-client';

/**
 * A counter for per-frame events: counts are plain numbers added up in memory and handed to the
 * prom-client counter when it is scraped, so the hot path pays a map update, not a labelled `inc`.
 */
export class TallyCounter {
  private readonly counts = new Map<string, number>();

  constructor(config: { name: string; help: string; labelName: string; registers: Registry[] }) {
    const { counts } = this;
    const { labelName } = config;
    new Counter({
      name: config.name,
      help: config.help,
      labelNames: [labelName],
      registers: config.registers,
      collect() {
        for (const [value, count] of counts) if (count > 0) this.inc({ [labelName]: value }, count);
        counts.clear();
      },
    });
  }

  add(labelValue: string, count = 1): void {
    this.counts.set(labelValue, (this.counts.get(labelValue) ?? 0) + count);
  }
}
