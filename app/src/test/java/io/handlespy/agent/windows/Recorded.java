package io.handlespy.agent.windows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameDecoder;
import io.handlespy.protocol.ProtocolException;

/** The frames of one recording, decoded with the app's own decoder, and the names they DEFINE. */
public record Recorded(List<Frame> frames, Map<Integer, String> types, Map<Integer, String> apis) {

    public static Recorded read(Path file) throws IOException {
        return read(file, false);
    }

    /** What a file still being written holds so far: frames up to the last complete one. */
    public static Recorded readSoFar(Path file) throws IOException {
        return read(file, true);
    }

    private static Recorded read(Path file, boolean growing) throws IOException {
        List<Frame> frames = new ArrayList<>();
        Map<Integer, String> types = new HashMap<>(), apis = new HashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            FrameDecoder d = new FrameDecoder(in);
            for (Frame f; (f = next(d, growing)) != null; ) {
                frames.add(f);
                if (f instanceof Frame.Define def) {
                    (def.namespace() == 1 ? types : apis).put(def.id(), def.name());
                }
            }
        }
        return new Recorded(List.copyOf(frames), Map.copyOf(types), Map.copyOf(apis));
    }

    private static Frame next(FrameDecoder d, boolean growing) throws IOException {
        try {
            return d.next();
        } catch (ProtocolException e) {
            if (growing) return null;
            throw e;
        }
    }

    /** True once the agent said its hooks are in place. */
    public boolean hooksInstalled() {
        return all(Frame.Note.class).stream().anyMatch(n -> n.text().startsWith("hooks installed:"));
    }

    public <T extends Frame> List<T> all(Class<T> kind) {
        return frames.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public Optional<Frame.Goodbye> goodbye() {
        return all(Frame.Goodbye.class).stream().reduce((a, b) -> b);
    }

    public String typeName(int id) { return types.getOrDefault(id, "type#" + id); }
}
