package io.lading.puller.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bandwidth as fluid flows: every transfer is a flow through a few links (the registry's external link, a host's
 * uplink, a host's downlink), and the links' capacities are shared max-min fairly (progressive filling: the link
 * with the smallest fair share fixes the rate of its flows, which then leave the other links they cross, and so
 * on). Between two events the rates are constant, so the simulator can jump from one completion to the next.
 *
 * <p>Links are numbered: 0 is the external link, {@code 1 + h} host h's uplink, {@code 1 + hosts + h} its downlink.
 */
final class FlowNetwork {
    static final int EXTERNAL = 0;

    /** One transfer of {@code bytes} towards host {@code dst}, from host {@code src} or the registry ({@code -1}). */
    static final class Flow {
        final int src;
        final int dst;
        final int blob;
        final int chunk;
        final long bytes;
        final int[] links;
        double remaining;
        double rate;
        int index;

        Flow(int src, int dst, int blob, int chunk, long bytes, int[] links) {
            this.src = src;
            this.dst = dst;
            this.blob = blob;
            this.chunk = chunk;
            this.bytes = bytes;
            this.links = links;
            this.remaining = bytes;
        }

        double transferred() {
            return bytes - remaining;
        }
    }

    private final int hosts;
    private final double[] capacity;
    private final List<Flow> flows = new ArrayList<>();
    private boolean dirty;

    /** Capacities in bytes per second. */
    FlowNetwork(int hosts, double externalBytesPerSecond, double uplinkBytesPerSecond, double downlinkBytesPerSecond) {
        this.hosts = hosts;
        capacity = new double[1 + 2 * hosts];
        capacity[EXTERNAL] = externalBytesPerSecond;
        Arrays.fill(capacity, 1, 1 + hosts, uplinkBytesPerSecond);
        Arrays.fill(capacity, 1 + hosts, 1 + 2 * hosts, downlinkBytesPerSecond);
    }

    Flow start(int src, int dst, int blob, int chunk, long bytes) {
        int[] links = {src < 0 ? EXTERNAL : 1 + src, 1 + hosts + dst};
        Flow f = new Flow(src, dst, blob, chunk, bytes, links);
        f.index = flows.size();
        flows.add(f);
        dirty = true;
        return f;
    }

    void remove(Flow f) {
        Flow last = flows.removeLast();
        if (last != f) {
            flows.set(f.index, last);
            last.index = f.index;
        }
        f.index = -1;
        dirty = true;
    }

    List<Flow> flows() {
        return flows;
    }

    /** Moves every flow forward by {@code seconds} at its current rate. */
    void advance(double seconds) {
        if (seconds <= 0) {
            return;
        }
        settle();
        for (Flow f : flows) {
            f.remaining = Math.max(0, f.remaining - f.rate * seconds);
        }
    }

    /** Seconds until the first flow ends at the current rates; infinity when none runs. */
    double untilFirstFinish() {
        settle();
        double first = Double.POSITIVE_INFINITY;
        for (Flow f : flows) {
            if (f.rate > 0) {
                first = Math.min(first, f.remaining / f.rate);
            }
        }
        return first;
    }

    /** Recomputes the max-min fair rates if flows came or went since the last time. */
    void settle() {
        if (!dirty) {
            return;
        }
        dirty = false;
        int linkCount = capacity.length;
        double[] cap = capacity.clone();
        int[] count = new int[linkCount];
        for (Flow f : flows) {
            for (int l : f.links) {
                count[l]++;
            }
        }
        int[] start = new int[linkCount + 1];
        for (int l = 0; l < linkCount; l++) {
            start[l + 1] = start[l] + count[l];
        }
        int[] fill = Arrays.copyOf(start, linkCount);
        Flow[] members = new Flow[start[linkCount]];
        for (Flow f : flows) {
            f.rate = -1;
            for (int l : f.links) {
                members[fill[l]++] = f;
            }
        }
        ShareHeap heap = new ShareHeap(linkCount);
        for (int l = 0; l < linkCount; l++) {
            if (count[l] > 0) {
                heap.push(cap[l] / count[l], l);
            }
        }
        while (!heap.isEmpty()) {
            double share = heap.topShare();
            int l = heap.pop();
            if (count[l] == 0 || share != cap[l] / count[l]) {
                continue; // stale: the link's share changed after this entry was pushed
            }
            for (int i = start[l]; i < start[l + 1]; i++) {
                Flow f = members[i];
                if (f.rate >= 0) {
                    continue;
                }
                f.rate = share;
                for (int m : f.links) {
                    if (m != l) {
                        cap[m] = Math.max(0, cap[m] - share);
                        if (--count[m] > 0) {
                            heap.push(cap[m] / count[m], m);
                        }
                    }
                }
            }
            count[l] = 0;
        }
    }

    /** A binary min-heap of (share, link) without boxing: settle() runs once per event. */
    private static final class ShareHeap {
        private double[] share;
        private int[] link;
        private int size;

        ShareHeap(int capacity) {
            share = new double[Math.max(4, capacity * 2)];
            link = new int[share.length];
        }

        boolean isEmpty() {
            return size == 0;
        }

        double topShare() {
            return share[0];
        }

        void push(double s, int l) {
            if (size == share.length) {
                share = Arrays.copyOf(share, size * 2);
                link = Arrays.copyOf(link, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (share[parent] <= s) {
                    break;
                }
                share[i] = share[parent];
                link[i] = link[parent];
                i = parent;
            }
            share[i] = s;
            link[i] = l;
        }

        int pop() {
            int top = link[0];
            double s = share[--size];
            int l = link[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && share[child + 1] < share[child]) {
                    child++;
                }
                if (share[child] >= s) {
                    break;
                }
                share[i] = share[child];
                link[i] = link[child];
                i = child;
            }
            share[i] = s;
            link[i] = l;
            return top;
        }
    }
}
