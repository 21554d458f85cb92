package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders a stored user exactly in the shape of the spec's {@code User} schema. */
final class UserJson {
    private UserJson() {}

    static ObjectNode render(EmulatedUser u, long passwordUpdatedAt) {
        ObjectNode n = EmulatorJson.MAPPER.createObjectNode();
        n.put("id", u.id());
        n.put("object", "user");
        n.put("external_id", u.externalId());
        n.put("primary_email_address_id", u.emails().isEmpty() ? null : u.emails().get(0).id());
        n.putNull("primary_phone_number_id");
        n.putNull("primary_web3_wallet_id");
        n.put("username", u.username());
        n.put("first_name", u.firstName());
        n.put("last_name", u.lastName());
        n.put("image_url", "https://img.clerk.com/emulated");
        n.put("has_image", false);
        n.set(
                "public_metadata",
                u.publicMetadata() == null
                        ? EmulatorJson.MAPPER.createObjectNode()
                        : u.publicMetadata());
        n.set(
                "private_metadata",
                u.privateMetadata() == null
                        ? EmulatorJson.MAPPER.createObjectNode()
                        : u.privateMetadata());
        n.putObject("unsafe_metadata");
        ArrayNode emails = n.putArray("email_addresses");
        for (EmulatedUser.Email e : u.emails()) {
            emails.add(email(e));
        }
        n.putArray("phone_numbers");
        n.putArray("web3_wallets");
        n.putArray("passkeys");
        n.put("password_enabled", u.hasPassword());
        n.put("two_factor_enabled", false);
        n.put("totp_enabled", false);
        n.put("backup_code_enabled", false);
        n.putNull("mfa_enabled_at");
        n.putNull("mfa_disabled_at");
        if (u.hasPassword()) {
            n.put("password_last_updated_at", passwordUpdatedAt);
        } else {
            n.putNull("password_last_updated_at");
        }
        n.putArray("external_accounts");
        n.putArray("saml_accounts");
        n.putArray("enterprise_accounts");
        n.putNull("last_sign_in_at");
        n.put("banned", false);
        n.put("locked", false);
        n.putNull("lockout_expires_in_seconds");
        n.putNull("verification_attempts_remaining");
        n.put("updated_at", u.updatedAt());
        n.put("created_at", u.createdAt());
        n.put("delete_self_enabled", true);
        n.put("create_organization_enabled", true);
        n.putNull("last_active_at");
        n.putNull("legal_accepted_at");
        return n;
    }

    static ObjectNode email(EmulatedUser.Email e) {
        ObjectNode n = EmulatorJson.MAPPER.createObjectNode();
        n.put("id", e.id());
        n.put("object", "email_address");
        n.put("email_address", e.address());
        n.put("reserved", e.reserved());
        if (e.isVerified()) {
            verification(n, "verification_admin", "verified", "admin");
        } else if (e.reserved()) {
            // Reserved: locked to this user but not verified, as Clerk shows an unverified address.
            verification(n, "verification_otp", "unverified", "email_code");
        } else {
            // Added unverified and never sent a code: no verification has started.
            n.putNull("verification");
        }
        n.putArray("linked_to");
        n.put("created_at", e.createdAt());
        n.put("updated_at", e.createdAt());
        return n;
    }

    private static void verification(
            ObjectNode email, String object, String status, String strategy) {
        ObjectNode v = email.putObject("verification");
        v.put("object", object).put("status", status).put("strategy", strategy);
        v.putNull("attempts");
        v.putNull("expire_at");
    }
}
