package io.handlespy.ui.source;

import io.handlespy.store.Retention;
import java.nio.file.Path;

/** Starts captures (attach to a running process, launch a program) into {@code out}, kept as {@code retention} says. */
public interface RecordingStarter {
    LiveCapture attach(ProcessEntry process, Path out, Retention retention) throws Exception;

    LiveCapture launch(LaunchSpec spec, Path out, Retention retention) throws Exception;
}
