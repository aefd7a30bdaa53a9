package org.payerauth.keycloak.smart.discovery;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * SMART: discovery responses "SHALL be JSON, regardless of Accept headers". Keycloak's well-known resource negotiates
 * on {@code Accept} and answers 406 to e.g. {@code Accept: text/html}; for the smart-configuration document only,
 * this filter asks for JSON before Keycloak matches the request.
 */
@Provider
@PreMatching
public class SmartConfigurationAcceptFilter implements ContainerRequestFilter {

    static final String PATH_SUFFIX = "/.well-known/" + SmartConfigurationProviderFactory.PROVIDER_ID;

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.GET.equals(request.getMethod()) && request.getUriInfo().getPath().endsWith(PATH_SUFFIX)) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        }
    }
}
