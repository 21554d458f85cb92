package dev.trickle.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import dev.trickle.core.credentials.CredentialSource.BasicAuth;
import dev.trickle.core.credentials.CredentialSource.FormFields;
import dev.trickle.core.credentials.CredentialSource.JsonPointers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

final class CredentialExtractorTest {
    private static final FormFields FORM = new FormFields("username", "password");
    private static final JsonPointers JSON =
            new JsonPointers(
                    JsonPointer.compile("/user/email"), JsonPointer.compile("/user/password"));

    @Test
    void formFieldsAreDecodedAsUtf8WithPlusAsSpace() {
        ExtractionResult result =
                CredentialExtractor.extract(
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
                CredentialExtractor.extract(
                        FORM,
                        "application/x-www-form-urlencoded; charset=ISO-8859-1",
                        bytes("username=a&password=%E9t%E9"),
                        null);
        assertThat(((ExtractionResult.Found) result).credentials().password()).isEqualTo("été");
    }

    @Test
    void formWithoutThePasswordFieldIsAbsentNotMalformed() {
        assertThat(
                        CredentialExtractor.extract(
                                FORM,
                                "application/x-www-form-urlencoded",
                                bytes("username=a"),
                                null))
                .isInstanceOf(ExtractionResult.Absent.class);
        assertThat(CredentialExtractor.extract(FORM, "application/json", bytes("{}"), null))
                .isInstanceOf(ExtractionResult.Absent.class);
    }

    @Test
    void brokenPercentEscapeIsMalformed() {
        assertThat(CredentialExtractor.extract(FORM, null, bytes("username=a&password=%zz"), null))
                .isEqualTo(
                        new ExtractionResult.Malformed(
                                "invalid percent-encoding in the form body"));
    }

    @Test
    void jsonPointersReachNestedMembers() {
        ExtractionResult result =
                CredentialExtractor.extract(
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
        assertThat(CredentialExtractor.extract(JSON, "application/json", bytes("{\"user\":"), null))
                .isInstanceOf(ExtractionResult.Malformed.class);
        assertThat(
                        CredentialExtractor.extract(
                                JSON,
                                "application/json",
                                bytes("{\"user\":{\"email\":\"a\",\"password\":12}}"),
                                null))
                .isInstanceOf(ExtractionResult.Absent.class);
    }

    @Test
    void basicAuthSplitsAtTheFirstColon() {
        String header = "Basic " + Base64.getEncoder().encodeToString(bytes("ada:pa:ss"));
        assertThat(CredentialExtractor.extract(new BasicAuth(), null, new byte[0], header))
                .isEqualTo(new ExtractionResult.Found(new Credentials("ada", "pa:ss")));
        assertThat(CredentialExtractor.extract(new BasicAuth(), null, new byte[0], "Basic !!!"))
                .isInstanceOf(ExtractionResult.Malformed.class);
        assertThat(CredentialExtractor.extract(new BasicAuth(), null, new byte[0], "Bearer x"))
                .isInstanceOf(ExtractionResult.Absent.class);
    }

    @Test
    void passwordNeverAppearsInToStringOrReasons() {
        Credentials credentials = new Credentials("ada", "hunter2");
        assertThat(credentials.toString()).doesNotContain("hunter2").contains("<masked>");
        ExtractionResult malformed =
                CredentialExtractor.extract(
                        FORM, null, bytes("username=a&password=hunter2%"), null);
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
                        + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
                        + "second value\r\n--"
                        + boundary
                        + "--\r\n";

        ExtractionResult result =
                CredentialExtractor.extract(
                        FORM, "multipart/form-data; boundary=" + boundary, bytes(body), null);

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
                CredentialExtractor.extract(
                        FORM, "Multipart/Form-Data; boundary=\"a;b\"", body, null);

        assertThat(result).isEqualTo(new ExtractionResult.Found(new Credentials("ada", "été")));
    }

    @Test
    void brokenMultipartBodiesAreMalformedAndSayWhyWithoutTheirValues() {
        String open =
                "--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nada\r\n"
                        + "--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
                        + "s3cret-value";
        assertThat(
                        CredentialExtractor.extract(
                                FORM, "multipart/form-data; boundary=b", bytes(open), null))
                .isEqualTo(
                        new ExtractionResult.Malformed(
                                "multipart body without its closing boundary"));
        assertThat(CredentialExtractor.extract(FORM, "multipart/form-data", bytes(open), null))
                .isEqualTo(
                        new ExtractionResult.Malformed("multipart body without a valid boundary"));
        assertThat(
                        CredentialExtractor.extract(
                                FORM, "multipart/form-data; boundary=zz", bytes(open), null))
                .isEqualTo(new ExtractionResult.Malformed("multipart body without its boundary"));
        assertThat(
                        CredentialExtractor.extract(
                                FORM,
                                "multipart/form-data; boundary=b",
                                bytes("--b\r\nContent-Disposition: form-data; name=\"password\""),
                                null))
                .isEqualTo(new ExtractionResult.Malformed("multipart part without a blank line"));
        assertThat(
                        CredentialExtractor.extract(
                                FORM,
                                "multipart/form-data; boundary=b",
                                bytes(open.replace("s3cret-value", "x\r\n--b--")),
                                null))
                .isEqualTo(new ExtractionResult.Found(new Credentials("ada", "x")));
    }

    @Test
    void formRoutesIgnoreBodiesOfOtherMediaTypes() {
        assertThat(
                        CredentialExtractor.extract(
                                FORM,
                                "application/x-www-form-urlencodedish",
                                bytes("username=a&password=b"),
                                null))
                .isInstanceOf(ExtractionResult.Absent.class);
        assertThat(
                        CredentialExtractor.extract(
                                FORM, "text/plain", bytes("username=a&password=b"), null))
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
}
