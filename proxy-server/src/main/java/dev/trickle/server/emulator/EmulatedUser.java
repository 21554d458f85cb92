package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A user as the emulator stores it. Passwords are kept as bcrypt (plaintext creates) or as the
 * legacy digest with its hasher, as Clerk does; never in plaintext.
 */
record EmulatedUser(
        String id,
        String externalId,
        String username,
        String firstName,
        String lastName,
        List<Email> emails,
        String passwordBcrypt,
        String passwordDigest,
        String passwordHasher,
        ObjectNode publicMetadata,
        ObjectNode privateMetadata,
        long createdAt,
        long updatedAt) {

    /**
     * One address. {@code reserved}: created with identification status {@code reserved} (locked to
     * this user, not verified); {@code verified}: its verification succeeded (by default every
     * address created through the Backend API is). State files written before the flag existed have
     * no {@code verified}: an address there was verified unless reserved.
     */
    record Email(String id, String address, boolean reserved, Boolean verified, long createdAt) {
        Email {
            verified = verified == null ? !reserved : verified;
        }

        boolean isVerified() {
            return verified;
        }
    }

    boolean hasPassword() {
        return passwordBcrypt != null || passwordDigest != null;
    }

    EmulatedUser with(
            String newExternalId,
            String newUsername,
            String newFirstName,
            String newLastName,
            String newBcrypt,
            String newDigest,
            String newHasher,
            long now) {
        return new EmulatedUser(
                id,
                newExternalId,
                newUsername,
                newFirstName,
                newLastName,
                emails,
                newBcrypt,
                newDigest,
                newHasher,
                publicMetadata,
                privateMetadata,
                createdAt,
                now);
    }

    EmulatedUser withMetadata(ObjectNode publicMeta, ObjectNode privateMeta, long now) {
        return withContacts(emails, publicMeta, privateMeta, now);
    }

    /** With {@code email} added: first (the primary) when {@code primary}, else last. */
    EmulatedUser withEmail(Email email, boolean primary, long now) {
        List<Email> all = new ArrayList<>(emails);
        all.add(primary ? 0 : all.size(), email);
        return withContacts(List.copyOf(all), publicMetadata, privateMetadata, now);
    }

    /** The same identity and password with other addresses and metadata. */
    private EmulatedUser withContacts(
            List<Email> newEmails, ObjectNode publicMeta, ObjectNode privateMeta, long now) {
        return new EmulatedUser(
                id,
                externalId,
                username,
                firstName,
                lastName,
                newEmails,
                passwordBcrypt,
                passwordDigest,
                passwordHasher,
                publicMeta,
                privateMeta,
                createdAt,
                now);
    }

    @Override
    public String toString() {
        return "EmulatedUser[" + id + ", external_id=" + externalId + "]";
    }
}
