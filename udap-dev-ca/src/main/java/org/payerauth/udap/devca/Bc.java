package org.payerauth.udap.devca;

import java.security.Provider;
import java.security.SecureRandom;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Shared BouncyCastle provider instance, passed explicitly; never registered globally. */
final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();
    static final SecureRandom RANDOM = new SecureRandom();

    private Bc() {
    }
}
