package io.handlespy.protocol;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Frames with arbitrary field values, each field within its width on the wire. */
final class FrameArbitraries {
    private FrameArbitraries() {}

    static Arbitrary<Long> u64() { return Arbitraries.longs(); }

    static Arbitrary<Long> u32() { return Arbitraries.longs().between(0, 0xFFFF_FFFFL); }

    /** A u32 held in a Java int (stack ids, flags): every bit pattern is valid. */
    static Arbitrary<Integer> u32bits() { return Arbitraries.integers(); }

    static Arbitrary<Integer> u16() { return Arbitraries.integers().between(0, 0xFFFF); }

    static Arbitrary<Integer> u8() { return Arbitraries.integers().between(0, 0xFF); }

    /**
     * Valid Unicode (no lone surrogates, which UTF-8 cannot carry) whose UTF-8 form
     * fits the agents' 4096-byte limit: at most 3 bytes per char below U+D800, and
     * supplementary chars (4 bytes, 2 chars) stay within the same budget.
     */
    static Arbitrary<String> string() {
        Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(1365);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(64);
        Arbitrary<String> astral = Arbitraries.integers().between(0x10000, 0x10FFFF)
            .map(Character::toString).list().ofMaxSize(200).map(l -> String.join("", l));
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, ascii), net.jqwik.api.Tuple.of(3, bmp), net.jqwik.api.Tuple.of(1, astral));
    }

    static Arbitrary<Frame.Hello> hello() {
        return Combinators.combine(u8(), u8(), u32(), Arbitraries.longs().between(1, Long.MAX_VALUE), u64(), u64(), string())
            .as((os, arch, pid, freq, ticks, nanos, image) ->
                new Frame.Hello(Wire.VERSION, os, arch, pid, freq, ticks, nanos, image));
    }

    static Arbitrary<Frame.ModuleLoad> moduleLoad() {
        return Combinators.combine(u64(), u64(), u64(), u8(), Arbitraries.bytes().array(byte[].class).ofMaxSize(Wire.MAX_DEBUG_ID), string())
            .as(Frame.ModuleLoad::new);
    }

    static Arbitrary<Frame.ModuleUnload> moduleUnload() {
        return Combinators.combine(u64(), u64()).as(Frame.ModuleUnload::new);
    }

    static Arbitrary<Frame.Stack> stack() {
        return Combinators.combine(u32bits().filter(id -> id != 0),
                Arbitraries.longs().array(long[].class).ofMaxSize(Wire.MAX_STACK_FRAMES))
            .as(Frame.Stack::new);
    }

    static Arbitrary<Frame.Create> create() {
        return Combinators.combine(u64(), u64(), u32(), u32bits(), u16(), u16(), string()).as(Frame.Create::new);
    }

    static Arbitrary<Frame.Close> close() {
        return Combinators.combine(u64(), u64(), u32(), u32bits(), u16()).as(Frame.Close::new);
    }

    static Arbitrary<Frame.Duplicate> duplicate() {
        return Combinators.combine(u64(), u64(), u64(), u32(), u32bits(), u16(), u16(), u32bits()).as(Frame.Duplicate::new);
    }

    static Arbitrary<Frame.Snapshot> snapshot() {
        return Combinators.combine(u64(), u64(), u16(), string()).as(Frame.Snapshot::new);
    }

    static Arbitrary<Frame.Sample> sample() {
        return Combinators.combine(u64(), u32(), u32(), u32()).as(Frame.Sample::new);
    }

    static Arbitrary<Frame.Dropped> dropped() {
        return Combinators.combine(u64(), u64()).as(Frame.Dropped::new);
    }

    static Arbitrary<Frame.Goodbye> goodbye() {
        return Combinators.combine(u64(), u16(), string()).as(Frame.Goodbye::new);
    }

    static Arbitrary<Frame.Define> define() {
        return Combinators.combine(u16(), u16(), string()).as(Frame.Define::new);
    }

    static Arbitrary<Frame.Token> token() {
        return Combinators.combine(u64(), u64(), u64(), u16(), u16(), string()).as(Frame.Token::new);
    }

    static Arbitrary<Frame.CodeSymbol> codeSymbol() {
        return Combinators.combine(u64(), u64(), u64(), string()).as(Frame.CodeSymbol::new);
    }

    static Arbitrary<Frame.Note> note() {
        return Combinators.combine(u64(), u16(), string()).as(Frame.Note::new);
    }

    static Arbitrary<Frame.Output> output() {
        return Combinators.combine(u64(), u16(), Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
            .as(Frame.Output::new);
    }

    static Arbitrary<Frame> anyFrame() {
        return Arbitraries.oneOf(List.of(hello(), moduleLoad(), moduleUnload(), stack(), create(), close(), duplicate(),
            snapshot(), sample(), dropped(), goodbye(), define(), note(), token(), output(), codeSymbol()));
    }

    /** A stream body: HELLO first, then any frames. */
    static Arbitrary<List<Frame>> stream() {
        return Combinators.combine(hello(), anyFrame().list().ofMaxSize(40)).as((h, rest) -> {
            List<Frame> all = new java.util.ArrayList<>(rest.size() + 1);
            all.add(h);
            all.addAll(rest);
            return List.copyOf(all);
        });
    }
}
