package dev.katka.protocol;

import dev.katka.topic.TopicConfigs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;

/**
 * Incremental changes to a topic's overrides (IncrementalAlterConfigs), applied to a copy.
 * APPEND and SUBTRACT work on list settings such as {@code cleanup.policy}.
 *
 * <p>Not thread-safe; one instance per resource of one request.
 */
final class TopicConfigChanges {

    private final Map<String, String> overrides;
    private final Map<String, String> effective;

    /**
     * @param current   the topic's overrides
     * @param effective every setting's effective value: APPEND and SUBTRACT start from it when
     *                  the topic has no override, as in Kafka
     */
    TopicConfigChanges(Map<String, String> current, Map<String, String> effective) {
        this.overrides = new HashMap<>(current);
        this.effective = effective;
    }

    /** Topic configs are the only ones that change at run time. */
    static void requireTopic(byte resourceType) {
        ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
        if (type == ConfigResource.Type.BROKER) {
            throw new InvalidRequestException("Broker configs are static in Katka: set katka.<name> "
                    + "(or KATKA_<NAME>) and restart the broker.");
        }
        if (type != ConfigResource.Type.TOPIC) {
            throw new InvalidRequestException("Katka has no configs of resource type " + type + ".");
        }
    }

    void apply(String name, byte operation, String value) {
        AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(operation);
        if (op == null) {
            throw new InvalidRequestException("Unknown config operation " + operation + " for " + name + ".");
        }
        switch (op) {
            case SET -> overrides.put(name, value);
            case DELETE -> overrides.remove(name);
            case APPEND, SUBTRACT -> overrides.put(name, String.join(",", changedList(name, op, value)));
        }
    }

    private List<String> changedList(String name, AlterConfigOp.OpType op, String value) {
        ConfigDef.ConfigKey key = TopicConfigs.DEFINITION.configKeys().get(name);
        if (key == null) {
            throw new InvalidConfigurationException("Unknown topic config " + name);
        }
        if (key.type != ConfigDef.Type.LIST) {
            throw new InvalidConfigurationException(op + " needs a list config; " + name + " is of type " + key.type + ".");
        }
        String current = overrides.getOrDefault(name, effective.get(name));
        List<String> items = new ArrayList<>(current == null || current.isBlank() ? List.of() : List.of(current.split(",")));
        items.replaceAll(String::trim);
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (op == AlterConfigOp.OpType.APPEND && !items.contains(trimmed)) {
                items.add(trimmed);
            } else if (op == AlterConfigOp.OpType.SUBTRACT) {
                items.remove(trimmed);
            }
        }
        return items;
    }

    Map<String, String> result() {
        return overrides;
    }
}
