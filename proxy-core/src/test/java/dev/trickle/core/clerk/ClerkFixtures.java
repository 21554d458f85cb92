package dev.trickle.core.clerk;

/** Response bodies shaped like Clerk's (spec {@code User}, {@code ClerkErrors}). */
final class ClerkFixtures {
    private ClerkFixtures() {}

    static String user(String id, String externalId) {
        return """
                {"id":"%s","object":"user","external_id":%s,"primary_email_address_id":"idn_1",
                 "primary_phone_number_id":null,"primary_web3_wallet_id":null,"username":"ada",
                 "first_name":"Ada","last_name":"Lovelace","locale":null,"image_url":"https://img",
                 "has_image":false,"public_metadata":{"plan":"gold"},"private_metadata":{},
                 "unsafe_metadata":{},
                 "email_addresses":[{"id":"idn_1","object":"email_address",
                   "email_address":"ada@example.com","reserved":false,"verification":null,
                   "linked_to":[],"created_at":1,"updated_at":1}],
                 "phone_numbers":[],"web3_wallets":[],"passkeys":[],"password_enabled":true,
                 "two_factor_enabled":false,"totp_enabled":false,"backup_code_enabled":false,
                 "mfa_enabled_at":null,"mfa_disabled_at":null,"password_last_updated_at":null,
                 "external_accounts":[],"saml_accounts":[],"enterprise_accounts":[],
                 "last_sign_in_at":null,"banned":false,"locked":false,
                 "lockout_expires_in_seconds":null,"verification_attempts_remaining":null,
                 "created_at":1350717320902,"updated_at":1350717320903,
                 "delete_self_enabled":true,"create_organization_enabled":true,
                 "last_active_at":null,"legal_accepted_at":null,"a_field_from_the_future":42}
                """
                .formatted(id, externalId == null ? "null" : "\"" + externalId + "\"");
    }

    static String errors(String code, String paramName) {
        String meta = paramName == null ? "{}" : "{\"param_name\":\"" + paramName + "\"}";
        return """
                {"errors":[{"message":"is invalid","long_message":"Something about %s is invalid",
                  "code":"%s","meta":%s}],"meta":{},"clerk_trace_id":"trace_123"}
                """
                .formatted(paramName, code, meta);
    }
}
