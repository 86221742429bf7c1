import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from './registry.js';
import { TallyCounter } from './tally-counter.js';

describe('TallyCounter', () => {
  it('shows what was added at each scrape, counting every addition once', async () => {
    const registry = createMetricsRegistry({ isDefaultMetrics: false });
    const frames = new TallyCounter({ name: 'test_frames_total', help: 'frames', labelName: 'transport', registers: [registry] });
    frames.add('ws');
    frames.add('ws', 4);
    frames.add('tcp', 2);
    const first = await registry.getSingleMetric('test_frames_total')!.get();
    expect(first.values.map(({ labels, value }) => [labels.transport, value])).toEqual([
      ['ws', 5],
      ['tcp', 2],
    ]);
    frames.add('tcp');
    const second = await registry.getSingleMetric('test_frames_total')!.get();
    expect(second.values.map(({ labels, value }) => [labels.transport, value])).toEqual([
      ['ws', 5],
      ['tcp', 3],
    ]);
    expect(await registry.metrics()).toContain('test_frames_total{transport="tcp"} 3');
  });
});
