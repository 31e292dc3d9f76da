package io.handlespy.symbols;

/** What a symbolizer knows of one address; {@code file} null and {@code line} 0 where unknown. */
public record SymbolInfo(String function, String file, int line) {}
