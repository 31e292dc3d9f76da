package io.handlespy.ui.model;

/** Something the user must read: a title, what happened and what to do. */
public record UserMessage(String title, String text) {
    /** Plain words from an exception: its message, never a stack trace. */
    public static UserMessage of(String title, Throwable error) {
        Throwable e = error;
        while (e.getMessage() == null && e.getCause() != null) e = e.getCause();
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new UserMessage(title, text);
    }
}
