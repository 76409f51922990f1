package io.shmproc.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints of the members, derived from each member's client endpoint {@code host:port}:
 * <pre>
 *  port      client ingress (the address clients are given)
 *  port + 1  consensus (members to members)
 *  port + 2  replicated log
 *  port + 3  catch-up of a lagging follower
 *  port + 4  archive control (log replication between members)
 * </pre>
 * so each member needs {@link #PORTS_PER_MEMBER} consecutive free ports. Replication and archive responses use
 * ephemeral ports.
 */
final class MemberEndpoints {
    static final int INGRESS_OFFSET = 0;
    static final int CONSENSUS_OFFSET = 1;
    static final int LOG_OFFSET = 2;
    static final int CATCHUP_OFFSET = 3;
    static final int ARCHIVE_OFFSET = 4;
    /** Consecutive ports each member uses from its client port. */
    static final int PORTS_PER_MEMBER = 5;

    private final List<String> hosts;
    private final List<Integer> ports;

    private MemberEndpoints(final List<String> hosts, final List<Integer> ports) {
        this.hosts = hosts;
        this.ports = ports;
    }

    /**
     * Parses {@code host:port,host:port,...}, member 0 first.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code host:port}
     */
    static MemberEndpoints parse(final String members) {
        if (members == null || members.isBlank()) {
            throw new IllegalArgumentException("no members given; expected host:port,host:port,... (member 0 first)");
        }
        final List<String> hosts = new ArrayList<>();
        final List<Integer> ports = new ArrayList<>();
        for (final String entry : members.split(",")) {
            final String trimmed = entry.trim();
            final int colon = trimmed.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(trimmed.substring(colon + 1));
                } catch (final NumberFormatException ex) {
                    port = -1;
                }
            }
            if (port < 1 || port > 65535 - PORTS_PER_MEMBER) {
                throw new IllegalArgumentException("member endpoint '" + trimmed + "' is not host:port with a port "
                    + "from 1 to " + (65535 - PORTS_PER_MEMBER) + " (each member uses " + PORTS_PER_MEMBER
                    + " ports from it)");
            }
            hosts.add(trimmed.substring(0, colon));
            ports.add(port);
        }
        return new MemberEndpoints(hosts, ports);
    }

    int count() {
        return hosts.size();
    }

    String host(final int member) {
        return hosts.get(member);
    }

    String endpoint(final int member, final int offset) {
        return hosts.get(member) + ":" + (ports.get(member) + offset);
    }

    /** Aeron's cluster-members string; {@code bindHost} replaces the host of member {@code self} when given. */
    String clusterMembers(final int self, final String bindHost) {
        final StringBuilder members = new StringBuilder();
        for (int i = 0; i < count(); i++) {
            final String host = i == self && bindHost != null ? bindHost : hosts.get(i);
            final int port = ports.get(i);
            if (i > 0) {
                members.append('|');
            }
            members.append(i).append(',').append(host).append(':').append(port + INGRESS_OFFSET)
                .append(',').append(host).append(':').append(port + CONSENSUS_OFFSET)
                .append(',').append(host).append(':').append(port + LOG_OFFSET)
                .append(',').append(host).append(':').append(port + CATCHUP_OFFSET)
                .append(',').append(host).append(':').append(port + ARCHIVE_OFFSET);
        }
        return members.toString();
    }

    /** The client's ingress endpoints: {@code 0=host:port,1=host:port,...}. */
    String ingressEndpoints() {
        final StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < count(); i++) {
            if (i > 0) {
                endpoints.append(',');
            }
            endpoints.append(i).append('=').append(endpoint(i, INGRESS_OFFSET));
        }
        return endpoints.toString();
    }
}
