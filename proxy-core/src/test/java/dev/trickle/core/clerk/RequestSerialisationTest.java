package dev.trickle.core.clerk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Field names exactly as the spec's request bodies have them. The full check against the spec
 * itself is the contract test in proxy-server; this one fails fast without it.
 */
final class RequestSerialisationTest {
    /** {@code paths./users.post.requestBody} properties (spec 2026-05-12). */
    private static final Set<String> CREATE_USER_FIELDS =
            Set.of(
                    "external_id",
                    "first_name",
                    "last_name",
                    "locale",
                    "email_address",
                    "email_address_identification_status",
                    "phone_number",
                    "phone_number_identification_status",
                    "web3_wallet",
                    "username",
                    "password",
                    "password_digest",
                    "password_hasher",
                    "skip_password_checks",
                    "skip_password_requirement",
                    "totp_secret",
                    "backup_codes",
                    "public_metadata",
                    "private_metadata",
                    "unsafe_metadata",
                    "delete_self_enabled",
                    "legal_accepted_at",
                    "skip_legal_checks",
                    "skip_user_requirement",
                    "create_organization_enabled",
                    "create_organizations_limit",
                    "created_at",
                    "bypass_client_trust",
                    "banned",
                    "locked");

    private static JsonNode json(Object request) throws Exception {
        return ClerkJson.MAPPER.readTree(ClerkJson.MAPPER.writeValueAsBytes(request));
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void fullCreateUsesTheSpecsFieldNamesAndFormats() throws Exception {
        CreateUserRequest request =
                CreateUserRequest.builder()
                        .externalId("legacy-42")
                        .emailAddress("ada@example.com", IdentificationStatus.RESERVED)
                        .username("ada")
                        .firstName("Ada")
                        .lastName("Lovelace")
                        .password("correct horse", true)
                        .passwordDigest(
                                "$2a$10$abcdefghijklmnopqrstuv",
                                ClerkPasswordHasher.BCRYPT_SHA256_DJANGO)
                        .skipPasswordRequirement()
                        .publicMetadata(Map.of("plan", "gold"))
                        .privateMetadata(Map.of("legacy_id", 42))
                        .createdAt(Instant.parse("2012-10-20T07:15:20.902Z"))
                        .build();

        JsonNode body = json(request);

        assertThat(fields(body))
                .containsExactlyInAnyOrder(
                        "external_id",
                        "email_address",
                        "email_address_identification_status",
                        "username",
                        "first_name",
                        "last_name",
                        "password",
                        "skip_password_checks",
                        "password_digest",
                        "password_hasher",
                        "skip_password_requirement",
                        "public_metadata",
                        "private_metadata",
                        "created_at");
        assertThat(CREATE_USER_FIELDS).containsAll(fields(body));
        assertThat(body.get("created_at").asText()).isEqualTo("2012-10-20T07:15:20.902Z");
        assertThat(body.get("password_hasher").asText()).isEqualTo("bcrypt_sha256_django");
        assertThat(body.get("email_address").get(0).asText()).isEqualTo("ada@example.com");
        assertThat(body.get("email_address_identification_status").get(0).asText())
                .isEqualTo("reserved");
        assertThat(body.get("skip_password_checks").asBoolean()).isTrue();
        assertThat(body.get("private_metadata").get("legacy_id").asInt()).isEqualTo(42);
    }

    @Test
    void absentFieldsAreNotSent() throws Exception {
        JsonNode body = json(CreateUserRequest.builder().externalId("legacy-42").build());
        assertThat(body.toString()).isEqualTo("{\"external_id\":\"legacy-42\"}");
    }

    @Test
    void passwordWithoutSkippingChecksSendsNoSkipFlag() throws Exception {
        JsonNode body = json(CreateUserRequest.builder().password("correct horse", false).build());
        assertThat(fields(body)).containsExactly("password");
    }

    @Test
    void updateSendsOnlyWhatChanges() throws Exception {
        assertThat(json(UpdateUserRequest.externalId("legacy-42")).toString())
                .isEqualTo("{\"external_id\":\"legacy-42\"}");
        assertThat(fields(json(UpdateUserRequest.password("pw-123456", true))))
                .containsExactly("password", "skip_password_checks");
        assertThat(
                        json(UpdateUserRequest.passwordDigest("5f4d", ClerkPasswordHasher.MD5))
                                .toString())
                .isEqualTo("{\"password_digest\":\"5f4d\",\"password_hasher\":\"md5\"}");
    }

    @Test
    void metadataKeepsNullValuesBecauseTheyDeleteKeys() throws Exception {
        Map<String, Object> merge = new HashMap<>();
        merge.put("obsolete", null);
        assertThat(json(new MetadataUpdate(null, merge)).toString())
                .isEqualTo("{\"private_metadata\":{\"obsolete\":null}}");
    }

    @Test
    void passwordCheckBodyIsJustThePassword() throws Exception {
        assertThat(json(new PasswordCheck("pw")).toString()).isEqualTo("{\"password\":\"pw\"}");
    }

    @Test
    void digestWithoutHasherIsABug() {
        assertThatThrownBy(
                        () ->
                                new UpdateUserRequest(
                                        null, null, null, null, null, null, "5f4d", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("5f4d");
    }

    @Test
    void statusesMustMatchEmailsOneToOne() {
        assertThatThrownBy(
                        () ->
                                CreateUserRequest.builder()
                                        .emailAddresses(
                                                List.of("a@x.io", "b@x.io"),
                                                List.of(IdentificationStatus.VERIFIED))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsPasswordsOrDigests() {
        CreateUserRequest create =
                CreateUserRequest.builder()
                        .password("hunter2-secret", true)
                        .passwordDigest("$2a$10$digestdigest", ClerkPasswordHasher.BCRYPT)
                        .build();
        assertThat(create.toString()).doesNotContain("hunter2-secret", "digestdigest");
        assertThat(UpdateUserRequest.password("hunter2-secret", false).toString())
                .doesNotContain("hunter2-secret");
        assertThat(
                        UpdateUserRequest.passwordDigest(
                                        "$2a$10$digestdigest", ClerkPasswordHasher.BCRYPT)
                                .toString())
                .doesNotContain("digestdigest");
        assertThat(new PasswordCheck("hunter2-secret").toString()).doesNotContain("hunter2-secret");
    }

    @Test
    void everyHasherHasItsSpecName() {
        assertThat(ClerkPasswordHasher.PBKDF2_SHA512_HEX.wireName()).isEqualTo("pbkdf2_sha512_hex");
        assertThat(ClerkPasswordHasher.values()).hasSize(21);
    }
}
