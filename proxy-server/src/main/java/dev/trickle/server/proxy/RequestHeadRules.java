package dev.trickle.server.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Iterator;

/**
 * What a decoded request head must look like before the proxy forwards it. The decoder already
 * refuses what RFC 9112 forbids outright (Content-Length with Transfer-Encoding, a final coding
 * other than chunked, duplicate lengths); these are the rest of nginx's checks, so that Trickle and
 * the upstream can never read one request two ways:
 *
 * <ul>
 *   <li>HTTP/2 and other majors: 505; HTTP/1.2 and later minors are handled as HTTP/1.1 (RFC 9110
 *       section 2.5, as nginx does).
 *   <li>CONNECT and TRACE: 405; a method that is not upper-case letters, {@code -} and {@code _}:
 *       400.
 *   <li>A request target that is neither a path nor an {@code http(s)://} URL ({@code OPTIONS *},
 *       authority form): 400. An absolute URL is rewritten to its path, and its authority becomes
 *       the Host (RFC 9112 section 3.2.2), so login routes match what the upstream will route.
 *   <li>HTTP/1.1 without Host, two Hosts, or a Host that is not a host name or address with an
 *       optional port: 400.
 *   <li>A Transfer-Encoding other than exactly {@code chunked} ({@code gzip, chunked}): 501, since
 *       forwarding it re-framed would silently drop the {@code gzip}.
 *   <li>Connection naming Content-Length, Transfer-Encoding or Host: 400. Those are end to end;
 *       removing them as hop-by-hop would let the body reach the upstream as a second request.
 * </ul>
 *
 * Every check is a few character comparisons: no regular expression, no copy of the head.
 */
final class RequestHeadRules {
    private static final AsciiString HTTP_SCHEME = AsciiString.cached("http://");
    private static final AsciiString HTTPS_SCHEME = AsciiString.cached("https://");
    private static final AsciiString[] END_TO_END = {
        HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.HOST
    };
    private static final int MAX_PORT_DIGITS = 5;

    private RequestHeadRules() {}

    /**
     * Checks {@code request}, normalising its version and an absolute-form target in place.
     *
     * @return why it is refused, or null to forward it
     */
    static ProxyError check(HttpRequest request) {
        ProxyError error = version(request);
        if (error == null) {
            error = method(request.method());
        }
        if (error == null) {
            error = target(request);
        }
        if (error == null) {
            error = host(request);
        }
        if (error == null) {
            error = framing(request.headers());
        }
        return error;
    }

    private static ProxyError version(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0) {
            return null;
        }
        if (version.majorVersion() != 1) {
            return ProxyError.UNSUPPORTED_VERSION;
        }
        if (version.minorVersion() > 1) {
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        return null;
    }

