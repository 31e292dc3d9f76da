package io.handlespy.cli;

import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", description = "Write a synthetic recording with known leaks, to try HandleSpy without a target.")
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Recording file to create.")
    Path out;

    @Option(names = "--seconds", defaultValue = "60", description = "Simulated recording length (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed; the same seed gives the same recording.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0) throw new FailureHandler.UsageException("--seconds must be positive");
        SyntheticAgent agent = new SyntheticAgent(SyntheticConfig.demo(seed).withDuration(Seconds.toNanos(seconds)));
        Path file;
        try (Recording recording = Recording.create(out); RecordingWriter writer = recording.startWriting()) {
            for (var it = agent.frames(); it.hasNext(); ) writer.accept(it.next());
            writer.finish("synthetic demo recording");
            file = recording.file();
        }
        spec.commandLine().getErr().printf("handlespy: wrote a %.0f s demo recording with %,d events to %s%n",
            seconds, agent.truth().events(), file);
        return ExitCodes.OK;
    }
}
