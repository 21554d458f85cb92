package dev.trickle.server.emulator;

import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Checks a password against a user as Clerk would at sign-in: bcrypt for passwords Clerk hashed
 * itself, the legacy digest with its hasher otherwise (through the project's hash library).
 */
final class PasswordChecks implements AutoCloseable {
    private final PasswordHashes hashes;

    PasswordChecks(PasswordHashes hashes) {
        this.hashes = hashes;
    }

    boolean matches(EmulatedUser user, String password) {
        if (password == null) {
            return false;
        }
        if (user.passwordBcrypt() != null) {
            return BCrypt.checkpw(password, user.passwordBcrypt());
        }
        try {
            return hashes.verify(
                            StoredDigest.of(user.passwordDigest())
                                    .withFormat(user.passwordHasher()),
                            password)
                    .get(30, TimeUnit.SECONDS)
                    .matched();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        hashes.close();
    }
}
