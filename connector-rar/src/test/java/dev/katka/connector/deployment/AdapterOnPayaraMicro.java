package dev.katka.connector.deployment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose application runs on a real Payara Micro next to the standalone Katka
 * resource adapter, against a real Katka broker in the test JVM: the broker first, then
 * Arquillian's deployment.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({KatkaBrokerExtension.class, ArquillianExtension.class})
public @interface AdapterOnPayaraMicro {
}
