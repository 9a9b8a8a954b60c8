package dev.katka.connector.deployment;

import java.net.URI;
import java.net.URL;

/** Addresses of the test applications on the Payara Micro that Arquillian started. */
public final class PayaraMicroApplications {

    private PayaraMicroApplications() {
    }

    /**
     * {@code path} of the application deployed as {@code archiveName}.war. Arquillian's URL
     * names the container's port but not the application when an adapter is deployed next to
     * it, and the host it names is not the loopback address the web listener is bound to.
     */
    public static URI uri(URL container, String archiveName, String path) {
        return URI.create("http://127.0.0.1:" + container.getPort() + "/" + archiveName + "/" + path);
    }
}
