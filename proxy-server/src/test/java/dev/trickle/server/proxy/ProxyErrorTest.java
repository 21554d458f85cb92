package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.ConnectException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The error the client is answered with for each failure cause the exchange meets. */
final class ProxyErrorTest {
    static Stream<Arguments> causes() {
        return Stream.of(
                Arguments.of(
                        RejectedRequest.result(ProxyError.MISSING_HOST).cause(),
                        ProxyError.MISSING_HOST),
                Arguments.of(new TooLongHttpHeaderException("big"), ProxyError.HEADERS_TOO_LARGE),
                Arguments.of(new TooLongHttpLineException("long"), ProxyError.URI_TOO_LONG),
                Arguments.of(
                        new ContentLengthNotAllowedException("both"), ProxyError.AMBIGUOUS_FRAMING),
                // A connect timeout is a ConnectException too: the more specific answer wins.
                Arguments.of(
                        new ConnectTimeoutException("slow"), ProxyError.UPSTREAM_CONNECT_TIMEOUT),
                Arguments.of(new ConnectException("refused"), ProxyError.UPSTREAM_REFUSED),
                Arguments.of(new IllegalArgumentException("bad"), ProxyError.BAD_REQUEST));
    }

    @ParameterizedTest
    @MethodSource("causes")
    void eachCauseIsAnsweredWithItsError(Throwable cause, ProxyError expected) {
        assertThat(ProxyError.forCause(cause)).isEqualTo(expected);
    }
}
