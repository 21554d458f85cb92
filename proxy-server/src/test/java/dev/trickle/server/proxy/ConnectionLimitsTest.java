package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.config.CidrRange;
import dev.trickle.server.config.ForwardedConfig;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ConnectionLimitsTest {
    private static final ForwardedConfig NO_PROXIES = new ForwardedConfig(List.of());

    @Test
    void oneAddressIsCappedWhileOthersStillGetIn() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(100, 2, NO_PROXIES);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        assertThat(limits.admit(a)).isNull();
        assertThat(limits.admit(a)).isNull();
        assertThat(limits.admit(a)).isEqualTo(ConnectionRefusal.MAX_CONNECTIONS_PER_ADDRESS);
        assertThat(limits.admit(b)).isNull();
        assertThat(limits.open()).as("the refused one is not counted").isEqualTo(3);
        limits.release(a);
        assertThat(limits.admit(a)).isNull();
    }

    @Test
    void theOverallCapHoldsAcrossAddresses() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(2, 10, NO_PROXIES);
        assertThat(limits.admit(InetAddress.getByName("192.0.2.1"))).isNull();
        assertThat(limits.admit(InetAddress.getByName("192.0.2.2"))).isNull();
        assertThat(limits.admit(InetAddress.getByName("192.0.2.3")))
                .isEqualTo(ConnectionRefusal.MAX_CONNECTIONS);
        limits.release(InetAddress.getByName("192.0.2.1"));
        assertThat(limits.admit(InetAddress.getByName("192.0.2.3"))).isNull();
        assertThat(limits.open()).isEqualTo(2);
    }

    @Test
    void anIpv6SlashSixtyFourCountsAsOneSource() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(100, 2, NO_PROXIES);
        assertThat(limits.admit(InetAddress.getByName("2001:db8:1:2::1"))).isNull();
        assertThat(limits.admit(InetAddress.getByName("2001:db8:1:2::ffff:1"))).isNull();
        assertThat(limits.admit(InetAddress.getByName("2001:db8:1:2:aaaa::9")))
                .isEqualTo(ConnectionRefusal.MAX_CONNECTIONS_PER_ADDRESS);
        assertThat(limits.admit(InetAddress.getByName("2001:db8:1:3::1"))).isNull();
    }

    @Test
    void trustedProxiesCountOnlyTowardsTheOverallCap() throws Exception {
        ForwardedConfig balancer =
                new ForwardedConfig(
                        List.of(new CidrRange(InetAddress.getByName("10.0.0.0").getAddress(), 8)));
        ConnectionLimits limits = new ConnectionLimits(3, 1, balancer);
        InetAddress lb = InetAddress.getByName("10.1.2.3");
        assertThat(limits.admit(lb)).isNull();
        assertThat(limits.admit(lb)).isNull();
        assertThat(limits.admit(lb)).isNull();
        assertThat(limits.admit(lb)).isEqualTo(ConnectionRefusal.MAX_CONNECTIONS);
        limits.release(lb);
        assertThat(limits.open()).isEqualTo(2);
    }

    @Test
    void aPeerWithoutAnIpAddressCountsTowardsTheOverallCapOnly() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(2, 1, new ForwardedConfig(List.of()));
        assertThat(limits.admit(null)).isNull();
        assertThat(limits.admit(null)).isNull();
        assertThat(limits.admit(null)).isEqualTo(ConnectionRefusal.MAX_CONNECTIONS);
        limits.release(null);
        assertThat(limits.open()).isEqualTo(1);
    }
}
