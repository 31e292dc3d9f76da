package io.handlespy.cli;

/** The CLI's exit codes; scripts depend on them exactly. */
final class ExitCodes {
    static final int OK = 0;
    static final int LEAKS_FOUND = 1;
    static final int USAGE = 2;
    static final int TARGET_UNAVAILABLE = 3;
    static final int UNREADABLE_RECORDING = 4;
    /** record: the recording ended early (the helper or the hook failed); the file keeps what came before. */
    static final int RECORDING_INCOMPLETE = 5;
    /** A bug in HandleSpy (sysexits EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    private ExitCodes() {}
}
