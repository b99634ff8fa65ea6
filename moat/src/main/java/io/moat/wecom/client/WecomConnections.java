package io.moat.wecom.client;

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
import java.util.concurrent.atomic.AtomicInteger;
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
    /**
     * Idle connections kept per host; more are closed when their exchange ends. Servers limit idle keep-alive
     * connections too (the JDK's HttpServer, which wecom-sim runs on, keeps 200 and silently closes the rest), and a
     * connection the server closed while it sat in our pool fails the next call written into it; for a call that
     * must not be repeated ({@code add_msg_template}) that is a lost call. The calls in flight at WeCom's rate cap
     * need a few dozen connections.
     */
    static final int MAX_IDLE_PER_HOST = 100;

    private static final Map<String, Pool> IDLE = new ConcurrentHashMap<>();

    /** A host's idle connections, most recently used first, and how many there are. */
    private record Pool(Deque<Connection> connections, AtomicInteger size) {

        Pool() {
            this(new ConcurrentLinkedDeque<>(), new AtomicInteger());
        }

        Connection poll() {
            Connection connection = connections.poll();
            if (connection != null) {
                size.decrementAndGet();
            }
            return connection;
        }

        /** Keeps the connection, or answers false when the pool is full. */
        boolean offer(Connection connection) {
            if (size.incrementAndGet() > MAX_IDLE_PER_HOST) {
                size.decrementAndGet();
                return false;
            }
            connections.push(connection);
            return true;
        }
    }

    /** How many parsed URLs are kept; a URL holds the access token, which changes every two hours. */
    private static final int KNOWN_URLS = 256;

    private static final Map<String, Target> TARGETS = new ConcurrentHashMap<>();

    record Response(int status, byte[] body) {}

    /**
     * An HTTP proxy reached with {@code CONNECT} (a tunnel, inside which TLS runs end to end with WeCom), as many
     * corporate networks require for outbound calls; {@code username} null when it needs no Basic authentication.
     */
    record Proxy(String host, int port, String username, String password) {

        /** The proxy WxJava's configuration names, or null for none (the same setting serves both paths). */
        static Proxy of(me.chanjar.weixin.cp.config.WxCpConfigStorage config) {
            String host = config.getHttpProxyHost();
            if (host == null || host.isBlank()) {
                return null;
            }
            String user = config.getHttpProxyUsername();
            return new Proxy(
                    host,
                    config.getHttpProxyPort() > 0 ? config.getHttpProxyPort() : 80,
                    user == null || user.isBlank() ? null : user,
                    config.getHttpProxyPassword());
        }

        @Override
        public String toString() {
            return host + ":" + port; // never the password
        }
    }

    /** A TLS client other than the JVM's default (tests trust a certificate they made). */
    private static volatile SSLSocketFactory tls;

    static void useTls(SSLSocketFactory factory) {
        tls = factory;
    }

    /** A parsed URL: where to connect and the request's first lines, up to the length of its body. */
    private record Target(String key, String host, int port, boolean tls, byte[] head) {

        static Target of(String url) {
            URI uri = URI.create(url);
            boolean tls = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
            String host = uri.getHost();
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + (uri.getPort() > 0 ? ":" + port : "")
                            + "\r\nContent-Type: application/json; charset=utf-8\r\nAccept: application/json\r\n"
                            + "Content-Length: ")
                    .getBytes(StandardCharsets.ISO_8859_1);
            return new Target((tls ? "https://" : "http://") + host + ":" + port, host, port, tls, head);
        }
    }

    private WecomConnections() {}

    /** POSTs a JSON body to an absolute http(s) URL and answers the status and body. */
    static Response post(String url, byte[] body) throws IOException {
        return post(url, body, null);
    }

    /** POSTs a JSON body to an absolute http(s) URL, through {@code proxy} unless it is null. */
    static Response post(String url, byte[] body, Proxy proxy) throws IOException {
        Target target = TARGETS.get(url);
        if (target == null) {
            if (TARGETS.size() >= KNOWN_URLS) {
                TARGETS.clear(); // old tokens' URLs; the live ones come back at their next call
            }
            target = Target.of(url);
            TARGETS.put(url, target);
        }
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[target.head().length + length.length + body.length];
        System.arraycopy(target.head(), 0, request, 0, target.head().length);
        System.arraycopy(length, 0, request, target.head().length, length.length);
        System.arraycopy(body, 0, request, target.head().length + length.length, body.length);
        String key = proxy == null ? target.key() : target.key() + " via " + proxy;

        Connection connection = idle(key);
        if (connection == null) {
            connection = Connection.open(target.host(), target.port(), target.tls(), proxy);
        }
        try {
            connection.out.write(request);
            connection.out.flush();
            Response response = connection.read();
            connection.idleSince = System.nanoTime(); // a duration, not a moment: no Clock
            if (!connection.reusable
                    || !IDLE.computeIfAbsent(key, k -> new Pool()).offer(connection)) {
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
        Pool pool = IDLE.get(key);
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
        /** Bytes read from the socket and not yet consumed: {@code buffer[position, limit)}. */
        private final byte[] buffer = new byte[8192];

        private int position;
        private int limit;
        private boolean reusable;
        private long idleSince;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Connection open(String host, int port, boolean tls, Proxy proxy) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                if (proxy == null) {
                    socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                } else {
                    socket.connect(new InetSocketAddress(proxy.host(), proxy.port()), CONNECT_TIMEOUT_MILLIS);
                    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                    tunnel(socket, host, port, proxy);
                }
                if (tls) {
                    SSLSocketFactory factory = WecomConnections.tls != null
                            ? WecomConnections.tls
                            : (SSLSocketFactory) SSLSocketFactory.getDefault();
                    var secure = (javax.net.ssl.SSLSocket) factory.createSocket(socket, host, port, true);
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

        /**
         * Asks the proxy for a tunnel to {@code host:port} and reads its answer up to the blank line, byte by byte so
         * that nothing of what comes through the tunnel is read here. Anything but a 2xx is a failure naming the
         * proxy's status line (a 407 means its credentials were refused).
         */
        private static void tunnel(Socket socket, String host, int port, Proxy proxy) throws IOException {
            String authority = host + ":" + port;
            StringBuilder request =
                    new StringBuilder("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n");
            if (proxy.username() != null) {
                String credentials = proxy.username() + ":" + (proxy.password() == null ? "" : proxy.password());
                request.append("Proxy-Authorization: Basic ")
                        .append(java.util.Base64.getEncoder()
                                .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                        .append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = null;
            var line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("proxy " + proxy + " closed the connection before answering CONNECT");
                }
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                int end = line.length();
                String text = end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                line.setLength(0);
                if (status == null) {
                    status = text;
                } else if (text.isEmpty()) {
                    break;
                }
            }
            if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(9) != '2') {
                throw new IOException("proxy " + proxy + " refused the tunnel to " + authority + ": " + status);
            }
        }

        /** True when the server has closed its end (a read finds the end of the stream at once). */
        boolean closedByServer() {
            if (position < limit) {
                return false; // unexpected bytes before a request: kept for the reader, which will refuse them
            }
            try {
                socket.setSoTimeout(1);
                return fill() < 0;
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

        /** Reads what the socket has into the empty buffer; answers the count, or -1 at the end of the stream. */
        private int fill() throws IOException {
            position = 0;
            limit = 0;
            int n = in.read(buffer, 0, buffer.length);
            if (n > 0) {
                limit = n;
            }
            return n;
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
                body = bytes((int) length);
            } else {
                // no length: the body runs to the end of the connection
                var rest = new ByteArrayOutputStream();
                rest.write(buffer, position, limit - position);
                position = limit;
                rest.write(in.readAllBytes());
                body = rest.toByteArray();
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
                body.write(bytes(n));
                line(); // the CRLF after the chunk
            }
        }

        /** Exactly {@code n} bytes of the answer, or an {@link EOFException}. */
        private byte[] bytes(int n) throws IOException {
            byte[] bytes = new byte[n];
            int copied = Math.min(n, limit - position);
            System.arraycopy(buffer, position, bytes, 0, copied);
            position += copied;
            while (copied < n) {
                int read = in.read(bytes, copied, n - copied);
                if (read < 0) {
                    throw new EOFException("answer ended after " + copied + " of " + n + " bytes");
                }
                copied += read;
            }
            return bytes;
        }

        /** One header line without its CRLF. */
        private String line() throws IOException {
            StringBuilder longLine = null;
            while (true) {
                if (position == limit && fill() < 0) {
                    throw new EOFException("connection closed before the answer was complete");
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                if (position == limit) { // no end of line in what was read yet
                    longLine = longLine == null ? new StringBuilder(128) : longLine;
                    longLine.append(new String(buffer, start, limit - start, StandardCharsets.ISO_8859_1));
                    continue;
                }
                String part = new String(buffer, start, position - start, StandardCharsets.ISO_8859_1);
                position++; // the LF
                String line = longLine == null ? part : longLine.append(part).toString();
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
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
