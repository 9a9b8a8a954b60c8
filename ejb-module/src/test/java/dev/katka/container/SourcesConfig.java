package dev.katka.container;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A MicroProfile Config over given sources, highest ordinal first, String values only: what
 * BrokerSettings needs of the container's Config, without a container.
 */
final class SourcesConfig implements Config {

    private final List<ConfigSource> sources;

    SourcesConfig(ConfigSource... sources) {
        this.sources = new ArrayList<>(List.of(sources));
        this.sources.sort(Comparator.comparingInt(ConfigSource::getOrdinal).reversed());
    }

    static ConfigSource source(String name, int ordinal, Map<String, String> properties) {
        return new ConfigSource() {
            @Override
            public Set<String> getPropertyNames() {
                return properties.keySet();
            }

            @Override
            public String getValue(String propertyName) {
                return properties.get(propertyName);
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public int getOrdinal() {
                return ordinal;
            }
        };
    }

    @Override
    public <T> T getValue(String propertyName, Class<T> propertyType) {
        return getOptionalValue(propertyName, propertyType)
                .orElseThrow(() -> new NoSuchElementException(propertyName));
    }

    @Override
    public ConfigValue getConfigValue(String propertyName) {
        Optional<ConfigSource> winner = sources.stream().filter(s -> s.getValue(propertyName) != null).findFirst();
        return new ConfigValue() {
            @Override
            public String getName() {
                return propertyName;
            }

            @Override
            public String getValue() {
                return winner.map(s -> s.getValue(propertyName)).orElse(null);
            }

            @Override
            public String getRawValue() {
                return getValue();
            }

            @Override
            public String getSourceName() {
                return winner.map(ConfigSource::getName).orElse(null);
            }

            @Override
            public int getSourceOrdinal() {
                return winner.map(ConfigSource::getOrdinal).orElse(0);
            }
        };
    }

    @Override
    public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
        if (propertyType != String.class) {
            throw new UnsupportedOperationException("only String values");
        }
        return Optional.ofNullable(getConfigValue(propertyName).getValue()).map(propertyType::cast);
    }

    @Override
    public Iterable<String> getPropertyNames() {
        Set<String> names = new LinkedHashSet<>();
        sources.forEach(s -> names.addAll(s.getPropertyNames()));
        return names;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return sources;
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
        return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException(type.getName());
    }
}
