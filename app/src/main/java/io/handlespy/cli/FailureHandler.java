package io.handlespy.cli;

import io.handlespy.capture.CaptureException;
import io.handlespy.store.RecordingException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns failures into one plain sentence on stderr and the documented exit code — never a stack trace. */
final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        cmd.getErr().println("handlespy: " + message(e));
        return switch (e) {
            case CaptureException c -> ExitCodes.TARGET_UNAVAILABLE;
            case RecordingException r -> ExitCodes.UNREADABLE_RECORDING;
            case CommandLine.ParameterException p -> ExitCodes.USAGE;
            case UsageException u -> ExitCodes.USAGE;
            default -> ExitCodes.INTERNAL_ERROR;
        };
    }

    private static String message(Exception e) {
        if (e instanceof CaptureException || e instanceof RecordingException || e instanceof UsageException) {
            return e.getMessage();
        }
        return "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()
            + " (please report this with the command you ran)";
    }

    /** A combination of options the parser cannot reject by itself. */
    static final class UsageException extends Exception {
        UsageException(String message) { super(message); }
    }
}