    private static ProxyError method(HttpMethod method) {
        if (method == HttpMethod.GET
                || method == HttpMethod.POST
                || method == HttpMethod.HEAD
                || method == HttpMethod.PUT
                || method == HttpMethod.DELETE
                || method == HttpMethod.PATCH
                || method == HttpMethod.OPTIONS) {
            return null;
        }
        if (method == HttpMethod.CONNECT || method == HttpMethod.TRACE) {
            return ProxyError.METHOD_NOT_ALLOWED;
        }
        String name = method.name();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c < 'A' || c > 'Z') && c != '-' && c != '_') {
                return ProxyError.INVALID_METHOD;
            }
        }
        return null;
    }

    private static ProxyError target(HttpRequest request) {
        String uri = request.uri();
        if (!uri.isEmpty() && uri.charAt(0) == '/') {
            return null;
        }
        int schemeLength;
        if (startsWithIgnoreCase(uri, HTTP_SCHEME)) {
            schemeLength = HTTP_SCHEME.length();
        } else if (startsWithIgnoreCase(uri, HTTPS_SCHEME)) {
            schemeLength = HTTPS_SCHEME.length();
        } else {
            return ProxyError.INVALID_REQUEST_TARGET;
        }
        int end = schemeLength;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(schemeLength, end);
        if (!isValidHost(authority)) {
            return ProxyError.INVALID_HOST;
        }
        String rest = uri.substring(end);
        request.setUri(rest.startsWith("/") ? rest : "/" + rest);
        request.headers().set(HttpHeaderNames.HOST, authority);
        return null;
    }

    private static ProxyError host(HttpRequest request) {
        Iterator<? extends CharSequence> hosts =
                request.headers().valueCharSequenceIterator(HttpHeaderNames.HOST);
        if (!hosts.hasNext()) {
            return request.protocolVersion() == HttpVersion.HTTP_1_0
                    ? null
                    : ProxyError.MISSING_HOST;
        }
        CharSequence host = hosts.next();
        return hosts.hasNext() || !isValidHost(host) ? ProxyError.INVALID_HOST : null;
    }

    private static ProxyError framing(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            Iterator<? extends CharSequence> codings =
                    headers.valueCharSequenceIterator(HttpHeaderNames.TRANSFER_ENCODING);
            CharSequence coding = codings.next();
            if (codings.hasNext() || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(coding)) {
                return ProxyError.UNSUPPORTED_TRANSFER_CODING;
            }
        }
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            Iterator<? extends CharSequence> values =
                    headers.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
            while (values.hasNext()) {
                if (namesEndToEndHeader(values.next())) {
                    return ProxyError.CONNECTION_NOMINATES_FRAMING;
                }
            }
        }
        return null;
    }

    /** Whether a Connection value lists Content-Length, Transfer-Encoding or Host. */
    private static boolean namesEndToEndHeader(CharSequence value) {
        int length = value.length();
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && value.charAt(end) != ',') {
                end++;
            }
            int from = start;
            int to = end;
            while (from < to && isSpace(value.charAt(from))) {
                from++;
            }
            while (to > from && isSpace(value.charAt(to - 1))) {
                to--;
            }
            for (AsciiString name : END_TO_END) {
                if (to - from == name.length()
                        && AsciiString.regionMatches(value, true, from, name, 0, name.length())) {
                    return true;
                }
            }
            start = end + 1;
        }
        return false;
    }

    /**
     * A Host value (RFC 9110 section 7.2): a registered name or IPv4 address, or an IPv6 literal in
     * brackets, then an optional port. Anything that could make two parsers disagree on where the
     * host ends (spaces, controls, slashes, {@code @}, {@code ..}) fails.
     */
    static boolean isValidHost(CharSequence host) {
        int length = host.length();
        if (length == 0) {
            return false;
        }
        int i;
        if (host.charAt(0) == '[') {
            i = 1;
            while (i < length && host.charAt(i) != ']') {
                if (!isIpv6LiteralChar(host.charAt(i))) {
                    return false;
                }
                i++;
            }
            if (i == length || i == 1) {
                return false;
            }
            i++;
        } else {
            i = 0;
            while (i < length && host.charAt(i) != ':') {
                char c = host.charAt(i);
                if (!isRegNameChar(c) || (c == '.' && (i == 0 || host.charAt(i - 1) == '.'))) {
                    return false;
                }
                i++;
            }
            if (i == 0) {
                return false;
            }
        }
        if (i == length) {
            return true;
        }
        if (host.charAt(i) != ':' || length - i - 1 > MAX_PORT_DIGITS) {
            return false;
        }
        for (i++; i < length; i++) {
            if (host.charAt(i) < '0' || host.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 reg-name: unreserved, percent-encoded and sub-delims characters. */
    private static boolean isRegNameChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~%!$&'()*+,;=".indexOf(c) >= 0;
    }

    private static boolean isIpv6LiteralChar(char c) {
        return (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F')
                || c == ':'
                || c == '.';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean startsWithIgnoreCase(String value, AsciiString prefix) {
        return value.length() >= prefix.length()
                && AsciiString.regionMatches(value, true, 0, prefix, 0, prefix.length());
    }
}
