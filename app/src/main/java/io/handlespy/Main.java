package io.handlespy;

/** Entry point: no arguments opens the GUI, anything else is a CLI subcommand. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(io.handlespy.cli.HandleSpyCli.run(args));
    }
}
