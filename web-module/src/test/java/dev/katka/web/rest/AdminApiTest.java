package dev.katka.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The API lists its resources and providers itself (see {@link AdminApi}): none may be forgotten. */
class AdminApiTest {

    @Test
    void everyResourceAndProviderOfThePackageIsRegisteredOnce() throws Exception {
        AdminApi api = new AdminApi();
        Set<Class<?>> registered = new HashSet<>(api.getClasses());
        @SuppressWarnings("deprecation")
        Set<Object> singletons = api.getSingletons();
        singletons.forEach(instance -> assertThat(registered.add(instance.getClass()))
                .as("%s registered as a class and an instance", instance.getClass()).isTrue());

        assertThat(registered).containsExactlyInAnyOrderElementsOf(resourcesAndProviders());
        assertThat(singletons).extracting(Object::getClass).contains(JsonSettings.class);
    }

    /** The classes of this package that JAX-RS would have found by scanning, and the resolvers. */
    private static List<Class<?>> resourcesAndProviders() throws IOException, URISyntaxException {
        java.nio.file.Path dir = Paths.get(AdminApi.class.getResource("AdminApi.class").toURI()).getParent();
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .<Class<?>>map(name -> load(AdminApi.class.getPackageName() + "." + name.replace(".class", "")))
                    .filter(type -> type.isAnnotationPresent(Path.class) || type.isAnnotationPresent(Provider.class)
                            || ContextResolver.class.isAssignableFrom(type) || ExceptionMapper.class.isAssignableFrom(type))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
