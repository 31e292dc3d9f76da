package io.handlespy;

import io.handlespy.cli.HandleSpyCli;
import io.handlespy.ui.HandleSpyApp;

/**
 * Entry point: no arguments, or just a recording file, opens the desktop app;
 * anything else is a CLI subcommand. Not a JavaFX Application itself, so the
 * CLI runs without a display and JavaFX can stay on the class path.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || (args.length == 1 && args[0].endsWith(".mv.db"))) {
            HandleSpyApp.launch(args);
        } else {
            System.exit(HandleSpyCli.run(args));
        }
    }
}
