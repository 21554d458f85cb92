package dev.trickle.core.legacy;

import dev.trickle.core.credentials.Credentials;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the old system about a login's credentials before the login is forwarded. The future always
 * completes normally: trouble asking is {@link LegacyVerification.Unavailable}.
 */
public interface CredentialCheck {
    CompletableFuture<LegacyVerification> verify(Credentials credentials);
}
