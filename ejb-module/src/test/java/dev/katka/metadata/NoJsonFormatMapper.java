package dev.katka.metadata;

import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;

/**
 * Stands in for the JSON-B mapping that Payara provides in the container: tests outside it have
 * the JSON-B API (jakartaee-api) but no implementation, and no entity maps JSON.
 */
public final class NoJsonFormatMapper implements FormatMapper {

    @Override
    public <T> T fromString(CharSequence charSequence, JavaType<T> javaType, WrapperOptions wrapperOptions) {
        throw new UnsupportedOperationException("no entity of the metadata store maps JSON");
    }

    @Override
    public <T> String toString(T value, JavaType<T> javaType, WrapperOptions wrapperOptions) {
        throw new UnsupportedOperationException("no entity of the metadata store maps JSON");
    }
}
