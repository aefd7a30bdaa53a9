package org.payerauth.it.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One Keycloak for the whole test run: started on first use, stopped when JUnit closes its root context (and by a
 * JVM shutdown hook if the run dies). Injects {@link KeycloakServer} and {@link AdminApi} into tests; prints the tail
 * of the server log when a test fails.
 */
public final class KeycloakServerExtension implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakServerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakServer.class || type == AdminApi.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KeycloakServer server = server(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == KeycloakServer.class) {
            return server;
        }
        if (type == AdminApi.class) {
            return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(AdminApi.class,
                    k -> new AdminApi(server), AdminApi.class);
        }
        throw new ParameterResolutionException("unsupported parameter " + type);
    }

    static KeycloakServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningServer.class, k -> new RunningServer(KeycloakServers.start()),
                        RunningServer.class)
                .server;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        RunningServer running = context.getRoot().getStore(NAMESPACE).get(RunningServer.class, RunningServer.class);
        if (running != null) {
            running.server.logFile().ifPresent(log -> System.err.println(LogTail.of(log, 120)));
        }
    }

    /** Closed by JUnit at the end of the run. */
    @SuppressWarnings("deprecation")
    private static final class RunningServer implements ExtensionContext.Store.CloseableResource {
        private final KeycloakServer server;

        private RunningServer(KeycloakServer server) {
            this.server = server;
            System.out.println("[keycloak-it] using " + server.describe());
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
