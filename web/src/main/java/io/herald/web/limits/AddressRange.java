package io.herald.web.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * One IP address or CIDR range ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code fd00::/8}), matched
 * against IP literals only: nothing here ever resolves a host name.
 */
record AddressRange(byte[] network, int prefixBits) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** @throws IllegalArgumentException if {@code text} is not an IP address or CIDR range */
    static AddressRange parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        byte[] address = literal(slash < 0 ? value : value.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("herald.limit.trusted-proxies: not an IP address or CIDR range: " + text);
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("herald.limit.trusted-proxies: bad prefix length in " + text);
            }
        }
        return new AddressRange(address, bits);
    }

    /** The bytes of an IPv4 or IPv6 literal (brackets allowed), or null if it is not one. */
    static byte[] literal(String text) {
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (IPV4.matcher(value).matches()) {
            byte[] bytes = new byte[4];
            String[] parts = value.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (value.indexOf(':') < 0 || value.length() > 45) {
            return null;
        }
        try {
            // bracketed, InetAddress only parses an IPv6 literal and never looks a name up
            return InetAddress.getByName("[" + value + "]").getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }
}
