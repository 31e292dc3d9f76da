package io.handlespy.ui.model;

import io.handlespy.store.IngestProgress;
import io.handlespy.store.RecordingInfo;
import io.handlespy.store.Retention;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The status bar: capture state, elapsed time, event rate, live handles, drops and what the recording keeps. */
public final class StatusViewModel {
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "No recording");
    private final ReadOnlyStringWrapper elapsed = new ReadOnlyStringWrapper(this, "elapsed", "");
    private final ReadOnlyStringWrapper rate = new ReadOnlyStringWrapper(this, "rate", "");
    private final ReadOnlyStringWrapper live = new ReadOnlyStringWrapper(this, "live", "");
    private final ReadOnlyStringWrapper drops = new ReadOnlyStringWrapper(this, "drops", "");
    private final ReadOnlyStringWrapper retention = new ReadOnlyStringWrapper(this, "retention", "");
    private final ReadOnlyStringWrapper retentionDetail = new ReadOnlyStringWrapper(this, "retentionDetail", "");
    private IngestProgress previous;

    public void clear() {
        state.set("No recording");
        elapsed.set("");
        rate.set("");
        live.set("");
        drops.set("");
        retention.set("");
        retentionDetail.set("");
        previous = null;
    }

    public void attaching(String what) {
        clear();
        state.set("Attaching to " + what + "…");
    }

    /** An opened recording file: its own totals. */
    public void file(RecordingInfo info) {
        previous = null;
        String end = info.endReason() == null || info.endReason().isBlank() ? "" : " (" + info.endReason() + ")";
        state.set(switch (info.status()) {
            case "recording" -> "Recording";
            case "interrupted" -> "Interrupted recording";
            default -> "Stopped" + end;
        });
        elapsed.set(Formats.elapsed(info.durationNanos()));
        double seconds = info.durationNanos() / 1e9;
        rate.set(seconds > 0 ? Formats.rate(info.events() / seconds) + " avg" : "");
        live.set(Formats.count(info.openAtEnd()) + " live");
        drops.set(Formats.count(info.drops()) + " dropped");
        retention(info.retention());
    }

    /** Which retention mode the shown recording used (or a live one uses), and what it keeps only approximately. */
    public void retention(Retention r) {
        retention.set(r == Retention.OPEN ? "Retain: open handles" : "Retain: full");
        retentionDetail.set(r == Retention.OPEN
            ? "Recorded with --retain open: every handle still open is kept in full; closed ones are only counted.\n• "
                + String.join("\n• ", r.approximations())
            : "Every handle lifetime is kept in full.");
    }

    /** A capture in progress; {@code endReason} non-null once the target is gone or capture stopped. */
    public void live(IngestProgress p, String endReason) {
        state.set(endReason == null ? "Recording" : endReason.contains("exit") ? "Target exited" : "Stopped");
        elapsed.set(Formats.elapsed(p.elapsedNanos()));
        if (previous != null && p.elapsedNanos() > previous.elapsedNanos()) {
            double perSecond = (p.events() - previous.events()) * 1e9 / (p.elapsedNanos() - previous.elapsedNanos());
            rate.set(Formats.rate(perSecond));
        }
        live.set(Formats.count(p.liveHandles()) + " live");
        drops.set(Formats.count(p.drops()) + " dropped");
        previous = p;
    }

    public ReadOnlyStringProperty stateProperty() { return state.getReadOnlyProperty(); }

    public ReadOnlyStringProperty elapsedProperty() { return elapsed.getReadOnlyProperty(); }

    public ReadOnlyStringProperty rateProperty() { return rate.getReadOnlyProperty(); }

    public ReadOnlyStringProperty liveProperty() { return live.getReadOnlyProperty(); }

    public ReadOnlyStringProperty dropsProperty() { return drops.getReadOnlyProperty(); }

    /** "Retain: full" or "Retain: open handles" for an opened recording; empty otherwise. */
    public ReadOnlyStringProperty retentionProperty() { return retention.getReadOnlyProperty(); }

    /** What {@link #retentionProperty()}'s mode keeps only approximately (the label's tooltip). */
    public ReadOnlyStringProperty retentionDetailProperty() { return retentionDetail.getReadOnlyProperty(); }
}
