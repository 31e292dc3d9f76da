package io.handlespy.ui.model;

/** Something the user must read: a title, what happened and what to do. */
public record UserMessage(String title, String text) {
    /** Plain words from an exception: its message, never a stack trace. */
    public static UserMessage of(String title, Throwable error) {
        Throwable e = error;
        while (e.getMessage() == null && e.getCause() != null) e = e.getCause();
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new UserMessage(title, plain(text));
    }

    /** Which program said it ("handlespy-injector: ", "handlespy-injector.exe: ") is HandleSpy's business, not the user's. */
    private static final java.util.regex.Pattern HELPER_PREFIX =
            java.util.regex.Pattern.compile("(?m)^\\s*(handlespy-[a-z0-9-]+(\\.exe)?:\\s*)+");

    static String plain(String text) {
        String t = HELPER_PREFIX.matcher(text).replaceAll("").strip();
        return t.isEmpty() ? text : t;
    }
}
