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

/** The frames of one recording, decoded with the app's own decoder, and the names they DEFINE. */
public record Recorded(List<Frame> frames, Map<Integer, String> types, Map<Integer, String> apis) {

    public static Recorded read(Path file) throws IOException {
        List<Frame> frames = new ArrayList<>();
        Map<Integer, String> types = new HashMap<>(), apis = new HashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            FrameDecoder d = new FrameDecoder(in);
            for (Frame f; (f = d.next()) != null; ) {
                frames.add(f);
                if (f instanceof Frame.Define def) {
                    (def.namespace() == 1 ? types : apis).put(def.id(), def.name());
                }
            }
        }
        return new Recorded(List.copyOf(frames), Map.copyOf(types), Map.copyOf(apis));
    }

    public <T extends Frame> List<T> all(Class<T> kind) {
        return frames.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public Optional<Frame.Goodbye> goodbye() {
        return all(Frame.Goodbye.class).stream().reduce((a, b) -> b);
    }

    public String typeName(int id) { return types.getOrDefault(id, "type#" + id); }
}
