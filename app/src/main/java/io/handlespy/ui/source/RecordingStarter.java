package io.handlespy.ui.source;

import java.nio.file.Path;

/** Starts captures: attach to a running process or launch a program, writing to {@code out}. */
public interface RecordingStarter {
    LiveCapture attach(ProcessEntry process, Path out) throws Exception;

    LiveCapture launch(LaunchSpec spec, Path out) throws Exception;
}
