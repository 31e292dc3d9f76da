package io.handlespy.store;

import java.nio.file.Path;
import java.sql.SQLException;

/** Turns H2's failures to open a file into one plain sentence about the recording. */
final class H2Errors {
    private H2Errors() {}

    static RecordingException describe(Path file, SQLException e) {
        String what = switch (e.getErrorCode()) {
            case 90146, 90013 -> "No recording at " + file + ".";
            case 90020 -> file + " is in use by another program (is a HandleSpy still recording into it?).";
            case 28000 -> file + " is a password-protected H2 database, not a HandleSpy recording.";
            case 90048 -> file + " was written by an H2 storage format this HandleSpy (H2 " + Recording.H2_VERSION
                + ") cannot read; open it with the HandleSpy version that recorded it.";
            case 90028, 90030, 90049, 50000 -> file + " is damaged (cut short or overwritten) and cannot be opened.";
            default -> file + " cannot be read as a HandleSpy recording (" + firstLine(e.getMessage()) + ").";
        };
        return new RecordingException(what, e);
    }

    private static String firstLine(String message) {
        if (message == null) return "no detail";
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        int sql = line.indexOf("; SQL statement");
        return (sql < 0 ? line : line.substring(0, sql)).strip();
    }
}
