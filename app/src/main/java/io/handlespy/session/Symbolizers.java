package io.handlespy.session;

import io.handlespy.capture.synthetic.SyntheticSymbolizer;
import io.handlespy.symbols.CompositeSymbolizer;
import io.handlespy.symbols.Symbolizer;
import java.util.List;

/** The symbolizers this host can run, tried in order for every module of a recording. */
public final class Symbolizers {
    private Symbolizers() {}

    public static Symbolizer standard() {
        return new CompositeSymbolizer(List.of(new SyntheticSymbolizer()));
    }
}
