package io.handlespy.cli;

import io.handlespy.store.Retention;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --retain full|open}: a clear usage error for any other word. */
final class RetentionOption implements ITypeConverter<Retention> {
    @Override
    public Retention convert(String value) {
        try {
            return Retention.named(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
