package io.handlespy.bench;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic agent stream shaped like a busy Windows target: a prologue of
 * DEFINEs, module loads and snapshots, then creates and closes in about equal
 * numbers (half of the creates named, ~40-byte paths), a few duplicates, new
 * stacks (8–32 frames) announced on first use, an OS sample every 100 ms of
 * agent time, and a GOODBYE.
 */
final class DecoderStreams {
    /** The encoded stream and how many frames it holds. */
    record Stream(byte[] bytes, int frames) {}

    private DecoderStreams() {}

    static Stream realisticMix(int events, long seed) {
        Random r = new Random(seed);
        FrameEncoder enc = new FrameEncoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream(events * 48);
        int[] count = {0};
        Emitter emit = f -> {
            try {
                enc.write(out, f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            count[0]++;
        };
        long freq = 10_000_000L;
        long t = 1_000_000L;
        emit.frame(new Frame.Hello(1, Frame.Hello.OS_WINDOWS, Frame.Hello.ARCH_X64, 4242, freq, t, 1_700_000_000_000_000_000L,
            "C:\\Program Files\\Contoso\\service.exe"));
        String[] types = {"File", "Event", "Mutant", "Semaphore", "Section", "Key", "Process", "Thread", "Token", "Socket"};
        for (int i = 0; i < types.length; i++) emit.frame(new Frame.Define(Frame.Define.TYPE, i + 1, types[i]));
        for (int i = 0; i < 24; i++) emit.frame(new Frame.Define(Frame.Define.API, i + 1, "NtApi" + i));
        for (int m = 0; m < 30; m++) {
            byte[] guid = new byte[20];
            r.nextBytes(guid);
            emit.frame(new Frame.ModuleLoad(t, 0x7ff6_0000_0000L + m * 0x100_0000L, 0x80_0000, Frame.ModuleLoad.DEBUG_ID_PDB,
                guid, "C:\\Windows\\System32\\module" + m + ".dll"));
        }
        List<Long> open = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long h = 4L * (i + 1);
            open.add(h);
            emit.frame(new Frame.Snapshot(t, h, 1 + r.nextInt(types.length), i % 3 == 0 ? "\\Device\\HarddiskVolume3\\x" + i : ""));
        }
        int stacksAnnounced = 0;
        long nextHandle = 4L * 1000;
        long nextSample = t + freq / 10;
        ArrayDeque<Long> freeValues = new ArrayDeque<>();
        for (int e = 0; e < events; e++) {
            t += 500 + r.nextInt(2000);
            if (t >= nextSample) {
                emit.frame(new Frame.Sample(t, open.size() + 200, Frame.Sample.UNAVAILABLE, Frame.Sample.UNAVAILABLE));
                nextSample += freq / 10;
            }
            // Most events reuse a hot stack; one in fifty brings a new one (up to 2,000 distinct).
            int stack;
            if (stacksAnnounced < 2000 && (stacksAnnounced == 0 || r.nextInt(50) == 0)) {
                long[] frames = new long[8 + r.nextInt(25)];
                for (int i = 0; i < frames.length; i++) frames[i] = 0x7ff6_0000_0000L + r.nextInt(30) * 0x100_0000L + r.nextInt(0x80_0000);
                emit.frame(new Frame.Stack(++stacksAnnounced, frames));
                stack = stacksAnnounced;
            } else {
                stack = 1 + (int) Math.min(stacksAnnounced - 1, Math.abs(r.nextGaussian()) * 40);
            }
            long thread = 1000 + r.nextInt(16);
            int roll = r.nextInt(100);
            if (roll < 47 || open.isEmpty()) {
                long h = freeValues.isEmpty() ? (nextHandle += 4) : freeValues.poll();
                open.add(h);
                String name = r.nextBoolean() ? "" : "\\Device\\HarddiskVolume3\\Users\\svc\\data\\f" + r.nextInt(100_000) + ".dat";
                emit.frame(new Frame.Create(t, h, thread, stack, 1 + r.nextInt(types.length), 1 + r.nextInt(24), name));
            } else if (roll < 97) {
                long h = open.remove(r.nextInt(open.size()));
                freeValues.add(h);
                emit.frame(new Frame.Close(t, h, thread, 0, 1));
            } else {
                long src = open.get(r.nextInt(open.size()));
                long h = nextHandle += 4;
                open.add(h);
                emit.frame(new Frame.Duplicate(t, src, h, thread, stack, 0, 2, Frame.Duplicate.NEW_IN_SELF));
            }
        }
        emit.frame(new Frame.Goodbye(t, Frame.Goodbye.TARGET_EXIT, "exit code 0"));
        return new Stream(out.toByteArray(), count[0]);
    }

    @FunctionalInterface
    private interface Emitter {
        void frame(Frame f);
    }
}
