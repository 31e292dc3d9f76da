package io.handlespy.capture;

import java.nio.file.Path;
import java.util.List;

/** What to profile: a running process, or a program to start under the hooks. */
public sealed interface CaptureRequest {
    TargetPlatform platform();

    /** Asks the helper to drop and count events instead of making the target wait for a slow reader. */
    boolean dropWhenSlow();

    record Attach(TargetPlatform platform, long pid, boolean dropWhenSlow) implements CaptureRequest {}

    /**
     * {@code workingDirectory} null means the app's own. {@code output} null: the program writes to
     * HandleSpy's own stdout and stderr; else both go to that file (the desktop app shows it).
     * {@code followChildren}: every descendant is recorded too, each as its own process (Linux).
     */
    record Launch(TargetPlatform platform, List<String> command, Path workingDirectory, boolean dropWhenSlow,
                  Path output, boolean followChildren) implements CaptureRequest {
        public Launch {
            if (command.isEmpty()) throw new IllegalArgumentException("no program to launch");
            command = List.copyOf(command);
        }

        public Launch(TargetPlatform platform, List<String> command, Path workingDirectory, boolean dropWhenSlow) {
            this(platform, command, workingDirectory, dropWhenSlow, null);
        }

        public Launch(TargetPlatform platform, List<String> command, Path workingDirectory, boolean dropWhenSlow,
                      Path output) {
            this(platform, command, workingDirectory, dropWhenSlow, output, false);
        }
    }
}
