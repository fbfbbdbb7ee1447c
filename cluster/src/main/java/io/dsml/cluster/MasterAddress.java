package io.dsml.cluster;

import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Checks that a standalone master ({@code spark://host:port[,host2:port2]}) accepts connections
 * before a Spark context is started: otherwise Spark retries registering for a minute and ends
 * with a stack trace. Other masters (local, yarn, k8s://) are left to Spark.
 */
final class MasterAddress {
    private static final int TIMEOUT_MILLIS = 3_000;

    private MasterAddress() {}

    static void checkReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        String lastError = "";
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new DsmlException("--spark " + master + ": expected spark://HOST:PORT");
            }
            String host = hostPort.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new DsmlException(
                        "--spark " + master + ": '" + hostPort.substring(colon + 1) + "' is not a port");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
                return; // one live master of an HA list is enough
            } catch (IOException e) {
                lastError = host + ":" + port + ": " + e.getMessage();
            }
        }
        throw new DsmlException("--spark " + master + ": cannot reach the Spark master (" + lastError + ")");
    }
}
