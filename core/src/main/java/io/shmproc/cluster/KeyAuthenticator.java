package io.shmproc.cluster;

import io.aeron.security.Authenticator;
import io.aeron.security.SessionProxy;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * Admits a client session only when its connect credentials are the members' shared key (compared in constant
 * time); any other key is rejected, and the client sees {@link io.shmproc.exceptions.AuthenticationException}.
 * Challenges are not used.
 */
final class KeyAuthenticator implements Authenticator {
    private final byte[] key;
    private final Map<Long, Boolean> verdicts = new HashMap<>();

    KeyAuthenticator(final byte[] key) {
        this.key = key.clone();
    }

    @Override
    public void onConnectRequest(final long sessionId, final byte[] encodedCredentials, final long nowMs) {
        verdicts.put(sessionId, encodedCredentials != null && MessageDigest.isEqual(key, encodedCredentials));
    }

    @Override
    public void onChallengeResponse(final long sessionId, final byte[] encodedCredentials, final long nowMs) {
        verdicts.put(sessionId, Boolean.FALSE);
    }

    @Override
    public void onConnectedSession(final SessionProxy sessionProxy, final long nowMs) {
        decide(sessionProxy);
    }

    @Override
    public void onChallengedSession(final SessionProxy sessionProxy, final long nowMs) {
        decide(sessionProxy);
    }

    private void decide(final SessionProxy sessionProxy) {
        final Boolean verdict = verdicts.get(sessionProxy.sessionId());
        if (Boolean.TRUE.equals(verdict)) {
            if (sessionProxy.authenticate(null)) {
                verdicts.remove(sessionProxy.sessionId());
            }
        } else {
            sessionProxy.reject();
            verdicts.remove(sessionProxy.sessionId());
        }
    }
}
