package dev.katka.connector.deployment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Topics {@link KatkaBrokerExtension} creates before the test's application deploys. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface BrokerTopics {

    String[] value();

    int partitions() default 6;
}
