package org.bnn4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;

/**
 * Heap and off-heap usage: heap used after a full GC (MemoryMXBean), JavaCPP's tracked native allocations
 * ({@link Pointer#totalBytes()}) and the process's physical memory ({@link Pointer#physicalBytes()}, the RSS, which
 * includes the heap).
 *
 * @param heapBytes     heap used after GC
 * @param offHeapBytes  bytes JavaCPP (ND4J's native buffers) holds
 * @param physicalBytes resident set size of the process
 */
public record MemoryProbe(long heapBytes, long offHeapBytes, long physicalBytes) {

    /** @return the current usage, after asking for a full GC twice */
    public static MemoryProbe now() {
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new MemoryProbe(heap, Pointer.totalBytes(), Pointer.physicalBytes());
    }

    /** @return the sum over heap pools of their peak usage since the JVM started (or the last reset) */
    public static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /**
     * @param before usage before a run
     * @param after  usage after it
     * @param what   the run
     * @return before, after and growth, JSON-ready
     */
    public static Map<String, Object> growth(MemoryProbe before, MemoryProbe after, String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", what);
        m.put("heapBeforeBytes", before.heapBytes);
        m.put("heapAfterBytes", after.heapBytes);
        m.put("heapGrowthBytes", after.heapBytes - before.heapBytes);
        m.put("offHeapBeforeBytes", before.offHeapBytes);
        m.put("offHeapAfterBytes", after.offHeapBytes);
        m.put("offHeapGrowthBytes", after.offHeapBytes - before.offHeapBytes);
        m.put("physicalBeforeBytes", before.physicalBytes);
        m.put("physicalAfterBytes", after.physicalBytes);
        return m;
    }
}
