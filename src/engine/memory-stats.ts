/**
 * Peak memory from one Docker stats sample. cgroup v1 keeps a high-water mark (`max_usage`);
 * cgroup v2 exposes none through the stats API, so the current `usage` is the best available.
 * A stopped container reports empty memory_stats: callers sample while it still runs.
 */
export function peakMemoryFromStats(stats: unknown): number | undefined {
  if (typeof stats !== 'object' || stats === null || !('memory_stats' in stats)) return undefined;
  const memory = stats.memory_stats;
  if (typeof memory !== 'object' || memory === null) return undefined;
  const positive = (value: unknown): number | undefined => (typeof value === 'number' && value > 0 ? value : undefined);
  const maxUsage = 'max_usage' in memory ? positive(memory.max_usage) : undefined;
  if (maxUsage !== undefined) return maxUsage;
  return 'usage' in memory ? positive(memory.usage) : undefined;
}
