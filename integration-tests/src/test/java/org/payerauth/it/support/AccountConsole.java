package org.payerauth.it.support;

import java.net.http.HttpResponse;
import java.util.Map;

/** The payer realm's account console, as a member reaches it. */
public final class AccountConsole {

    private AccountConsole() {
    }

    /**
     * Signs the member in to the account console (an SSO session, as a member opening one of its pages has) and
     * returns their browser, whose cookies the account pages' resources read.
     */
    public static Browser signIn(KeycloakServer server, String member) {
        Browser browser = new Browser();
        Pkce pkce = Pkce.create();
        String account = server.realmUrl("payer") + "/account/";
        HttpResponse<String> page = browser.get(server.realmUrl("payer") + "/protocol/openid-connect/auth?" + Http.form(
                Map.of("client_id", "account-console", "redirect_uri", account, "response_type", "code",
                        "scope", "openid", "code_challenge", pkce.challenge(), "code_challenge_method", "S256")));
        for (int i = 0; i < 8; i++) {
            if (page.statusCode() == 302) {
                String location = page.headers().firstValue("Location").orElseThrow();
                if (location.startsWith(account)) {
                    return browser;
                }
                page = browser.get(location);
            } else {
                page = browser.submit(page, Map.of("username", member, "password", member));
            }
        }
        throw new AssertionError("account console sign-in did not finish: " + page.body());
    }
}
