package dev.katka.protocol;

import dev.katka.config.BrokerConfig;
import dev.katka.topic.TopicConfigs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * Topic and broker settings as DescribeConfigs (and CreateTopics) report them: value, source,
 * synonyms, type and documentation.
 */
final class ConfigDescriptions {

    private ConfigDescriptions() {
    }

    static ConfigSource source(TopicConfigs.Source source) {
        return switch (source) {
            case TOPIC -> ConfigSource.TOPIC_CONFIG;
            case BROKER -> ConfigSource.STATIC_BROKER_CONFIG;
            case DEFAULT -> ConfigSource.DEFAULT_CONFIG;
        };
    }

    /** A topic's settings, optionally only the named ones. */
    static List<DescribeConfigsResourceResult> topic(List<TopicConfigs.Setting> settings, Collection<String> names,
                                                     boolean synonyms, boolean documentation) {
        List<DescribeConfigsResourceResult> results = new ArrayList<>();
        for (TopicConfigs.Setting setting : settings) {
            if (names != null && !names.contains(setting.name())) {
                continue;
            }
            DescribeConfigsResourceResult result = new DescribeConfigsResourceResult()
                    .setName(setting.name())
                    .setValue(setting.value())
                    .setReadOnly(false)
                    .setConfigSource(source(setting.source()).id())
                    .setIsSensitive(false)
                    .setConfigType(type(setting.type()).id())
                    .setDocumentation(documentation ? setting.documentation() : null);
            if (synonyms) {
                if (setting.source() == TopicConfigs.Source.TOPIC) {
                    result.synonyms().add(new DescribeConfigsSynonym().setName(setting.name())
                            .setValue(setting.value()).setSource(ConfigSource.TOPIC_CONFIG.id()));
                }
                result.synonyms().add(new DescribeConfigsSynonym().setName(setting.brokerSynonym())
                        .setValue(setting.brokerValue()).setSource(source(setting.brokerSource()).id()));
            }
            results.add(result);
        }
        return results;
    }

    /** The broker's static settings, optionally only the named ones; all read-only. */
    static List<DescribeConfigsResourceResult> broker(BrokerConfig broker, Collection<String> names,
                                                      boolean synonyms, boolean documentation) {
        List<DescribeConfigsResourceResult> results = new ArrayList<>();
        for (ConfigKey key : BrokerConfig.DEFINITION.configKeys().values()) {
            if (names != null && !names.contains(key.name)) {
                continue;
            }
            ConfigSource source = broker.explicitlySet().contains(key.name)
                    ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
            String value = ConfigDef.convertToString(broker.get(key.name), key.type);
            DescribeConfigsResourceResult result = new DescribeConfigsResourceResult()
                    .setName(key.name)
                    .setValue(value)
                    .setReadOnly(true)
                    .setConfigSource(source.id())
                    .setIsSensitive(false)
                    .setConfigType(type(key.type).id())
                    .setDocumentation(documentation ? key.documentation : null);
            if (synonyms) {
                result.synonyms().add(new DescribeConfigsSynonym().setName(key.name).setValue(value)
                        .setSource(source.id()));
            }
            results.add(result);
        }
        return results;
    }

    static ConfigType type(ConfigDef.Type type) {
        return switch (type) {
            case BOOLEAN -> ConfigType.BOOLEAN;
            case STRING -> ConfigType.STRING;
            case INT -> ConfigType.INT;
            case SHORT -> ConfigType.SHORT;
            case LONG -> ConfigType.LONG;
            case DOUBLE -> ConfigType.DOUBLE;
            case LIST -> ConfigType.LIST;
            case CLASS -> ConfigType.CLASS;
            case PASSWORD -> ConfigType.PASSWORD;
        };
    }
}
