package io.moat.wecom.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLSocketFactory;

/**
 * Kept-alive HTTP/1.1 connections to WeCom hosts, one blocking exchange at a time on the calling (virtual) thread: the
 * request line, four headers and the body go out in one write; the answer is read by its {@code Content-Length} or
 * its chunks. That is all WeCom's JSON API needs, and it does no more work per call than reading and writing the
 * bytes.
 *
 * <p>A connection idle for more than a second is checked before reuse (a one-millisecond read: end of stream means
 * the server closed it) and one idle for longer than {@link #MAX_IDLE_MILLIS} is dropped, so a request is not written
 * into a connection the server has already closed. Nothing is ever resent here: a failure after the request was
 * written is thrown, and the caller decides whether the call may be repeated ({@link WecomCalls}).
 */
final class WecomConnections {

    /** Below the idle timeouts of common servers (JDK's HttpServer 30 s, nginx's default keepalive 75 s). */
    static final long MAX_IDLE_MILLIS = 20_000;

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final Map<String, Deque<Connection>> IDLE = new ConcurrentHashMap<>();

    record Response(int status, byte[] body) {}

    private WecomConnections() {}

    /** POSTs a JSON body to an absolute http(s) URL and answers the status and body. */
    static Response post(String url, byte[] body) throws IOException {
        URI uri = URI.create(url);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost();
        String key = (tls ? "https://" : "http://") + host + ":" + port;
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] head = ("POST " + target + " HTTP/1.1\r\nHost: " + host + (uri.getPort() > 0 ? ":" + port : "")
                        + "\r\nContent-Type: application/json; charset=utf-8\r\nAccept: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);

        Connection connection = idle(key);
        if (connection == null) {
            connection = Connection.open(host, port, tls);
        }
        try {
            connection.out.write(request);
            connection.out.flush();
            Response response = connection.read();
            if (connection.reusable) {
                connection.idleSince = System.nanoTime(); // a duration, not a moment: no Clock
                IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).push(connection);
            } else {
                connection.close();
            }
            return response;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The most recently used open connection to {@code key}, or null. */
    private static Connection idle(String key) {
        Deque<Connection> pool = IDLE.get(key);
        if (pool == null) {
            return null;
        }
        for (Connection connection = pool.poll(); connection != null; connection = pool.poll()) {
            long idleFor = (System.nanoTime() - connection.idleSince) / 1_000_000;
            if (idleFor > MAX_IDLE_MILLIS || (idleFor > 1_000 && connection.closedByServer())) {
                connection.close();
                continue;
            }
            return connection;
        }
        return null;
    }

    /** One open connection; used by one exchange at a time (it is out of the pool while in use). */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean reusable;
        private long idleSince;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = socket.getOutputStream();
        }

        static Connection open(String host, int port, boolean tls) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                if (tls) {
                    var secure = (javax.net.ssl.SSLSocket)
                            ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
                    var parameters = secure.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate names the host
                    secure.setSSLParameters(parameters);
                    secure.startHandshake();
                    return new Connection(secure);
                }
                return new Connection(socket);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        /** True when the server has closed its end (a read finds the end of the stream at once). */
        boolean closedByServer() {
            try {
                socket.setSoTimeout(1);
                in.mark(1);
                int b = in.read();
                if (b < 0) {
                    return true;
                }
                in.reset(); // unexpected bytes before a request: keep them for the reader, which will refuse them
                return false;
            } catch (SocketTimeoutException quiet) {
                return false;
            } catch (IOException e) {
                return true;
            } finally {
                try {
                    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                } catch (IOException ignored) {
                    // the socket is broken; the next read or write says so
                }
            }
        }

        Response read() throws IOException {
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = statusLine.startsWith("HTTP/1.0");
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" ->
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> {
                        String v = value.toLowerCase(Locale.ROOT);
                        close = v.contains("close") || (close && !v.contains("keep-alive"));
                    }
                    default -> {}
                }
            }
            byte[] body;
            if (chunked) {
                body = chunks();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
                if (body.length < length) {
                    throw new EOFException("answer ended after " + body.length + " of " + length + " bytes");
                }
            } else {
                body = in.readAllBytes(); // no length: the body runs to the end of the connection
                close = true;
            }
            reusable = !close;
            return new Response(status, body);
        }

        private byte[] chunks() throws IOException {
            var body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers: none that matter
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(n);
                if (chunk.length < n) {
                    throw new EOFException("chunk ended early");
                }
                body.write(chunk);
                line(); // the CRLF after the chunk
            }
        }

        /** One header line without its CRLF. */
        private String line() throws IOException {
            var line = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed before the answer was complete");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) b);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that was asked
            }
        }
    }
}
