package dev.trickle.server.emulator;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link ClerkEmulator} on an ephemeral loopback port for a test class and resets it before
 * each test:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ClerkEmulatorExtension clerk = new ClerkEmulatorExtension(ClerkEmulator.builder());
 * </pre>
 */
public final class ClerkEmulatorExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    public static final String SECRET_KEY = "sk_test_fakeForTests";

    private final ClerkEmulator.Builder builder;
    private ClerkEmulator emulator;

    public ClerkEmulatorExtension(ClerkEmulator.Builder builder) {
        this.builder = builder;
    }

    public ClerkEmulatorExtension() {
        this(ClerkEmulator.builder());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        emulator = builder.start(new InetSocketAddress("127.0.0.1", 0));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        emulator.close();
        // The extension lives in a static field for the whole test JVM: dropping the emulator lets
        // its users, request log and parsed OpenAPI spec be collected once its class is done.
        emulator = null;
    }

    public URI baseUri() {
        return emulator.baseUri();
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public Faults faults() {
        return emulator.faults();
    }

    public List<RecordedCall> requests() {
        return emulator.requests();
    }

    /** The last request answered; fails if there is none. */
    public RecordedCall takeRequest() {
        List<RecordedCall> calls = emulator.requests();
        if (calls.isEmpty()) {
            throw new AssertionError("the emulator answered no request");
        }
        return calls.get(calls.size() - 1);
    }

    public ClerkEmulator emulator() {
        return emulator;
    }
}
