package io.handlespy.analysis.suppress;

/** A suppression file that cannot be read or says something unclear; the message names the file and the place. */
public final class SuppressionException extends Exception {
    public SuppressionException(String message) { super(message); }
}
