package dev.trickle.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import dev.trickle.core.credentials.CredentialSource.BasicAuth;
import dev.trickle.core.credentials.CredentialSource.FormFields;
import dev.trickle.core.credentials.CredentialSource.JsonPointers;
import dev.trickle.core.login.HttpFields;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class CredentialExtractorTest {
    private static final FormFields FORM = new FormFields("username", "password");
    private static final JsonPointers JSON =
            new JsonPointers(
                    JsonPointer.compile("/user/email"), JsonPointer.compile("/user/password"));

    @Test
    void formFieldsAreDecodedAsUtf8WithPlusAsSpace() {
        ExtractionResult result =
                extract(
                        FORM,
                        "application/x-www-form-urlencoded",
                        bytes(
                                "csrfmiddlewaretoken=abc&username=j%C3%BCrgen&password=p%C3%A4ss+w%26rd%3D"),
                        null);
        assertThat(result)
                .isEqualTo(new ExtractionResult.Found(new Credentials("jürgen", "päss w&rd=")));
    }

    @Test
    void formInALatin1CharsetIsDecodedWithIt() {
        ExtractionResult result =
                extract(
                        FORM,
                        "application/x-www-form-urlencoded; charset=ISO-8859-1",
                        bytes("username=a&password=%E9t%E9"),
                        null);
        assertThat(((ExtractionResult.Found) result).credentials().password()).isEqualTo("été");
    }

    @Test
    void formWithoutThePasswordFieldIsAbsentNotMalformed() {
        assertThat(extract(FORM, "application/x-www-form-urlencoded", bytes("username=a"), null))
                .isInstanceOf(ExtractionResult.Absent.class);
        assertThat(extract(FORM, "application/json", bytes("{}"), null))
                .isInstanceOf(ExtractionResult.Absent.class);
    }

    @Test
    void brokenPercentEscapeIsMalformed() {
        assertThat(extract(FORM, null, bytes("username=a&password=%zz"), null))
                .isEqualTo(
                        new ExtractionResult.Malformed(
                                "invalid percent-encoding in the form body"));
    }

    @Test
    void jsonPointersReachNestedMembers() {
        ExtractionResult result =
                extract(
                        JSON,
                        "application/json",
                        bytes(
                                "{\"user\":{\"email\":\" Ada@Example.com \",\"password\":\"s3cr\\u00e9t\"}}"),
                        null);
        assertThat(result)
                .isEqualTo(
                        new ExtractionResult.Found(new Credentials("Ada@Example.com", "s3crét")));
    }

    @Test
    void invalidJsonIsMalformedAndNonStringPasswordIsAbsent() {
        assertThat(extract(JSON, "application/json", bytes("{\"user\":"), null))
                .isInstanceOf(ExtractionResult.Malformed.class);
        assertThat(
                        extract(
                                JSON,
                                "application/json",
                                bytes("{\"user\":{\"email\":\"a\",\"password\":12}}"),
                                null))
                .isInstanceOf(ExtractionResult.Absent.class);
    }

    @Test
    void basicAuthSplitsAtTheFirstColon() {
        String header = "Basic " + Base64.getEncoder().encodeToString(bytes("ada:pa:ss"));
        assertThat(extract(new BasicAuth(), null, new byte[0], header))
                .isEqualTo(new ExtractionResult.Found(new Credentials("ada", "pa:ss")));
        assertThat(extract(new BasicAuth(), null, new byte[0], "Basic !!!"))
                .isInstanceOf(ExtractionResult.Malformed.class);
        assertThat(extract(new BasicAuth(), null, new byte[0], "Bearer x"))
                .isInstanceOf(ExtractionResult.Absent.class);
    }

    @Test
    void passwordNeverAppearsInToStringOrReasons() {
        Credentials credentials = new Credentials("ada", "hunter2");
        assertThat(credentials.toString()).doesNotContain("hunter2").contains("<masked>");
        ExtractionResult malformed =
                extract(FORM, null, bytes("username=a&password=hunter2%"), null);
        assertThat(malformed.toString()).doesNotContain("hunter2");
    }

    @Test
    void multipartFormAsABrowserPostsItIsReadField() {
        String boundary = "----WebKitFormBoundaryu7S0kqV9yF1bQ2mZ";
        String body =
                "--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n"
                        + "t0k\r\n--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"password\""
                        + "\r\nContent-Type: application/octet-stream\r\n\r\n"
                        + "\r\n--not-the-boundary\r\n\r\n--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n"
                        + "jürgen\r\n--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
                        + "päss\r\nw&rd=\"x\"\r\n--"
                        + boundary
                        + "--\r\n";

        ExtractionResult result =
                extract(FORM, "multipart/form-data; boundary=" + boundary, bytes(body), null);

        assertThat(result)
                .isEqualTo(
                        new ExtractionResult.Found(
                                new Credentials("jürgen", "päss\r\nw&rd=\"x\"")));
    }

    @Test
    void multipartPartsMayNameTheirCharsetAndTheBoundaryMayBeQuoted() {
        byte[] latin1Password = "été".getBytes(StandardCharsets.ISO_8859_1);
        byte[] body =
                concat(
                        bytes(
                                "preamble\r\n--a;b\r\n"
                                        + "content-disposition: form-data; name=username\r\n\r\n"
                                        + "ada\r\n--a;b\r\n"
                                        + "Content-Disposition: form-data; name=\"password\"\r\n"
                                        + "Content-Type: text/plain; charset=ISO-8859-1\r\n\r\n"),
                        latin1Password,
                        bytes("\r\n--a;b--"));

        ExtractionResult result =
                extract(FORM, "Multipart/Form-Data; boundary=\"a;b\"", body, null);

        assertThat(result).isEqualTo(new ExtractionResult.Found(new Credentials("ada", "été")));
    }

    @Test
    void brokenMultipartBodiesAreMalformedAndSayWhyWithoutTheirValues() {
        String open =
                "--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nada\r\n"
                        + "--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
                        + "s3cret-value";
        assertThat(extract(FORM, "multipart/form-data; boundary=b", bytes(open), null))
                .isEqualTo(
                        new ExtractionResult.Malformed(
                                "multipart body without its closing boundary"));
        assertThat(extract(FORM, "multipart/form-data", bytes(open), null))
                .isEqualTo(
                        new ExtractionResult.Malformed("multipart body without a valid boundary"));
        assertThat(extract(FORM, "multipart/form-data; boundary=zz", bytes(open), null))
                .isEqualTo(new ExtractionResult.Malformed("multipart body without its boundary"));
        assertThat(
                        extract(
                                FORM,
                                "multipart/form-data; boundary=b",
                                bytes("--b\r\nContent-Disposition: form-data; name=\"password\""),
                                null))
                .isEqualTo(new ExtractionResult.Malformed("multipart part without a blank line"));
        assertThat(
                        extract(
                                FORM,
                                "multipart/form-data; boundary=b",
                                bytes(open.replace("s3cret-value", "x\r\n--b--")),
                                null))
                .isEqualTo(new ExtractionResult.Found(new Credentials("ada", "x")));
    }

    @Test
    void formRoutesIgnoreBodiesOfOtherMediaTypes() {
        assertThat(
                        extract(
                                FORM,
                                "application/x-www-form-urlencodedish",
                                bytes("username=a&password=b"),
                                null))
                .isInstanceOf(ExtractionResult.Absent.class);
        assertThat(extract(FORM, "text/plain", bytes("username=a&password=b"), null))
                .isInstanceOf(ExtractionResult.Absent.class);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRepeatedFormFieldIsAmbiguousUnlessTheRouteSaysWhichCopyItsStackReads() {
        byte[] body = bytes("log=alice&log=mallory&pwd=mallory-pw");
        FormFields wordpress = new FormFields("log", "pwd");
        assertThat(extract(wordpress, DuplicatePolicy.REFUSE, FORM_TYPE, body))
                .isEqualTo(new ExtractionResult.Ambiguous("form field log appears more than once"));
        assertThat(extract(wordpress, DuplicatePolicy.LAST, FORM_TYPE, body))
                .isEqualTo(new ExtractionResult.Found(new Credentials("mallory", "mallory-pw")));
        assertThat(extract(wordpress, DuplicatePolicy.FIRST, FORM_TYPE, body))
                .isEqualTo(new ExtractionResult.Found(new Credentials("alice", "mallory-pw")));
        assertThat(
                        extract(
                                wordpress,
                                DuplicatePolicy.REFUSE,
                                FORM_TYPE,
                                bytes("log=alice&pwd=a&pwd=b")))
                .isInstanceOf(ExtractionResult.Ambiguous.class);
    }

    @Test
    void namesPhpReadsAsTheSameFieldOrAsAListAreRepeatsWhateverThePolicy() {
        FormFields form = new FormFields("user_login", "pwd");
        for (String body :
                List.of(
                        "user_login=alice&user.login=mallory&pwd=x",
                        "user_login=alice&user+login=mallory&pwd=x",
                        "user_login=alice&+user_login=mallory&pwd=x")) {
            assertThat(extract(form, DuplicatePolicy.REFUSE, FORM_TYPE, bytes(body)))
                    .as(body)
                    .isInstanceOf(ExtractionResult.Ambiguous.class);
        }
        for (DuplicatePolicy policy : DuplicatePolicy.values()) {
            assertThat(
                            extract(
                                    form,
                                    policy,
                                    FORM_TYPE,
                                    bytes("user_login=alice&user_login%5B%5D=mallory&pwd=x")))
                    .as(policy.configName())
                    .isEqualTo(
                            new ExtractionResult.Ambiguous(
                                    "form field user_login is sent as a list or map"));
        }
        FormFields devise = new FormFields("user[email]", "user[password]");
        assertThat(
                        extract(
                                devise,
                                DuplicatePolicy.LAST,
                                FORM_TYPE,
                                bytes(
                                        "user%5Bemail%5D=a%40x.org&user%5Bpassword%5D=pw"
                                                + "&user%5Bpassword_confirmation%5D=pw")))
                .isEqualTo(new ExtractionResult.Found(new Credentials("a@x.org", "pw")));
    }

    @Test
    void aRepeatedMultipartFieldIsAmbiguousAndAPartNamingItsFieldTwiceIsMalformed() {
        String boundary = "b0undary";
        String type = "multipart/form-data; boundary=" + boundary;
        String twice =
                part(boundary, "name=\"log\"", "alice")
                        + part(boundary, "name=\"log\"", "mallory")
                        + part(boundary, "name=\"pwd\"", "pw")
                        + "--"
                        + boundary
                        + "--\r\n";
        FormFields wordpress = new FormFields("log", "pwd");
        assertThat(extract(wordpress, DuplicatePolicy.REFUSE, type, bytes(twice)))
                .isInstanceOf(ExtractionResult.Ambiguous.class);
        assertThat(extract(wordpress, DuplicatePolicy.LAST, type, bytes(twice)))
                .isEqualTo(new ExtractionResult.Found(new Credentials("mallory", "pw")));
        String namedTwice =
                part(boundary, "name=\"x\"; name=\"log\"", "alice")
                        + part(boundary, "name=\"pwd\"", "pw")
                        + "--"
                        + boundary
                        + "--\r\n";
        assertThat(extract(wordpress, DuplicatePolicy.LAST, type, bytes(namedTwice)))
                .isEqualTo(
                        new ExtractionResult.Malformed(
                                "multipart part names its field ambiguously"));
        assertThat(
                        extract(
                                wordpress,
                                DuplicatePolicy.LAST,
                                type + "; boundary=other",
                                bytes(twice)))
                .isInstanceOf(ExtractionResult.Malformed.class);
    }

    @Test
    void aRepeatedJsonMemberOnTheWayToACredentialIsAmbiguousOthersDoNotMatter() {
        String repeatedLeaf =
                "{\"user\":{\"email\":\"alice@x.org\",\"email\":\"mallory@x.org\","
                        + "\"password\":\"pw\"}}";
        assertThat(extract(JSON, DuplicatePolicy.REFUSE, "application/json", bytes(repeatedLeaf)))
                .isEqualTo(
                        new ExtractionResult.Ambiguous(
                                "JSON member /user/email appears more than once"));
        assertThat(extract(JSON, DuplicatePolicy.LAST, "application/json", bytes(repeatedLeaf)))
                .isEqualTo(new ExtractionResult.Found(new Credentials("mallory@x.org", "pw")));
        assertThat(extract(JSON, DuplicatePolicy.FIRST, "application/json", bytes(repeatedLeaf)))
                .isEqualTo(new ExtractionResult.Found(new Credentials("alice@x.org", "pw")));
        String repeatedParent =
                "{\"user\":{\"email\":\"alice@x.org\",\"password\":\"pw\"},"
                        + "\"user\":{\"email\":\"mallory@x.org\",\"password\":\"pw2\"}}";
        assertThat(extract(JSON, DuplicatePolicy.REFUSE, "application/json", bytes(repeatedParent)))
                .isEqualTo(
                        new ExtractionResult.Ambiguous("JSON member /user appears more than once"));
        String repeatedElsewhere =
                "{\"meta\":1,\"meta\":2,\"user\":{\"email\":\"a@x.org\",\"password\":\"pw\"}}";
        assertThat(
                        extract(
                                JSON,
                                DuplicatePolicy.REFUSE,
                                "application/json",
                                bytes(repeatedElsewhere)))
                .isEqualTo(new ExtractionResult.Found(new Credentials("a@x.org", "pw")));
    }

    @Test
    void twoContentTypeOrAuthorizationHeadersAreAmbiguous() {
        HttpFields twoTypes =
                HttpFields.of(
                        List.of(
                                Map.entry("Content-Type", "application/x-www-form-urlencoded"),
                                Map.entry("Content-Type", "application/json")));
        assertThat(
                        CredentialExtractor.extract(
                                FORM,
                                DuplicatePolicy.LAST,
                                twoTypes,
                                bytes("username=a&password=b")))
                .isInstanceOf(ExtractionResult.Ambiguous.class);
        String basic =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString("ada:pw".getBytes(StandardCharsets.UTF_8));
        HttpFields twoAuthorizations =
                HttpFields.of(
                        List.of(
                                Map.entry("Authorization", basic),
                                Map.entry("Authorization", basic)));
        assertThat(
                        CredentialExtractor.extract(
                                new BasicAuth(),
                                DuplicatePolicy.LAST,
                                twoAuthorizations,
                                new byte[0]))
                .isInstanceOf(ExtractionResult.Ambiguous.class);
    }

    private static final String FORM_TYPE = "application/x-www-form-urlencoded";

    private static String part(String boundary, String disposition, String value) {
        return "--"
                + boundary
                + "\r\nContent-Disposition: form-data; "
                + disposition
                + "\r\n\r\n"
                + value
                + "\r\n";
    }

    private static ExtractionResult extract(
            CredentialSource source, DuplicatePolicy policy, String contentType, byte[] body) {
        return CredentialExtractor.extract(
                source,
                policy,
                HttpFields.of(List.of(Map.entry("Content-Type", contentType))),
                body);
    }

    /** A request with these headers (null for none), read with the default policy. */
    private static ExtractionResult extract(
            CredentialSource source, String contentType, byte[] body, String authorization) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (contentType != null) {
            headers.add(Map.entry("Content-Type", contentType));
        }
        if (authorization != null) {
            headers.add(Map.entry("Authorization", authorization));
        }
        return CredentialExtractor.extract(
                source, DuplicatePolicy.REFUSE, HttpFields.of(headers), body);
    }
}
